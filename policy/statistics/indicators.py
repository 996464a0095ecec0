"""The 民政统计 monthly table (社会救助 section), as data: each indicator's code, name, unit and how it is
computed from the month's figures, and the table's rows with 数量, 上期 and 环比.

Layout after the 民政部 monthly form (DOMAIN.md §10): 指标名称 | 单位 | 代码 | 数量 | 上期 | 环比. The codes
below are this bureau's own (``MZ…``) and are the one place to change them: a province that issues its
own 表式 codes (such as ``YZH011221100``) replaces them here, and every page, export and API follows.

Only what the data can support is listed: 特困 集中/分散 供养 is not split (the cases do not record the
供养形式), and 残疾人两项补贴 is one line (a case is one 两项补贴 case, not a 生活补贴 or a 护理补贴 one).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from policy.statistics.measures import Figures, Measure, change_rate

__all__ = [
    "MONTHLY_INDICATORS",
    "Indicator",
    "IndicatorRow",
    "Period",
    "Unit",
    "indicator_value",
    "monthly_table",
]


class Unit(StrEnum):
    HOUSEHOLDS = "户"
    PERSONS = "人"
    TIMES = "人次"
    TEN_THOUSAND_YUAN = "万元"
    YUAN_PER_PERSON_MONTH = "元/人·月"


class Period(StrEnum):
    MONTH_END = "month_end"  # 月末数 (point in time)
    MONTH = "month"  # 当月数
    YEAR_TO_DATE = "ytd"  # 本年累计


@dataclass(frozen=True, slots=True)
class Indicator:
    """One line of the form. ``value`` sums ``measure`` over ``programs`` (urban, rural or both); with
    ``per`` it is a monthly average: the month's money ÷ the month-end persons."""

    code: str
    label: str
    unit: Unit
    measure: Measure
    programs: tuple[str, ...]
    urban: bool | None
    period: Period
    section: str
    indent: int = 0
    per: Measure | None = None


DIBAO, TEKUN, TEMPORARY = ("dibao",), ("tekun",), ("temporary",)
_S1, _S2, _S3, _S4 = "一、社会救助对象", "二、社会福利对象", "三、社会救助累计支出", "四、保障水平"
H, P, NH, NP, XH, XP = (
    Measure.HOUSEHOLDS,
    Measure.PERSONS,
    Measure.NEW_HOUSEHOLDS,
    Measure.NEW_PERSONS,
    Measure.EXIT_HOUSEHOLDS,
    Measure.EXIT_PERSONS,
)
END, MON, YTD = Period.MONTH_END, Period.MONTH, Period.YEAR_TO_DATE


def _i(code: str, label: str, unit: Unit, measure: Measure, programs: tuple[str, ...], urban: bool | None,
       period: Period, section: str, indent: int = 0, per: Measure | None = None) -> Indicator:  # fmt: skip
    return Indicator(code, label, unit, measure, programs, urban, period, section, indent, per)


