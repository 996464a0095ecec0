"""低收入人口动态监测预警: the early-warning rules, pure.

Each rule reads plain per-household figures that the Django side gathers set-wise (sums per household and
year, matched rows of other departments' lists) and returns :class:`Finding` rows: which household, which
rule, why (evidence), and a ``subject`` naming the event it rests on so one event is raised once.
The thresholds come from the county's :class:`policy.parameters.Standards` (``monitoring.*``), never from
constants here. Sources: 国办发〔2023〕39号; local practice such as 医疗自付 > 家庭年收入40%, 新增重度残疾
(DOMAIN §5.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "DeathEvent",
    "DisabilityEvent",
    "Finding",
    "Outcome",
    "Rule",
    "disability_grade_parse",
    "earner_deaths",
    "income_drops",
    "medical_burdens",
    "new_findings",
    "severe_disabilities",
]


class Rule(StrEnum):
    SEVERE_DISABILITY = "severe_disability"
    MEDICAL = "medical"
    EARNER_DEATH = "earner_death"
    INCOME_DROP = "income_drop"
    DISASTER = "disaster"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS: dict[Rule, str] = {
    Rule.SEVERE_DISABILITY: "新增重度残疾",
    Rule.MEDICAL: "大额医疗支出",
    Rule.EARNER_DEATH: "主要劳动力死亡",
    Rule.INCOME_DROP: "家庭收入大幅下降",
    Rule.DISASTER: "遭遇灾害或意外",
}


class Outcome(StrEnum):
    ASSISTED = "assisted"  # 启动救助: an application was opened
    NOT_NEEDED = "not_needed"  # 无需救助, with the reason

    @property
    def label(self) -> str:
        return {"assisted": "启动救助", "not_needed": "无需救助"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    household_id: int
    rule: Rule
    subject: str  # the event behind it ("person:12"): one event raises one alert, ever
    summary: str
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DisabilityEvent:
    household_id: int
    person_id: int
    grade: int | None
    on: date | None
    source: str  # "残联新办残疾人证" or "登记信息"
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DeathEvent:
    household_id: int
    person_id: int
    on: date | None
    source: str


_GRADES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_GRADE_RE = re.compile(r"([一二三四1-4])\s*级")


def disability_grade_parse(text: str) -> int | None:
    """The grade in a 残联 text such as "肢体残疾二级" or "视力 1级"; None when it names none."""
    found = _GRADE_RE.search(text or "")
    return _GRADES[found.group(1)] if found else None


def severe_disabilities(events: Iterable[DisabilityEvent], *, grades: frozenset[int]) -> list[Finding]:
    """A member newly certified, or newly recorded, with a grade in ``grades`` (monitoring.severe_grades)."""
    out: list[Finding] = []
    for e in events:
        if e.grade is None or e.grade not in grades:
            continue
        out.append(
            Finding(
                e.household_id,
                Rule.SEVERE_DISABILITY,
                f"person:{e.person_id}",
                f"家庭成员新增{e.grade}级残疾（{e.source}）",
                {
                    "person_id": str(e.person_id),
                    "grade": str(e.grade),
                    "source": e.source,
                    "detail": e.detail,
                    "on": e.on.isoformat() if e.on else "",
                },
            )
        )
    return out


def medical_burdens(
    spending: Mapping[int, Decimal], income: Mapping[int, Decimal], *, ratio: Decimal, period: str
) -> list[Finding]:
    """Medical self-pay over the period reaching ``ratio`` of the household's annual income (an
    income of nothing counts any spending). ``period`` names the window, so a new window raises again."""
    out: list[Finding] = []
    for hid, spent in spending.items():
        if spent <= 0:
            continue
        annual = income.get(hid, Decimal("0"))
        if annual > 0 and spent < annual * ratio:
            continue
        share = f"{(spent / annual * 100).quantize(Decimal('0.1'))}%" if annual > 0 else "无登记收入"
        out.append(
            Finding(
                hid,
                Rule.MEDICAL,
                f"medical:{period}",
                f"医疗自付{spent}元，占家庭年收入{share}",
                {"spending": str(spent), "annual_income": str(annual), "ratio": str(ratio), "share": share},
            )
        )
    return out


def earner_deaths(
    deaths: Iterable[DeathEvent], incomes: Mapping[int, Mapping[int, Decimal]]
) -> list[Finding]:
    """The death of the member with the largest income in the household (ties: each counts as main)."""
    out: list[Finding] = []
    for d in deaths:
        by_person = incomes.get(d.household_id, {})
        top = max(by_person.values(), default=Decimal("0"))
        mine = by_person.get(d.person_id, Decimal("0"))
        if top <= 0 or mine < top:
            continue
        out.append(
            Finding(
                d.household_id,
                Rule.EARNER_DEATH,
                f"person:{d.person_id}",
                f"家庭主要收入成员死亡（年收入{mine}元，{d.source}）",
                {
                    "person_id": str(d.person_id),
                    "income": str(mine),
                    "source": d.source,
                    "on": d.on.isoformat() if d.on else "",
                },
            )
        )
    return out


def income_drops(
    this_year: Mapping[int, Decimal], last_year: Mapping[int, Decimal], *, rate: Decimal, year: int
) -> list[Finding]:
    """This year's recorded income down by at least ``rate`` against last year's. A household with nothing
    recorded for this year yet is not compared: unrecorded is not the same as fallen."""
    out: list[Finding] = []
    for hid, before in last_year.items():
        if before <= 0 or hid not in this_year:
            continue
        now = this_year[hid]
        drop = (before - now) / before
        if drop < rate:
            continue
        out.append(
            Finding(
                hid,
                Rule.INCOME_DROP,
                f"income:{year}",
                f"家庭收入由{before}元降至{now}元（下降{(drop * 100).quantize(Decimal('0.1'))}%）",
                {"last_year": str(before), "this_year": str(now), "rate": str(rate), "year": str(year)},
            )
        )
    return out


def new_findings(
    findings: Iterable[Finding], *, open_rules: set[tuple[int, str]], seen: set[tuple[int, str, str]]
) -> list[Finding]:
    """Drop findings whose household already has an open alert of the rule, or whose event was raised
    before (``seen``: household, rule, subject), and duplicates within the run."""
    out: list[Finding] = []
    taken = set(open_rules)
    for f in findings:
        if (f.household_id, f.rule.value) in taken or (f.household_id, f.rule.value, f.subject) in seen:
            continue
        taken.add((f.household_id, f.rule.value))
        out.append(f)
    return out
