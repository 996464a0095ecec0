"""The rules of today's sources, and the arithmetic they share.

* :class:`FactRule` — a sum over the statistics' fact table (policy/statistics/measures.py says what each
  measure counts), with :func:`fact_value` turning a month's figures and the year's 累计 into the value;
* :class:`StandardRule` — a 地方标准 parameter in force on the day;
* :class:`LeadRule` — a count or rate of the year's 数据比对 leads;
* :class:`AlertRule` — a rate of the year's 动态监测 alerts;
* :class:`EnteredRule` — a value entered by hand in 目标管理 with its evidence, found by the words of its
  name (:func:`entered_match`).

A new domain adds its own rule class (a frozen dataclass with ``source`` and ``method``) in its office's
module; nothing here needs to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import ClassVar

from policy.indicators.catalogue import Method, Period, Source, Unit
from policy.money import wan_yuan
from policy.statistics.measures import Figures, Measure

__all__ = [
    "AlertFigure",
    "AlertRule",
    "EnteredRule",
    "FactRule",
    "LeadFigure",
    "LeadRule",
    "StandardRule",
    "entered_match",
    "fact_value",
]

ZERO_AVERAGE = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class FactRule:
    """The sum of ``measures`` over ``programs`` (none listed: every programme) and 城乡 (``urban`` None:
    both). With ``per`` it is an average in yuan, to ``places`` decimals: the money ÷ the ``per`` count
    (the month-end count for a point-in-time one, else the same span as the money); ``no_base`` is the
    value when that count is 0 (None: no value)."""

    source: ClassVar[Source] = Source.STATISTICS
    method: ClassVar[Method] = Method.RECORDS

    measures: tuple[Measure, ...]
    programs: tuple[str, ...] = ()
    urban: bool | None = None
    per: Measure | None = None
    places: int = 2
    no_base: Decimal | None = ZERO_AVERAGE


def _sum(figures: Figures, measure: Measure, programs: tuple[str, ...], urban: bool | None) -> int:
    return sum(
        value
        for (program, is_urban, m), value in figures.items()
        if m is measure and (not programs or program in programs) and (urban is None or is_urban is urban)
    )


def fact_value(
    rule: FactRule, *, unit: Unit, period: Period, month: Figures, year_to_date: Figures
) -> Decimal | None:
    """The value from one month's figures and the year's 累计 through that month.

    Counts are whole numbers; 万元 is the fen ÷ 1,000,000 to two decimals, rounded half up once (so a sum
    of programmes equals the 资金台账, not the sum of rounded parts); an average is yuan per head."""
    source = year_to_date if period is Period.YEAR_TO_DATE else month
    raw = sum(_sum(source, m, rule.programs, rule.urban) for m in rule.measures)
    if rule.per is not None:
        base_figures = month if rule.per.point_in_time else source
        base = _sum(base_figures, rule.per, rule.programs, rule.urban)
        if base == 0:
            return rule.no_base
        step = Decimal(1).scaleb(-rule.places)
        return (Decimal(raw) / 100 / base).quantize(step, rounding=ROUND_HALF_UP)
    if unit is Unit.TEN_THOUSAND_YUAN:
        return wan_yuan(raw)
    return Decimal(raw)


@dataclass(frozen=True, slots=True)
class StandardRule:
    """The parameter ``key`` of the 地方标准 in force on the day, for 城市 (``urban``) or 农村; a key that
    is the same for both is read as the urban value."""

    source: ClassVar[Source] = Source.STANDARDS
    method: ClassVar[Method] = Method.RECORDS

    key: str
    urban: bool = True


class LeadFigure(StrEnum):
    FOUND = "found"  # 发现
    CONFIRMED = "confirmed"  # 核实属实 (处理完毕 included)
    UNFOUNDED = "unfounded"  # 核实不属实
    REMEDIED = "remedied"  # 已处理
    REMEDIED_RATE = "remedied_rate"  # 处理率: 已处理 ÷ 核实属实 × 100
    AMOUNT = "amount"  # 属实线索涉及金额 (元)


@dataclass(frozen=True, slots=True)
class LeadRule:
    """A figure of the leads found in the year, of one data source (``source_code``, "" for all)."""

    source: ClassVar[Source] = Source.LEADS
    method: ClassVar[Method] = Method.RECORDS

    figure: LeadFigure
    source_code: str = ""


class AlertFigure(StrEnum):
    ON_TIME_RATE = "on_time_rate"  # 按时核实率


@dataclass(frozen=True, slots=True)
class AlertRule:
    """A figure of the alerts raised in the year."""

    source: ClassVar[Source] = Source.ALERTS
    method: ClassVar[Method] = Method.RECORDS

    figure: AlertFigure


@dataclass(frozen=True, slots=True)
class EnteredRule:
    """Entered by hand in 目标管理 (a target not bound to any data), with its as-of date and evidence.
    A county's target is this indicator when its name holds every one of ``words``; ``reason`` says why
    the data cannot compute it."""

    source: ClassVar[Source] = Source.TARGETS
    method: ClassVar[Method] = Method.ENTERED

    words: tuple[str, ...]
    reason: str


def entered_match(rule: EnteredRule, name: str) -> bool:
    """True when a target named ``name`` reports this indicator ("有意愿且符合条件的特困人员集中供养率"
    is 特困人员集中供养率)."""
    return all(word in name for word in rule.words)
