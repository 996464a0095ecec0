"""The shape of the catalogue of indicators (指标目录): what one indicator is, and the catalogue that holds
every office's.

An indicator is one figure the bureau reports: a code, a name, a unit, a period, the office (科室) that owns
it, and a **rule** saying how it is computed. A rule names its :class:`Source` — the records it is read
from, which picks the provider in ``apps/indicators`` that evaluates it — and its :class:`Method`: computed
from the records, or entered by hand with its evidence.

Codes are ``MZ`` and four digits: two for the section, two for the line (``MZ0101`` 城市低保户数). They are
the bureau's own and the one place to change them; a province that issues its own 表式 codes replaces them
in the office's module, and every page, file, API and command follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Protocol

__all__ = [
    "CODE_PATTERN",
    "Catalogue",
    "Indicator",
    "Method",
    "Office",
    "Period",
    "Rule",
    "Source",
    "Unit",
]

CODE_PATTERN = re.compile(r"MZ\d{4}")


class Office(StrEnum):
    """The bureau's offices (科室) that own indicators. A new office adds its member here."""

    SOCIAL_ASSISTANCE = "assistance"  # the key of its office in apps/core/navigation.py

    @property
    def label(self) -> str:
        return _OFFICE_LABELS[self]


_OFFICE_LABELS = {Office.SOCIAL_ASSISTANCE: "社会救助"}


class Unit(StrEnum):
    HOUSEHOLDS = "户"
    PERSONS = "人"
    TIMES = "人次"
    TEN_THOUSAND_YUAN = "万元"
    YUAN = "元"
    YUAN_PER_PERSON_MONTH = "元/人·月"
    PERCENT = "%"
    ITEMS = "条"
    BEDS = "张"
    COUNT = "个"


class Period(StrEnum):
    """What span of time a value stands for, given the month it is evaluated for."""

    MONTH_END = "month_end"  # 月末数: a count at the end of the month (point in time)
    MONTH = "month"  # 当月数
    YEAR_TO_DATE = "ytd"  # 本年累计, January to the month
    DAY = "day"  # in force on the day the value stands for (a standard)
    YEAR = "year"  # the calendar year's (leads found, alerts raised, a target's value)

    @property
    def label(self) -> str:
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    Period.MONTH_END: "月末",
    Period.MONTH: "当月",
    Period.YEAR_TO_DATE: "本年累计",
    Period.DAY: "统计日",
    Period.YEAR: "本年",
}


class Method(StrEnum):
    RECORDS = "records"  # computed from the records each time it is asked for
    ENTERED = "entered"  # entered by hand, with its as-of date and evidence


class Source(StrEnum):
    """Where a value comes from: each source has one provider in ``apps/indicators`` (a new domain adds
    its member here and its provider there)."""

    STATISTICS = "statistics"  # the statistics' fact table (在保, 实发, 临时救助)
    STANDARDS = "standards"  # the 地方标准 in force
    LEADS = "leads"  # 数据比对 leads
    ALERTS = "alerts"  # 动态监测 alerts
    TARGETS = "targets"  # values entered by hand in 目标管理, with their evidence


class Rule(Protocol):
    """How an indicator is computed; each source's rules are frozen dataclasses of their own."""

    source: ClassVar[Source]
    method: ClassVar[Method]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One figure of the catalogue. ``places`` is how many decimals it is shown with (0 for counts and
    yuan standards, 1 for rates, 2 for 万元 and averages); ``basis`` says in one sentence how it is
    computed, for a reader."""

    code: str
    name: str
    unit: Unit
    period: Period
    office: Office
    rule: Rule
    basis: str
    places: int = 0

    @property
    def method(self) -> Method:
        return self.rule.method

    @property
    def source(self) -> Source:
        return self.rule.source


class Catalogue(Mapping[str, Indicator]):
    """Every indicator by code, in the order the offices list them. Building it checks that each code has
    the scheme's shape and is used once, so two offices cannot claim one code."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        by_code: dict[str, Indicator] = {}
        for indicator in indicators:
            if not CODE_PATTERN.fullmatch(indicator.code):
                raise ValueError(f"indicator code {indicator.code!r} is not MZ and four digits")
            if indicator.code in by_code:
                raise ValueError(f"indicator code {indicator.code} is used twice")
            by_code[indicator.code] = indicator
        self._by_code = by_code
        self._by_rule: dict[tuple[Rule, Period], Indicator] = {}
        for indicator in by_code.values():
            self._by_rule.setdefault((indicator.rule, indicator.period), indicator)

    def __getitem__(self, code: str) -> Indicator:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def of_office(self, office: Office) -> tuple[Indicator, ...]:
        return tuple(i for i in self._by_code.values() if i.office is office)

    def of_source(self, source: Source) -> tuple[Indicator, ...]:
        return tuple(i for i in self._by_code.values() if i.source is source)

    def find(self, rule: Rule, period: Period) -> Indicator | None:
        """The indicator computed by exactly ``rule`` over ``period``, if the catalogue has one (so a
        layout can ask for "城市低保 在保户数" without knowing its code)."""
        return self._by_rule.get((rule, period))