U, R, B, W = Unit.HOUSEHOLDS, Unit.PERSONS, Unit.TIMES, Unit.TEN_THOUSAND_YUAN
AVG, PAID, DFC = Unit.YUAN_PER_PERSON_MONTH, Measure.PAID_CENTS, ("de_facto_child",)
MONTHLY_INDICATORS: tuple[Indicator, ...] = (
    _i("MZ0101", "城市低保户数", U, H, DIBAO, True, END, _S1),
    _i("MZ0102", "城市低保人数", R, P, DIBAO, True, END, _S1),
    _i("MZ0103", "农村低保户数", U, H, DIBAO, False, END, _S1),
    _i("MZ0104", "农村低保人数", R, P, DIBAO, False, END, _S1),
    _i("MZ0105", "当月新增低保户数", U, NH, DIBAO, None, MON, _S1),
    _i("MZ0106", "当月新增低保人数", R, NP, DIBAO, None, MON, _S1),
    _i("MZ0107", "当月退出低保户数", U, XH, DIBAO, None, MON, _S1),
    _i("MZ0108", "当月退出低保人数", R, XP, DIBAO, None, MON, _S1),
    _i("MZ0109", "城市特困人员救助供养人数", R, P, TEKUN, True, END, _S1),
    _i("MZ0110", "农村特困人员救助供养人数", R, P, TEKUN, False, END, _S1),
    _i("MZ0111", "当月临时救助人次", B, Measure.GRANTS, TEMPORARY, None, MON, _S1),
    _i("MZ0112", "当月临时救助金额", W, Measure.GRANT_CENTS, TEMPORARY, None, MON, _S1),
    _i("MZ0201", "享受高龄津贴的老年人数", R, P, ("longevity",), None, END, _S2),
    _i("MZ0202", "享受残疾人两项补贴人数", R, P, ("disability",), None, END, _S2),
    _i("MZ0203", "孤儿数", R, P, ("orphan",), None, END, _S2),
    _i("MZ0204", "事实无人抚养儿童数", R, P, ("de_facto_child",), None, END, _S2),
    _i("MZ0205", "困境儿童数", R, P, ("child_in_difficulty",), None, END, _S2),
    _i("MZ0301", "最低生活保障累计支出", W, Measure.PAID_CENTS, DIBAO, None, YTD, _S3),
    _i("MZ0302", "城市低保累计支出", W, Measure.PAID_CENTS, DIBAO, True, YTD, _S3, 1),
    _i("MZ0303", "农村低保累计支出", W, Measure.PAID_CENTS, DIBAO, False, YTD, _S3, 1),
    _i("MZ0304", "特困人员救助供养累计支出", W, Measure.PAID_CENTS, TEKUN, None, YTD, _S3),
    _i("MZ0305", "城市特困人员救助供养累计支出", W, Measure.PAID_CENTS, TEKUN, True, YTD, _S3, 1),
    _i("MZ0306", "农村特困人员救助供养累计支出", W, Measure.PAID_CENTS, TEKUN, False, YTD, _S3, 1),
    _i("MZ0307", "临时救助累计支出", W, Measure.GRANT_CENTS, TEMPORARY, None, YTD, _S3),
    _i("MZ0308", "临时救助累计人次", B, Measure.GRANTS, TEMPORARY, None, YTD, _S3),
    _i("MZ0309", "高龄津贴累计支出", W, Measure.PAID_CENTS, ("longevity",), None, YTD, _S3),
    _i("MZ0310", "残疾人两项补贴累计支出", W, Measure.PAID_CENTS, ("disability",), None, YTD, _S3),
    _i("MZ0311", "孤儿基本生活费累计支出", W, Measure.PAID_CENTS, ("orphan",), None, YTD, _S3),
    _i("MZ0312", "事实无人抚养儿童基本生活补贴累计支出", W, PAID, DFC, None, YTD, _S3),
    _i("MZ0401", "城市低保月人均补助水平", AVG, PAID, DIBAO, True, MON, _S4, per=P),
    _i("MZ0402", "农村低保月人均补助水平", AVG, PAID, DIBAO, False, MON, _S4, per=P),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    value: Decimal
    previous: Decimal
    rate: Decimal | None  # 环比, per cent; None when 上期 is 0


def _sum(figures: Figures, measure: Measure, programs: tuple[str, ...], urban: bool | None) -> int:
    return sum(
        value
        for (program, is_urban, m), value in figures.items()
        if m is measure and program in programs and (urban is None or is_urban is urban)
    )


def indicator_value(indicator: Indicator, *, month: Figures, year_to_date: Figures) -> Decimal:
    """The indicator's figure from one month's figures and the year's 累计 through that month.

    Counts are whole numbers; 万元 is the cents ÷ 1,000,000 to two decimals, rounded half up once; the
    monthly average is yuan per person to two decimals (0 when nobody was in care)."""
    source = year_to_date if indicator.period is Period.YEAR_TO_DATE else month
    raw = _sum(source, indicator.measure, indicator.programs, indicator.urban)
    if indicator.per is not None:
        persons = _sum(month, indicator.per, indicator.programs, indicator.urban)
        if persons == 0:
            return Decimal("0.00")
        return (Decimal(raw) / 100 / persons).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if indicator.unit is Unit.TEN_THOUSAND_YUAN:
        return (Decimal(raw) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Decimal(raw)


def monthly_table(
    *,
    month: Figures,
    year_to_date: Figures,
    previous_month: Figures,
    previous_year_to_date: Figures,
    indicators: tuple[Indicator, ...] = MONTHLY_INDICATORS,
) -> tuple[IndicatorRow, ...]:
    """The form's rows: 数量 for the month, 上期 for the month before (for a 累计 line, the 累计 through the
    month before — in January, last year's whole-year total), and 环比 between them."""
    rows = []
    for indicator in indicators:
        value = indicator_value(indicator, month=month, year_to_date=year_to_date)
        previous = indicator_value(indicator, month=previous_month, year_to_date=previous_year_to_date)
        rows.append(IndicatorRow(indicator, value, previous, change_rate(value, previous)))
    return tuple(rows)
