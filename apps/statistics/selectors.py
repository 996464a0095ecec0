"""Reading the statistics, inside the actor's area: a month's figures with the 民政统计 table, the trend,
the breakdown by the areas one level down, the year's figures, and how fresh they are.

Everything is read from the fact table (:class:`~apps.statistics.models.StatFact`), summed over the area's
code range, so a county of a million households answers from a few thousand rows. An area outside the
actor's answers :class:`~policy.errors.NotFound`, like one that does not exist.

These functions are the statistics' public surface (docs/statistics.md): the annual work summary and 目标
管理 build on :func:`monthly_figures`, :func:`trend`, :func:`breakdown` and :func:`year_figures`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, Sum

from apps.areas.models import Area
from apps.areas.selectors import county_codes_of
from apps.assistance.choices import Program
from apps.core.clock import today
from apps.core.scoping import code_in_scope, require
from apps.statistics.models import StatFact, StatRefresh
from apps.statistics.services import source_watermark
from policy.areas import AreaLevel, area_code_normalize, area_code_range
from policy.errors import NotFound
from policy.months import month_add, month_range, months_back
from policy.roles import Capability
from policy.statistics import Measure, change_rate, figures_add
from policy.statistics.indicators import IndicatorRow, monthly_table

if TYPE_CHECKING:
    from apps.accounts.models import User

Key = tuple[str, bool, Measure]
Figures = dict[Key, int]
PROGRAM_LABELS = dict(Program.choices)
MEASURES = tuple(Measure)
TREND_MONTHS = 12


# ---------------------------------------------------------------- the area and the raw sums


def statistics_area_get(*, actor: User, area_code: str = "") -> Area:
    """The area whose statistics are asked for ("" = the actor's own), if inside the actor's area."""
    require(actor, Capability.VIEW_STATISTICS)
    try:
        code = area_code_normalize(area_code) if area_code else (actor.area_id or "")
    except ValueError:
        raise NotFound() from None
    if not code_in_scope(actor, code):
        raise NotFound()
    area = Area.objects.filter(pk=code).select_related("parent").first()
    if area is None:
        raise NotFound()
    return area


def _facts(area_code: str, months: list[date], *, by: str = "") -> dict[tuple[date, str], Figures]:
    """Sums per month (and per ``by`` column, "" for the whole area) of every measure, by programme × 城乡."""
    low, high = area_code_range(area_code)
    group = ["month", "program", "is_urban", *([by] if by else [])]
    rows = (
        StatFact.objects.filter(month__in=months, village__gte=low, village__lte=high)
        .values(*group)
        .annotate(**{m.value: Sum(m.value) for m in MEASURES})
        .order_by()
    )
    out: dict[tuple[date, str], Figures] = defaultdict(dict)
    for row in rows:
        cell = out[(row["month"], row[by] if by else "")]
        for m in MEASURES:
            if row[m.value]:
                cell[(row["program"], row["is_urban"], m)] = int(row[m.value])
    return out


def _year_to_date(area_code: str, month: date) -> Figures:
    months = month_range(month.replace(month=1), month)
    per_month = _facts(area_code, months)
    return figures_add(per_month.get((m, ""), {}) for m in months)


def _total(figures: Figures, measure: Measure, program: str = "", urban: bool | None = None) -> int:
    return sum(
        v
        for (p, u, m), v in figures.items()
        if m is measure and (not program or p == program) and (urban is None or u is urban)
    )


# ---------------------------------------------------------------- freshness


@dataclass(frozen=True, slots=True)
class Freshness:
    refreshed_at: datetime | None  # the oldest refresh among the area's counties; None if never
    stale: bool  # sources changed since
    missing: bool  # some county of the area has no figures for the month

    @property
    def label(self) -> str:
        if self.refreshed_at is None:
            return "本月尚未统计"
        return "统计后数据有变化" if self.stale else "已是最新"


def freshness(*, area_code: str, month: date) -> Freshness:
    """When the area's figures for ``month`` were made and whether the sources have moved on since."""
    counties = county_codes_of(area_code)
    done = {r.county: r for r in StatRefresh.objects.filter(county__in=counties, month=month)}
    if not done:
        return Freshness(None, False, True)
    stale = any(r.watermark != source_watermark(county=c) for c, r in done.items())
    return Freshness(min(r.refreshed_at for r in done.values()), stale, len(done) < len(counties))


def latest_month(*, actor: User, area_code: str = "") -> date:
    """The newest month with figures for the area (this month if there are none yet, or later ones)."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    newest = StatRefresh.objects.filter(county__in=county_codes_of(area.code), month__lte=today()).aggregate(
        m=Max("month")
    )["m"]
    return newest or today().replace(day=1)


# ---------------------------------------------------------------- one month


@dataclass(frozen=True, slots=True)
class ProgramRow:
    """One programme × 城乡 line of the detail table."""

    program: str
    label: str
    is_urban: bool
    households: int
    persons: int
    previous_households: int
    previous_persons: int
    new_households: int
    exit_households: int
    paid_cents: int
    paid_cents_ytd: int
    grants: int
    grant_cents_ytd: int

    @property
    def households_rate(self) -> Decimal | None:
        return change_rate(self.households, self.previous_households)

    @property
    def persons_rate(self) -> Decimal | None:
        return change_rate(self.persons, self.previous_persons)


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyFigures:
    area: Area
    month: date
    figures: Figures  # the month
    year_to_date: Figures
    previous: Figures  # the month before
    previous_year_to_date: Figures
    table: tuple[IndicatorRow, ...]  # the 民政统计 form
    programs: tuple[ProgramRow, ...]
    freshness: Freshness

    def total(self, measure: Measure, program: str = "", urban: bool | None = None) -> int:
        return _total(self.figures, measure, program, urban)


def _program_rows(month: Figures, ytd: Figures, previous: Figures) -> tuple[ProgramRow, ...]:
    keys = sorted({(p, u) for p, u, _ in (*month, *ytd, *previous)}, key=lambda k: (_order(k[0]), not k[1]))
    return tuple(
        ProgramRow(
            program=p,
            label=PROGRAM_LABELS.get(p, p),
            is_urban=u,
            households=month.get((p, u, Measure.HOUSEHOLDS), 0),
            persons=month.get((p, u, Measure.PERSONS), 0),
            previous_households=previous.get((p, u, Measure.HOUSEHOLDS), 0),
            previous_persons=previous.get((p, u, Measure.PERSONS), 0),
            new_households=month.get((p, u, Measure.NEW_HOUSEHOLDS), 0),
            exit_households=month.get((p, u, Measure.EXIT_HOUSEHOLDS), 0),
            paid_cents=month.get((p, u, Measure.PAID_CENTS), 0),
            paid_cents_ytd=ytd.get((p, u, Measure.PAID_CENTS), 0),
            grants=month.get((p, u, Measure.GRANTS), 0),
            grant_cents_ytd=ytd.get((p, u, Measure.GRANT_CENTS), 0),
        )
        for p, u in keys
    )


def _order(program: str) -> int:
    codes = list(PROGRAM_LABELS)
    return codes.index(program) if program in codes else len(codes)


def monthly_figures(*, actor: User, area_code: str = "", month: date) -> MonthlyFigures:
    """The area's figures for ``month``: the month, the year to date, the month before (and its 累计), the
    民政统计 table built from them, and a line per programme × 城乡."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    month = month.replace(day=1)
    before = month_add(month, -1)
    both = _facts(area.code, [before, month])
    current, previous = both.get((month, ""), {}), both.get((before, ""), {})
    ytd, previous_ytd = _year_to_date(area.code, month), _year_to_date(area.code, before)
    return MonthlyFigures(
        area=area,
        month=month,
        figures=current,
        year_to_date=ytd,
        previous=previous,
        previous_year_to_date=previous_ytd,
        table=monthly_table(
            month=current, year_to_date=ytd, previous_month=previous, previous_year_to_date=previous_ytd
        ),
        programs=_program_rows(current, ytd, previous),
        freshness=freshness(area_code=area.code, month=month),
    )


# ---------------------------------------------------------------- over time


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: date
    households: dict[str, int]  # programme → 月末在保户数
    persons: dict[str, int]
    paid_cents: dict[str, int]  # programme → the month's 实发 (临时救助: its grants)


@dataclass(frozen=True, slots=True)
class Trend:
    area: Area
    points: tuple[TrendPoint, ...]
    programs: tuple[str, ...]  # the programmes with any figure, in the usual order


def trend(
    *, actor: User, area_code: str = "", months: int = TREND_MONTHS, until: date | None = None
) -> Trend:
    """The last ``months`` months (to ``until``, default the newest month with figures) per programme;
    months that were never counted are left out."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    last = (until or latest_month(actor=actor, area_code=area.code)).replace(day=1)
    span = months_back(last, max(1, min(months, 60)))
    # A month never counted is left out rather than drawn as zero.
    counted = set(
        StatRefresh.objects.filter(county__in=county_codes_of(area.code), month__in=span).values_list(
            "month", flat=True
        )
    )
    span = [m for m in span if m in counted]
    facts = _facts(area.code, span)
    points, seen = [], set()
    for m in span:
        figures = facts.get((m, ""), {})
        h: dict[str, int] = defaultdict(int)
        p: dict[str, int] = defaultdict(int)
        money: dict[str, int] = defaultdict(int)
        for (program, _, measure), value in figures.items():
            seen.add(program)
            if measure is Measure.HOUSEHOLDS:
                h[program] += value
            elif measure is Measure.PERSONS:
                p[program] += value
            elif measure in (Measure.PAID_CENTS, Measure.GRANT_CENTS):
                money[program] += value
        points.append(TrendPoint(m, dict(h), dict(p), dict(money)))
    return Trend(area, tuple(points), tuple(sorted(seen, key=_order)))


@dataclass(frozen=True, slots=True)
class AreaRow:
    code: str
    name: str
    households: dict[str, int] = field(default_factory=dict)  # programme → 月末在保户数
    persons: dict[str, int] = field(default_factory=dict)
    paid_cents: int = 0  # the month's 实发, every programme
    paid_cents_ytd: int = 0

    @property
    def total_households(self) -> int:
        return sum(self.households.values())

    @property
    def total_persons(self) -> int:
        return sum(self.persons.values())


def _child_column(area: Area) -> str:
    level = AreaLevel(area.level)
    if level >= AreaLevel.VILLAGE:
        return ""
    return {AreaLevel.TOWNSHIP: "village", AreaLevel.COUNTY: "township"}.get(level, "county")


def breakdown(*, actor: User, area_code: str = "", month: date) -> tuple[AreaRow, ...]:
    """The month by the areas one level down (county → townships → villages; a city → counties), each with
    its name; empty for a village. Areas without figures are listed with zeros, so none is hidden."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    column = _child_column(area)
    if not column:
        return ()
    month = month.replace(day=1)
    months = month_range(month.replace(month=1), month)
    facts = _facts(area.code, months, by=column)
    children = list(Area.objects.filter(parent=area).order_by("code").values_list("code", "name"))
    rows = []
    for code, name in children:
        now = facts.get((month, code), {})
        ytd = figures_add(facts.get((m, code), {}) for m in months)
        h: dict[str, int] = defaultdict(int)
        p: dict[str, int] = defaultdict(int)
        for (program, _, measure), value in now.items():
            if measure is Measure.HOUSEHOLDS:
                h[program] += value
            elif measure is Measure.PERSONS:
                p[program] += value
        rows.append(
            AreaRow(
                code,
                name,
                dict(h),
                dict(p),
                _total(now, Measure.PAID_CENTS) + _total(now, Measure.GRANT_CENTS),
                _total(ytd, Measure.PAID_CENTS) + _total(ytd, Measure.GRANT_CENTS),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True, kw_only=True)
class YearFigures:
    area: Area
    year: int
    through: date  # the last month counted (December, or this month for the current year)
    year_end: Figures  # the counts at the end of ``through``
    flows: Figures  # 新增, 退出, money and 临时救助 summed over the year to ``through``
    previous_year_end: Figures  # the same for the year before, to its December
    previous_flows: Figures

    def total(self, measure: Measure, program: str = "", urban: bool | None = None) -> int:
        source = self.year_end if measure.point_in_time else self.flows
        return _total(source, measure, program, urban)

    def previous_total(self, measure: Measure, program: str = "", urban: bool | None = None) -> int:
        source = self.previous_year_end if measure.point_in_time else self.previous_flows
        return _total(source, measure, program, urban)


def year_figures(*, actor: User, area_code: str = "", year: int) -> YearFigures:
    """The year's figures: counts at the year's end (or at this month, for the current year), and the
    year's 新增, 退出, money and 临时救助; with the previous year's for comparison."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    now = today().replace(day=1)
    through = min(date(year, 12, 1), now) if year <= now.year else date(year, 12, 1)
    months = month_range(date(year, 1, 1), through)
    before = month_range(date(year - 1, 1, 1), date(year - 1, 12, 1))
    facts = _facts(area.code, [*before, *months])
    return YearFigures(
        area=area,
        year=year,
        through=through,
        year_end=facts.get((through, ""), {}),
        flows=figures_add(facts.get((m, ""), {}) for m in months),
        previous_year_end=facts.get((date(year - 1, 12, 1), ""), {}),
        previous_flows=figures_add(facts.get((m, ""), {}) for m in before),
    )
