"""The live value of each bindable measure (:data:`policy.targets.MEASURES`) for a county and a year.

Each value is read from what already counts it — the statistics' year figures (在保, 实发, 临时救助), the
地方标准 in force, the year's cross-check leads, the year's monitoring alerts — once per source for all the
indicators shown together. The day a value stands for (``as_of``) is the year's last day for a past year
and today for the current one; a future year has no values yet. Statistics never refreshed for the last
month counted give no value ("尚未统计") rather than a misleading zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q

from apps.annual.selectors import lead_lines
from apps.areas.models import Area
from apps.assistance.clock import today
from apps.monitoring.models import Alert
from apps.standards.selectors import standards_for_many
from apps.statistics.selectors import YearFigures, freshness, year_figures
from policy.annual import wan_yuan
from policy.areas import area_code_range
from policy.errors import ValidationFailed
from policy.statistics import Measure
from policy.targets import MEASURES, Source, percent

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True, slots=True)
class Actual:
    value: Decimal | None
    as_of: date | None
    note: str = ""  # why there is no value, or where it came from


CHILDREN = ("orphan", "de_facto_child", "child_in_difficulty")
_FROM_STATISTICS: dict[str, Callable[[YearFigures], Decimal]] = {
    "paid_total": lambda y: wan_yuan(y.total(Measure.PAID_CENTS) + y.total(Measure.GRANT_CENTS)),
    "paid_dibao": lambda y: wan_yuan(y.total(Measure.PAID_CENTS, "dibao")),
    "paid_tekun": lambda y: wan_yuan(y.total(Measure.PAID_CENTS, "tekun")),
    "paid_disability": lambda y: wan_yuan(y.total(Measure.PAID_CENTS, "disability")),
    "paid_children": lambda y: wan_yuan(sum(y.total(Measure.PAID_CENTS, p) for p in CHILDREN)),
    "dibao_households": lambda y: Decimal(y.total(Measure.HOUSEHOLDS, "dibao")),
    "dibao_persons": lambda y: Decimal(y.total(Measure.PERSONS, "dibao")),
    "tekun_persons": lambda y: Decimal(y.total(Measure.PERSONS, "tekun")),
    "disability_persons": lambda y: Decimal(y.total(Measure.PERSONS, "disability")),
    "temporary_grants": lambda y: Decimal(y.total(Measure.GRANTS)),
}
# (parameter key, urban?) of each standard measure
_STANDARDS: dict[str, tuple[str, bool]] = {
    "dibao_standard_urban": ("dibao.standard", True),
    "dibao_standard_rural": ("dibao.standard", False),
    "tekun_standard_urban": ("tekun.basic_dispersed", True),
    "tekun_standard_rural": ("tekun.basic_dispersed", False),
    "orphan_standard": ("orphan.dispersed", True),
}


def as_of_for(year: int) -> date | None:
    """The day a live value stands for: the year's end, today for the current year, None for a future one."""
    now = today()
    if year > now.year:
        return None
    return date(year, 12, 31) if year < now.year else now


def _statistics(actor: User, county: Area, year: int, codes: list[str], on: date) -> dict[str, Actual]:
    figures = year_figures(actor=actor, area_code=county.code, year=year)
    if freshness(area_code=county.code, month=figures.through).refreshed_at is None:
        note = f"{figures.through:%Y年%m月}尚未统计，请在“民政统计月报”中重新统计"
        return {c: Actual(None, None, note) for c in codes}
    return {c: Actual(_FROM_STATISTICS[c](figures), on, "民政统计") for c in codes}


def _standards(county: Area, codes: list[str], on: date) -> dict[str, Actual]:
    resolved = standards_for_many(area_codes=[county.code], on=on)
    out = {}
    for code in codes:
        key, urban = _STANDARDS[code]
        try:
            out[code] = Actual(resolved[(county.code, urban)].money(key), on, "地方标准")
        except ValidationFailed:
            out[code] = Actual(None, None, "该日没有配置此项地方标准")
    return out


def _leads(actor: User, county: Area, year: int, on: date) -> Actual:
    lines = lead_lines(actor=actor, area_code=county.code, year=year)
    confirmed = sum(x.confirmed for x in lines)
    rate = percent(sum(x.remedied for x in lines), confirmed)
    if rate is None:
        return Actual(None, None, "本年尚无核实属实的线索")
    return Actual(rate, on, f"已处理{sum(x.remedied for x in lines)}条 / 属实{confirmed}条")


def _alerts(county: Area, year: int, on: date) -> Actual:
    low, high = area_code_range(county.code)
    due = Q(due_on__lte=on) | Q(visited_on__isnull=False)
    counts = Alert.objects.filter(
        area_id__gte=low,
        area_id__lte=high,
        raised_on__gte=date(year, 1, 1),
        raised_on__lte=date(year, 12, 31),
    ).aggregate(
        due=Count("id", filter=due),
        on_time=Count("id", filter=Q(visited_on__isnull=False, visited_on__lte=F("due_on"))),
    )
    rate = percent(counts["on_time"], counts["due"])
    if rate is None:
        return Actual(None, None, "本年尚无到期的预警")
    return Actual(rate, on, f"按时核实{counts['on_time']}条 / 到期{counts['due']}条")


def measure_values(*, actor: User, county: Area, year: int, codes: Iterable[str]) -> dict[str, Actual]:
    """The live value of each of ``codes`` (unknown codes are skipped) for the county and year."""
    wanted = [c for c in dict.fromkeys(codes) if c in MEASURES]
    on = as_of_for(year)
    if on is None:
        return {c: Actual(None, None, "年度尚未开始") for c in wanted}
    by_source: dict[Source, list[str]] = {}
    for code in wanted:
        by_source.setdefault(MEASURES[code].source, []).append(code)
    out: dict[str, Actual] = {}
    if Source.STATISTICS in by_source:
        out |= _statistics(actor, county, year, by_source[Source.STATISTICS], on)
    if Source.STANDARDS in by_source:
        out |= _standards(county, by_source[Source.STANDARDS], on)
    if Source.LEADS in by_source:
        out |= dict.fromkeys(by_source[Source.LEADS], _leads(actor, county, year, on))
    if Source.ALERTS in by_source:
        out |= dict.fromkeys(by_source[Source.ALERTS], _alerts(county, year, on))
    return out
