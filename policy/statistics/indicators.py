"""The 民政统计 monthly table (社会救助 section): which indicators of the catalogue (policy/indicators) it
shows, in which sections and order, and its rows with 数量, 上期 and 环比.

Layout after the 民政部 monthly form (DOMAIN.md §10): 指标名称 | 单位 | 代码 | 数量 | 上期 | 环比. Each line's
code, name, unit and rule are the catalogue's (policy/indicators/social_assistance.py, the one place to
change them: a province that issues its own 表式 codes, such as ``YZH011221100``, replaces them there);
this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from policy.indicators import CATALOGUE, FactRule, Period, Unit, fact_value
from policy.statistics.measures import Figures, Measure, change_rate

__all__ = [
    "MONTHLY_INDICATORS",
    "MONTHLY_LAYOUT",
    "Indicator",
    "IndicatorRow",
    "Period",
    "Unit",
    "indicator_value",
    "monthly_table",
]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One line of the form: a catalogue indicator of the statistics (one measure summed over
    ``programs``, urban, rural or both; with ``per`` a monthly average), with its section and indent."""

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

    @property
    def rule(self) -> FactRule:
        return FactRule((self.measure,), self.programs, self.urban, self.per)


_S1, _S2, _S3, _S4 = "一、社会救助对象", "二、社会福利对象", "三、社会救助累计支出", "四、保障水平"
# (code, section, indent): the form's lines, in its order.
MONTHLY_LAYOUT: tuple[tuple[str, str, int], ...] = (
    *((f"MZ01{n:02d}", _S1, 0) for n in range(1, 13)),
    *((f"MZ02{n:02d}", _S2, 0) for n in range(1, 6)),
    ("MZ0301", _S3, 0), ("MZ0302", _S3, 1), ("MZ0303", _S3, 1),
    ("MZ0304", _S3, 0), ("MZ0305", _S3, 1), ("MZ0306", _S3, 1),
    *((f"MZ03{n:02d}", _S3, 0) for n in range(7, 13)),
    ("MZ0401", _S4, 0), ("MZ0402", _S4, 0),
)  # fmt: skip


def _line(code: str, section: str, indent: int) -> Indicator:
    found = CATALOGUE[code]
    rule = found.rule
    if not isinstance(rule, FactRule) or len(rule.measures) != 1:
        raise ValueError(f"{code} is not a single measure of the statistics")
    return Indicator(found.code, found.name, found.unit, rule.measures[0], rule.programs, rule.urban,
                     found.period, section, indent, rule.per)  # fmt: skip


MONTHLY_INDICATORS: tuple[Indicator, ...] = tuple(_line(*line) for line in MONTHLY_LAYOUT)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    value: Decimal
    previous: Decimal
    rate: Decimal | None  # 环比, per cent; None when 上期 is 0


def indicator_value(indicator: Indicator, *, month: Figures, year_to_date: Figures) -> Decimal:
    """The indicator's figure from one month's figures and the year's 累计 through that month
    (:func:`policy.indicators.fact_value`: counts whole, 万元 and averages rounded half up once; the monthly
    average is 0 when nobody was in care)."""
    value = fact_value(
        indicator.rule, unit=indicator.unit, period=indicator.period, month=month, year_to_date=year_to_date
    )
    return value if value is not None else Decimal("0.00")


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
