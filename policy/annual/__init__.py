"""The annual work-summary data appendix (年度工作总结数据附录): figures and ready sentences
(:mod:`.appendix`).

Pure Python: apps/annual reads the year's data into an :class:`Appendix`; nothing here touches Django.
"""

from policy.annual.appendix import (
    APPENDIX_STANDARD_CODES,
    APPENDIX_STANDARDS,
    FUNDS,
    HOUSEHOLD_PROGRAMS,
    SUBJECTS,
    Appendix,
    CaseLine,
    LeadLine,
    Sentence,
    StandardLine,
    area_word,
    remedied_rate,
    yuan_text,
)
from policy.annual.sentences import appendix_sentences

__all__ = [
    "APPENDIX_STANDARDS",
    "APPENDIX_STANDARD_CODES",
    "FUNDS",
    "HOUSEHOLD_PROGRAMS",
    "SUBJECTS",
    "Appendix",
    "CaseLine",
    "LeadLine",
    "Sentence",
    "StandardLine",
    "appendix_sentences",
    "area_word",
    "remedied_rate",
    "yuan_text",
]
