"""Matching external records to registry persons: names, pinyin, ID repair and an explainable pair score.

Pure Python (pypinyin is the only outside library), deterministic, typed. The batch matcher in
``apps/crosscheck/services/matcher.py`` applies the same rules over Polars columns; a test holds the two
together.

- :mod:`~policy.matching.names`: folding spaces, middle dots, full-width letters and 异体字/繁体字 (the
  table is ``variants.csv``), and the name ladder same / same pinyin / one character apart / different;
- :mod:`~policy.matching.pinyin`: toneless syllables per character, surnames read as surnames;
- :mod:`~policy.matching.repair`: the valid ID numbers one slip away from a mistyped one;
- :mod:`~policy.matching.score`: :func:`score_pair`, the score in 0..1 with its method and Chinese reasons.
"""

from policy.matching.names import (
    FOLD,
    NameLevel,
    NameMatch,
    Variant,
    name_clean,
    name_compare,
    name_key,
    one_edit_apart,
    variants,
)
from policy.matching.pinyin import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    char_pinyin,
    name_initials,
    name_pinyin,
)
from policy.matching.repair import REPAIR_KINDS, IdRepair, birth_in_id, id_is_valid, id_repair_candidates
from policy.matching.score import (
    DEFAULT_THRESHOLD,
    METHODS,
    PairScore,
    PersonKey,
    RecordKey,
    area_points,
    birth_points,
    record_birth_date,
    score_pair,
)

__all__ = [
    "COMPOUND_SURNAMES",
    "DEFAULT_THRESHOLD",
    "FOLD",
    "METHODS",
    "REPAIR_KINDS",
    "SURNAME_READINGS",
    "IdRepair",
    "NameLevel",
    "NameMatch",
    "PairScore",
    "PersonKey",
    "RecordKey",
    "Variant",
    "area_points",
    "birth_in_id",
    "birth_points",
    "char_pinyin",
    "id_is_valid",
    "id_repair_candidates",
    "name_clean",
    "name_compare",
    "name_initials",
    "name_key",
    "name_pinyin",
    "one_edit_apart",
    "record_birth_date",
    "score_pair",
    "variants",
]
