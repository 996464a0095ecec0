"""Evaluating the catalogue of indicators (policy/indicators) for an area and a period, inside the actor's
area: each indicator's value from its source's provider (:mod:`apps.indicators.selectors.providers`), with
the day it stands for and a note saying where it came from or why there is none.

The period is a year and, within it, the month counted: a given month, or else the year's last month
counted — December for a past year, this month for the current one (as the annual appendix and 目标管理
count it). Month-end counts are that month's, 累计 run from January to it, standards are those in force on
its last day (today, for the month still running), leads and alerts are the whole year's.

Who may read it: whoever reads statistics (:data:`Capability.VIEW_STATISTICS`), for an area inside their
own; anything else answers NotFound like an area that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from apps.areas.models import Area
from apps.core.clock import today
from apps.indicators.selectors.providers import PROVIDERS, Ask, Value
from apps.statistics.selectors import statistics_area_get
from policy.errors import ValidationFailed
from policy.indicators import CATALOGUE, Indicator, Method, Office, Source
from policy.months import month_last_day, month_parse

if TYPE_CHECKING:
    from apps.accounts.models import User

FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    indicator: Indicator
    value: Decimal | None
    as_of: date | None
    note: str

    @property
    def method(self) -> Method:
        return self.indicator.method


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorSheet:
    area: Area
    year: int
    month: date  # the month counted (its first day)
    on: date | None  # the day the values stand for; None before the period has begun
    values: tuple[IndicatorValue, ...]  # in the catalogue's order


def period_parse(*, year: object, month: object = "") -> tuple[int, date | None]:
    """The year and the month (None: the year's last month counted) from a form, the API or the command
    line; ValidationFailed with a clear reason otherwise."""
    raw = str(year if year is not None else "").strip()
    if not raw:
        raw = str(today().year)
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise ValidationFailed.on("year", f"年度“{raw}”无效，应为四位数字，如 {today().year}")
    text = str(month or "").strip()
    if not text:
        return int(raw), None
    first = month_parse(text)
    if first.year != int(raw):
        raise ValidationFailed.on("month", f"月份{text}不在{raw}年内")
    return int(raw), first


def _counted_month(year: int) -> date:
    now = today().replace(day=1)
    return min(date(year, 12, 1), now) if year <= now.year else date(year, 12, 1)


def indicator_values(
    *,
    actor: User,
    area_code: str = "",
    year: int,
    month: date | None = None,
    codes: Iterable[str] | None = None,
    office: Office | None = None,
) -> IndicatorSheet:
    """Every indicator of the catalogue (or only ``codes``, or one ``office``'s) for the area ("" = the
    actor's own) and the period, each provider asked once for all of its source's."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    counted = (month or _counted_month(year)).replace(day=1)
    wanted = [CATALOGUE[c] for c in dict.fromkeys(codes)] if codes is not None else list(CATALOGUE.values())
    if office is not None:
        wanted = [i for i in wanted if i.office is office]
    now = today()
    found: dict[str, Value] = {}
    if counted > now:
        note = "年度尚未开始" if year > now.year else "该月尚未开始"
        found = {i.code: Value(None, None, note) for i in wanted}
        on = None
    else:
        on = min(month_last_day(counted), now)
        ask = Ask(actor=actor, area=area, year=year, month=counted, on=on)
        by_source: dict[Source, list[Indicator]] = {}
        for indicator in wanted:
            by_source.setdefault(indicator.source, []).append(indicator)
        for source, group in by_source.items():
            provider = PROVIDERS.get(source)
            if provider is None:
                found |= {i.code: Value(None, None, "未安装提供此项数据的模块") for i in group}
            else:
                found |= provider(ask, group)
    rows = tuple(
        IndicatorValue(i, found[i.code].value, found[i.code].as_of, found[i.code].note) for i in wanted
    )
    return IndicatorSheet(area=area, year=year, month=counted, on=on, values=rows)
