"""数据比对: other departments' lists, checked against the registry — the pure rules.

    sources.py   the nine kinds of list (ten sources), their fields and rule parameters
    columns.py   header text compared, the column mapping guessed, a county's parameters checked
    rules.py     what a match means: matched pairs → 疑似问题线索 for one household, with a severity
    leads.py     a lead's states and steps (下发, 核实, 处理, 暂缓发放) and the remedy's effective month

Matching itself (names, pinyin, ID repair, scores) is :mod:`policy.matching` and
apps/crosscheck/services/matcher.py.
"""

from policy.crosscheck.columns import header_guess, header_norm, params_check
from policy.crosscheck.leads import (
    LEAD_TRANSITIONS,
    REMEDY_CHANGES,
    LeadState,
    lead_transition_check,
    remedy_effective_month,
    risk_share,
)
from policy.crosscheck.rules import (
    RULES,
    HouseholdLimits,
    LeadDraft,
    MatchItem,
    Risk,
    RuleDef,
    Severity,
    household_leads,
)
from policy.crosscheck.sources import (
    FIELDS,
    SOURCES,
    FieldDef,
    FieldKind,
    ParamDef,
    SourceDef,
    SourceKind,
)

__all__ = [
    "FIELDS",
    "LEAD_TRANSITIONS",
    "REMEDY_CHANGES",
    "RULES",
    "SOURCES",
    "FieldDef",
    "FieldKind",
    "HouseholdLimits",
    "LeadDraft",
    "LeadState",
    "MatchItem",
    "ParamDef",
    "Risk",
    "RuleDef",
    "Severity",
    "SourceDef",
    "SourceKind",
    "header_guess",
    "header_norm",
    "household_leads",
    "lead_transition_check",
    "params_check",
    "remedy_effective_month",
    "risk_share",
]
