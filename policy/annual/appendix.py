"""The annual work-summary data appendix (年度工作总结数据附录): its figures as plain data, with the
arithmetic every output shares; :mod:`policy.annual.sentences` words them in the style of a bureau's
年度工作总结 (seed 004: "全区共有城市低保对象1958户、3065人", "全年支出救助资金8578.24万元").

Pure Python. The app reads the year's figures (apps/statistics' fact table, the standards in force, the
cross-check leads) into an :class:`Appendix`; these functions only do arithmetic and wording:

* money is summed in fen (whole numbers) and shown in 万元 to two decimals, rounded half up once, at the
  end (:func:`policy.money.wan_yuan`);
* a rise against the previous year is the difference and the rate (:func:`policy.statistics.change_rate`,
  one decimal, half up; no rate when the previous value is 0 or unknown);
* a year still running is worded "截至N月底" and "1—N月", a finished one "年末" and "全年".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from policy.indicators import CATALOGUE, StandardRule
from policy.statistics import change_rate

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
    "area_word",
    "remedied_rate",
    "yuan_text",
]

# Programmes a summary counts in 户 and 人 (a household is assessed together); the others in 人.
HOUSEHOLD_PROGRAMS = frozenset({"dibao", "near_dibao", "rigid_expense"})

# How a summary names the people of a programme ("城市低保对象", "特困供养对象").
SUBJECTS: dict[str, str] = {
    "dibao": "低保对象",
    "near_dibao": "低保边缘家庭",
    "rigid_expense": "刚性支出困难家庭",
    "tekun": "特困供养对象",
    "orphan": "孤儿",
    "de_facto_child": "事实无人抚养儿童",
    "child_in_difficulty": "困境儿童",
    "disability": "残疾人两项补贴对象",
    "longevity": "高龄津贴对象",
    "eldercare": "基本养老服务补贴对象",
}
# And its money ("城乡低保资金").
FUNDS: dict[str, str] = {
    "dibao": "城乡低保资金",
    "tekun": "特困供养资金",
    "orphan": "孤儿基本生活费",
    "de_facto_child": "事实无人抚养儿童基本生活费",
    "child_in_difficulty": "困境儿童生活补贴",
    "disability": "残疾人两项补贴",
    "longevity": "高龄津贴",
    "eldercare": "基本养老服务补贴",
}

# The standards an appendix reports, in order, as codes of the catalogue of indicators (policy/indicators),
# which names them; read as (parameter key, urban?, how a summary names it). A key that is the same for
# 城乡 (policy.parameters: per_kind False) is read once, as the urban value.
APPENDIX_STANDARD_CODES: tuple[str, ...] = tuple(f"MZ06{n:02d}" for n in range(1, 10))


def _standard(code: str) -> tuple[str, bool, str]:
    indicator = CATALOGUE[code]
    if not isinstance(indicator.rule, StandardRule):
        raise ValueError(f"{code} is not a standard")
    return indicator.rule.key, indicator.rule.urban, indicator.name


APPENDIX_STANDARDS: tuple[tuple[str, bool, str], ...] = tuple(_standard(c) for c in APPENDIX_STANDARD_CODES)


def yuan_text(value: Decimal) -> str:
    """An amount of yuan as a summary writes it: no trailing zeros (680, 1233.5, 57.25)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def area_word(name: str) -> str:
    """ "全区", "全县", "全市", "全镇", "全乡" or "全街道" after the area's name (曾都区 → 全区)."""
    for suffix in ("街道", "区", "县", "市", "镇", "乡", "旗"):
        if name.endswith(suffix):
            return "全" + suffix
    return "全辖区"


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One programme × 城乡: 在保 at the end of the period, the period's 新增 and 退出, and the money paid;
    with the previous year's (its year end and whole year) for comparison."""

    program: str
    label: str  # the programme's name, as the case list shows it
    is_urban: bool
    households: int
    persons: int
    new_households: int
    new_persons: int
    exit_households: int
    exit_persons: int
    paid_cents: int
    previous_households: int = 0
    previous_persons: int = 0
    previous_paid_cents: int = 0

    @property
    def area_label(self) -> str:
        return "城市" if self.is_urban else "农村"


@dataclass(frozen=True, slots=True)
class StandardLine:
    """A standard in force at the end of the period and at the same day a year before (None: not set)."""

    key: str
    label: str  # 城市低保标准
    unit: str
    value: Decimal | None
    previous: Decimal | None

    @property
    def rise(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def rise_rate(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return change_rate(self.value, self.previous)


@dataclass(frozen=True, slots=True)
class LeadLine:
    """The cross-check leads of one source in the year: found in it, and of those found, how many were
    confirmed (属实), found unfounded (不属实), and remedied (处理完毕)."""

    source: str
    label: str
    found: int
    confirmed: int  # 属实, remedied or not
    unfounded: int
    remedied: int
    amount_confirmed: Decimal = Decimal("0")  # 涉及金额 of the confirmed leads, yuan


@dataclass(frozen=True, slots=True)
class Sentence:
    topic: str  # 在保对象, 新增和退出, 资金支出, 临时救助, 保障标准, 数据比对
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Appendix:
    area_code: str
    area_name: str
    year: int
    through: date  # the last month counted: December, or this month for the year still running
    cases: tuple[CaseLine, ...]
    grants: int  # 临时救助 人次
    grant_cents: int
    previous_grants: int
    previous_grant_cents: int
    standards: tuple[StandardLine, ...]
    leads: tuple[LeadLine, ...]

    @property
    def full_year(self) -> bool:
        return self.through.month == 12

    @property
    def period(self) -> str:
        """ "全年" or "1—6月"."""
        return "全年" if self.full_year else f"1—{self.through.month}月"

    @property
    def end(self) -> str:
        """ "2026年末" or "截至2026年6月底"."""
        return f"{self.year}年末" if self.full_year else f"截至{self.year}年{self.through.month}月底"

    def lines(self, program: str) -> tuple[CaseLine, ...]:
        return tuple(c for c in self.cases if c.program == program)

    def programs(self) -> tuple[str, ...]:
        seen: list[str] = []
        for c in self.cases:
            if c.program not in seen:
                seen.append(c.program)
        return tuple(seen)

    @property
    def paid_cents(self) -> int:
        """The payroll's 实发 of every programme (bank-confirmed lines), without 临时救助."""
        return sum(c.paid_cents for c in self.cases)

    @property
    def previous_paid_cents(self) -> int:
        return sum(c.previous_paid_cents for c in self.cases)

    @property
    def total_cents(self) -> int:
        """救助资金 in all: the monthly programmes' 实发 and the 临时救助 granted."""
        return self.paid_cents + self.grant_cents

    @property
    def previous_total_cents(self) -> int:
        return self.previous_paid_cents + self.previous_grant_cents

    @property
    def leads_found(self) -> int:
        return sum(lead.found for lead in self.leads)

    @property
    def leads_confirmed(self) -> int:
        return sum(lead.confirmed for lead in self.leads)

    @property
    def leads_remedied(self) -> int:
        return sum(lead.remedied for lead in self.leads)


def remedied_rate(remedied: int, confirmed: int) -> Decimal | None:
    """处理率: remedied ÷ confirmed × 100, one decimal, half up; None when nothing was confirmed."""
    if not confirmed:
        return None
    return (Decimal(remedied) * 100 / confirmed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
