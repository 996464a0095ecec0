"""What a match means: the rules that turn matched pairs into 疑似问题线索 (leads), one household at a time.

A match says only that a row of another department's list is probably one of the household's members. The
rule of the list's kind says whether that is a problem and how serious:

    死亡、火化      a covered member died → 死亡未注销仍在保 (high); another member → 家庭人口变化 (medium)
    服刑在押        the same, for a member in detention (DOMAIN §5.1: 服刑在押 is its own status)
    机动车          more vehicles than the local limit (dibao.asset_max_vehicles), exempt types not counted
    市场主体        more registrations than dibao.asset_max_business
    财政供养        any member paid from public funds
    不动产          any non-residential property, or more homes than dibao.asset_max_homes
    养老金、社保    a pension at or above the source's minimum: the income must be checked
    大额医疗        self-paid costs at or above the source's minimum: a need, not a fraud (early warning)
    新办残疾人证    a new certificate: 分类施保 or 两项补贴 may be due; severe grades rank higher

Each rule says what the lead puts at risk: money paid after the event (worked out by the app with
:func:`policy.payroll.recovery_for`), or nothing directly (a need, or an income to re-check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.crosscheck.sources import SourceKind

__all__ = [
    "RULES",
    "HouseholdLimits",
    "LeadDraft",
    "MatchItem",
    "Risk",
    "RuleDef",
    "Severity",
    "household_leads",
    "words_in",
]


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return {"high": "高", "medium": "中", "low": "低"}[self.value]


class Risk(StrEnum):
    PAID_AFTER_EVENT = "paid_after_event"  # what was paid after the event date
    NONE = "none"  # a need to look at, or an income to re-check: no amount follows from the match alone


@dataclass(frozen=True)
class RuleDef:
    code: str
    label: str
    severity: Severity
    risk: Risk
    basis: str = ""


_R = [
    RuleDef(
        "death_covered",
        "死亡未注销仍在保",
        Severity.HIGH,
        Risk.PAID_AFTER_EVENT,
        "保障对象死亡的，自死亡之日起停止保障，多发的予以追回",
    ),
    RuleDef(
        "death_member",
        "家庭成员死亡，需调整家庭人口",
        Severity.MEDIUM,
        Risk.NONE,
        "家庭人口发生变化的应及时调整（民发〔2021〕57号 动态管理）",
    ),
    RuleDef(
        "detention_covered",
        "服刑在押人员仍在保",
        Severity.HIGH,
        Risk.PAID_AFTER_EVENT,
        "服刑在押人员不计入共同生活的家庭成员，不享受保障",
    ),
    RuleDef(
        "detention_member",
        "家庭成员服刑在押，需调整家庭人口",
        Severity.MEDIUM,
        Risk.NONE,
        "家庭人口发生变化的应及时调整",
    ),
    RuleDef(
        "vehicle_over_limit",
        "家庭成员名下机动车超过当地规定",
        Severity.MEDIUM,
        Risk.PAID_AFTER_EVENT,
        "家庭财产状况规定：名下机动车（残疾人代步车等除外）不符合条件（DOMAIN §1.7）",
    ),
    RuleDef(
        "business_over_limit",
        "家庭成员有市场主体登记",
        Severity.MEDIUM,
        Risk.PAID_AFTER_EVENT,
        "家庭财产状况规定：有商事登记（经营主体）不符合条件（DOMAIN §1.7）",
    ),
    RuleDef(
        "public_payroll_member",
        "家庭成员为财政供养人员",
        Severity.HIGH,
        Risk.PAID_AFTER_EVENT,
        "家庭成员为财政供养人员的，一般不予纳入（地方规定）",
    ),
    RuleDef(
        "property_over_limit",
        "不动产超过当地规定",
        Severity.MEDIUM,
        Risk.PAID_AFTER_EVENT,
        "居住用途不动产超过规定套数或有非居住用途不动产的，不符合条件（DOMAIN §1.7）",
    ),
    RuleDef(
        "pension_income",
        "领取养老金或社保待遇，需核实是否计入家庭收入",
        Severity.LOW,
        Risk.NONE,
        "养老金、失业保险金等计入家庭收入（DOMAIN §1.6）",
    ),
    RuleDef(
        "medical_large",
        "大额医疗支出，可能需要医疗救助或临时救助",
        Severity.LOW,
        Risk.NONE,
        "低收入人口动态监测：大额医疗支出预警（DOMAIN §5.3）",
    ),
    RuleDef(
        "disability_new",
        "新办残疾人证，需核实分类施保和残疾人两项补贴",
        Severity.LOW,
        Risk.NONE,
        "重度残疾人分类施保（社会救助暂行办法第十二条）；残疾人两项补贴（国发〔2015〕52号）",
    ),
]
RULES: dict[str, RuleDef] = {r.code: r for r in _R}


@dataclass(frozen=True)
class MatchItem:
    """One matched pair as the rules see it: the member, and what the list says about them."""

    person_id: int
    name: str
    covered: bool  # covered (保障成员) by one of the household's open cases
    record_id: int
    event_on: date | None = None
    amount: Decimal | None = None
    ref: str = ""
    detail: str = ""


@dataclass(frozen=True)
class HouseholdLimits:
    """The local property limits for the household's area (dibao.asset_max_*)."""

    max_vehicles: int = 0
    max_homes: int = 1
    max_business: int = 0


@dataclass(frozen=True)
class LeadDraft:
    """A lead to record for one household: the rule, the pairs it rests on, and why, in Chinese."""

    rule: RuleDef
    severity: Severity
    items: tuple[MatchItem, ...]
    event_on: date | None
    explanation: str


