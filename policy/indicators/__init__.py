"""The catalogue of indicators (指标目录): every figure the bureau reports, with its code, name, unit,
period, owning office (科室) and how it is computed — from the records, or entered by hand with its
evidence (docs/indicators.md).

Pure data. :mod:`.catalogue` says what an indicator is; :mod:`.rules` how today's sources compute one;
each office lists its own in a module of its own (:mod:`.social_assistance`), and :data:`CATALOGUE` joins
them. The 民政统计 monthly table, the annual appendix and 目标管理 are layouts over it (which codes, in
which order); ``apps/indicators`` evaluates any of them for an area and a period.

A new office adds its module here (its indicators and, if its records are new, its rule classes), one
line below, and one provider in ``apps/indicators/selectors/providers``.
"""

from policy.indicators import social_assistance
from policy.indicators.catalogue import (
    CODE_PATTERN,
    Catalogue,
    Indicator,
    Method,
    Office,
    Period,
    Rule,
    Source,
    Unit,
)
from policy.indicators.rules import (
    AlertFigure,
    AlertRule,
    EnteredRule,
    FactRule,
    LeadFigure,
    LeadRule,
    StandardRule,
    entered_match,
    fact_value,
)

__all__ = [
    "CATALOGUE",
    "CODE_PATTERN",
    "AlertFigure",
    "AlertRule",
    "Catalogue",
    "EnteredRule",
    "FactRule",
    "Indicator",
    "LeadFigure",
    "LeadRule",
    "Method",
    "Office",
    "Period",
    "Rule",
    "Source",
    "StandardRule",
    "Unit",
    "entered_match",
    "fact_value",
]

CATALOGUE = Catalogue(social_assistance.INDICATORS)