def words_in(text: str, words: str) -> bool:
    """Whether ``text`` contains any of the 、-separated ``words``."""
    return any(w and w in text for w in words.split("、"))


def _earliest(items: Sequence[MatchItem]) -> date | None:
    days = [i.event_on for i in items if i.event_on is not None]
    return min(days) if days else None


def _over_from(items: Sequence[MatchItem], limit: int) -> date | None:
    """The day the household went over ``limit``: the (limit+1)-th earliest event, when all are dated."""
    days = sorted(i.event_on for i in items if i.event_on is not None)
    if len(days) < len(items) or len(days) <= limit:
        return _earliest(items)
    return days[limit]


def _distinct(items: Sequence[MatchItem]) -> list[MatchItem]:
    """One item per registered thing: the same plate or certificate listed twice counts once."""
    seen: set[tuple[int, str]] = set()
    out = []
    for item in items:
        key = (item.person_id, item.ref) if item.ref else (item.person_id, f"#{item.record_id}")
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _draft(
    code: str, items: Sequence[MatchItem], why: str, *, event_on: date | None = None, **kw: Severity
) -> LeadDraft:
    rule = RULES[code]
    return LeadDraft(
        rule=rule,
        severity=kw.get("severity", rule.severity),
        items=tuple(items),
        event_on=event_on if event_on is not None else _earliest(items),
        explanation=why,
    )


def _names(items: Sequence[MatchItem]) -> str:
    return "、".join(dict.fromkeys(i.name for i in items))


def _people(items: Sequence[MatchItem], code_covered: str, code_member: str, what: str) -> list[LeadDraft]:
    covered = [i for i in items if i.covered]
    others = [i for i in items if not i.covered]
    out = []
    if covered:
        out.append(_draft(code_covered, covered, f"保障成员{_names(covered)}{what}，仍在保障范围内"))
    if others:
        out.append(_draft(code_member, others, f"家庭成员{_names(others)}{what}，家庭人口需调整"))
    return out


def household_leads(
    *, kind: SourceKind, items: Sequence[MatchItem], params: Mapping[str, str], limits: HouseholdLimits
) -> list[LeadDraft]:
    """The leads one household's matched pairs from one list give, by the rule of the list's ``kind``.

    ``params`` are the county's values for the source's parameters (:class:`policy.crosscheck.ParamDef`).
    """
    if not items:
        return []
    if kind is SourceKind.DEATH:
        return _people(items, "death_covered", "death_member", "已死亡（或已火化）")
    if kind is SourceKind.DETENTION:
        return _people(items, "detention_covered", "detention_member", "服刑在押")
    if kind is SourceKind.VEHICLE:
        counted = [i for i in _distinct(items) if not words_in(i.detail, params.get("exempt_words", ""))]
        if len(counted) <= limits.max_vehicles:
            return []
        limit = limits.max_vehicles
        why = f"{_names(counted)}名下机动车{len(counted)}辆（不含代步车等），当地规定不超过{limit}辆"
        return [_draft("vehicle_over_limit", counted, why, event_on=_over_from(counted, limits.max_vehicles))]
    if kind is SourceKind.BUSINESS:
        found = _distinct(items)
        if len(found) <= limits.max_business:
            return []
        why = f"{_names(found)}有市场主体登记{len(found)}个，当地规定不超过{limits.max_business}个"
        return [_draft("business_over_limit", found, why, event_on=_over_from(found, limits.max_business))]
    if kind is SourceKind.PUBLIC_PAYROLL:
        return [_draft("public_payroll_member", items, f"{_names(items)}为财政供养人员")]
    if kind is SourceKind.REAL_ESTATE:
        return _property(_distinct(items), params, limits)
    if kind is SourceKind.PENSION:
        floor = Decimal(params.get("min_monthly", "0") or "0")
        paid = [i for i in items if i.amount is not None and i.amount >= floor]
        if not paid:
            return []
        total = sum((i.amount for i in paid if i.amount is not None), Decimal("0"))
        return [_draft("pension_income", paid, f"{_names(paid)}每月领取养老金或社保待遇合计{total}元")]
    if kind is SourceKind.MEDICAL:
        floor = Decimal(params.get("min_amount", "0") or "0")
        large = [i for i in items if i.amount is not None and i.amount >= floor]
        if not large:
            return []
        total = sum((i.amount for i in large if i.amount is not None), Decimal("0"))
        return [_draft("medical_large", large, f"{_names(large)}个人自付医疗费用{total}元（达到{floor}元）")]
    if kind is SourceKind.DISABILITY:
        severe = [i for i in items if words_in(i.detail, params.get("severe_words", ""))]
        level = Severity.MEDIUM if severe else Severity.LOW
        what = "（重度）" if severe else ""
        return [_draft("disability_new", items, f"{_names(items)}新办残疾人证{what}", severity=level)]
    raise ValueError(f"unknown source kind {kind!r}")


def _property(items: list[MatchItem], params: Mapping[str, str], limits: HouseholdLimits) -> list[LeadDraft]:
    words = params.get("non_residential_words", "")
    other = [i for i in items if words_in(i.detail, words)]
    homes = [i for i in items if i not in other]
    reasons = []
    chosen = list(other)
    starts = []
    if other:
        reasons.append(f"非居住用途不动产{len(other)}处")
        starts.append(_earliest(other))
    if len(homes) > limits.max_homes:
        reasons.append(f"居住用途不动产{len(homes)}处，当地规定不超过{limits.max_homes}处")
        chosen += homes
        starts.append(_over_from(homes, limits.max_homes))
    if not reasons:
        return []
    days = [d for d in starts if d is not None]
    why = f"{_names(chosen)}名下" + "；".join(reasons)
    return [_draft("property_over_limit", chosen, why, event_on=min(days) if days else None)]
