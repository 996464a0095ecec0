"""Reading the annual appendix of an area (a county or a township) and a year, inside the actor's area.

Every figure comes from what already counts it, never from a count of its own:

* 在保, 新增, 退出, money and 临时救助: :func:`apps.statistics.selectors.year_figures` (the fact table, whose
  money is the payroll's 实发 — the 资金台账 — to the fen);
* the money per month for the chart: :func:`apps.statistics.selectors.trend`;
* the standards: :func:`apps.standards.selectors.standards_for_many` on the last day counted and the same
  day a year before;
* the leads: the cross-check leads found in the year, by source, summed in one query. (The cross-check's
  own ``lead_stats_for`` has no year; this is the same count, restricted to leads found in the year.)

Who may read it: whoever reads statistics (:data:`Capability.VIEW_STATISTICS`), for an area inside their
own; anything else answers NotFound like an area that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from apps.annual.models import AnnualFile
from apps.areas.models import Area
from apps.core.clock import today
from apps.core.scoping import area_q, require
from apps.crosscheck.models import Lead
from apps.standards.selectors import standards_for_many
from apps.statistics.selectors import (
    PROGRAM_LABELS,
    Freshness,
    YearFigures,
    freshness,
    statistics_area_get,
    trend,
    year_figures,
)
from policy.annual import APPENDIX_STANDARDS, Appendix, CaseLine, LeadLine, Sentence, StandardLine
from policy.annual import appendix_sentences as sentences_for
from policy.areas import area_code_range
from policy.crosscheck import SOURCES, LeadState
from policy.errors import NotFound, ValidationFailed
from policy.parameters import CATALOGUE, Standards
from policy.roles import Capability
from policy.statistics import Figures, Measure

if TYPE_CHECKING:
    from apps.accounts.models import User

FIRST_YEAR = 2015  # the earliest year a summary is asked for; older data is not kept in minzheng
GRANT_PROGRAM = "temporary"  # paid once: counted as 人次 and 金额, not as cases


@dataclass(frozen=True, slots=True)
class MonthMoney:
    month: date
    paid_cents: int  # the monthly programmes' 实发
    grant_cents: int  # 临时救助

    @property
    def total_cents(self) -> int:
        return self.paid_cents + self.grant_cents


@dataclass(frozen=True, slots=True, kw_only=True)
class AppendixView:
    """The appendix with what the pages and files show around it."""

    area: Area
    appendix: Appendix
    sentences: tuple[Sentence, ...]
    months: tuple[MonthMoney, ...]  # the counted months of the year, for the chart
    standards_on: date  # the day the standards were read
    freshness: Freshness  # of the last month counted


def years_open() -> list[int]:
    """The years offered in the picker: this year back to :data:`FIRST_YEAR`, newest first."""
    return list(range(today().year, FIRST_YEAR - 1, -1))


def year_parse(text: object) -> int:
    """A year from the picker, the API or the command line; a clear reason otherwise."""
    raw = str(text or "").strip()
    if not raw:
        return today().year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= today().year:
        raise ValidationFailed.on("year", f"年度应为{FIRST_YEAR}至{today().year}之间的四位数字")
    return int(raw)


def _order(program: str) -> int:
    codes = list(PROGRAM_LABELS)
    return codes.index(program) if program in codes else len(codes)


def _case_lines(figures: YearFigures) -> tuple[CaseLine, ...]:
    parts = (figures.year_end, figures.flows, figures.previous_year_end, figures.previous_flows)
    keys = sorted(
        {(p, u) for part in parts for p, u, _ in part if p != GRANT_PROGRAM},
        key=lambda k: (_order(k[0]), not k[1]),
    )

    def get(part: Figures, program: str, urban: bool, measure: Measure) -> int:
        return int(part.get((program, urban, measure), 0))

    lines = []
    for program, urban in keys:
        now, flows = figures.year_end, figures.flows
        before, before_flows = figures.previous_year_end, figures.previous_flows
        lines.append(
            CaseLine(
                program=program,
                label=PROGRAM_LABELS.get(program, program),
                is_urban=urban,
                households=get(now, program, urban, Measure.HOUSEHOLDS),
                persons=get(now, program, urban, Measure.PERSONS),
                new_households=get(flows, program, urban, Measure.NEW_HOUSEHOLDS),
                new_persons=get(flows, program, urban, Measure.NEW_PERSONS),
                exit_households=get(flows, program, urban, Measure.EXIT_HOUSEHOLDS),
                exit_persons=get(flows, program, urban, Measure.EXIT_PERSONS),
                paid_cents=get(flows, program, urban, Measure.PAID_CENTS),
                previous_households=get(before, program, urban, Measure.HOUSEHOLDS),
                previous_persons=get(before, program, urban, Measure.PERSONS),
                previous_paid_cents=get(before_flows, program, urban, Measure.PAID_CENTS),
            )
        )
    return tuple(lines)


def standards_lines(*, area_code: str, on: date) -> tuple[StandardLine, ...]:
    """The appendix's standards in force on ``on`` and on the same day a year before (None: not set)."""
    before = _year_before(on)
    now_all = standards_for_many(area_codes=[area_code], on=on)
    then_all = standards_for_many(area_codes=[area_code], on=before)
    lines = []
    for key, urban, label in APPENDIX_STANDARDS:
        now, then = now_all[(area_code, urban)], then_all[(area_code, urban)]
        lines.append(StandardLine(key, label, CATALOGUE[key].unit, _money(now, key), _money(then, key)))
    return tuple(lines)


def _money(standards: Standards, key: str) -> Decimal | None:
    try:
        return standards.money(key)
    except ValidationFailed:  # not configured for that day
        return None


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


_CONFIRMED = [LeadState.CONFIRMED.value, LeadState.REMEDIED.value]


def lead_lines(*, actor: User, area_code: str, year: int) -> tuple[LeadLine, ...]:
    """The leads found in ``year`` in the area, by source: found, 属实, 不属实, 已处理 and the amount at
    risk of the confirmed ones."""
    low, high = area_code_range(area_code)
    grouped = (
        Lead.objects.filter(area_q(actor, "area"), area_id__gte=low, area_id__lte=high)
        .filter(found_on__gte=date(year, 1, 1), found_on__lte=date(year, 12, 31))
        .values("source__code")
        .annotate(
            found=Count("id"),
            confirmed=Count("id", filter=Q(state__in=_CONFIRMED)),
            unfounded=Count("id", filter=Q(state=LeadState.UNFOUNDED.value)),
            remedied=Count("id", filter=Q(state=LeadState.REMEDIED.value)),
            amount=Sum("amount_at_risk", filter=Q(state__in=_CONFIRMED)),
        )
        .order_by()
    )
    order = list(SOURCES)
    rows = sorted(grouped, key=lambda g: order.index(g["source__code"]) if g["source__code"] in order else 99)
    return tuple(
        LeadLine(
            source=g["source__code"],
            label=SOURCES[g["source__code"]].label if g["source__code"] in SOURCES else g["source__code"],
            found=g["found"],
            confirmed=g["confirmed"],
            unfounded=g["unfounded"],
            remedied=g["remedied"],
            amount_confirmed=g["amount"] or Decimal("0"),
        )
        for g in rows
    )


def _months(actor: User, area: Area, year: int, through: date) -> tuple[MonthMoney, ...]:
    data = trend(actor=actor, area_code=area.code, months=through.month, until=through)
    return tuple(
        MonthMoney(
            point.month,
            sum(c for p, c in point.paid_cents.items() if p != GRANT_PROGRAM),
            point.paid_cents.get(GRANT_PROGRAM, 0),
        )
        for point in data.points
        if point.month.year == year
    )


def appendix_for(*, actor: User, area_code: str = "", year: int) -> AppendixView:
    """The appendix of the area ("" = the actor's own) for ``year``: to December, or to this month for the
    year still running, with the previous year beside it."""
    area = statistics_area_get(actor=actor, area_code=area_code)
    if not FIRST_YEAR <= year <= today().year:
        raise NotFound(f"只能查看{FIRST_YEAR}年至{today().year}年的数据附录")
    figures = year_figures(actor=actor, area_code=area.code, year=year)
    through = figures.through
    standards_on = date(year, 12, 31) if through.month == 12 else today()
    appendix = Appendix(
        area_code=area.code,
        area_name=area.name,
        year=year,
        through=through,
        cases=_case_lines(figures),
        grants=figures.total(Measure.GRANTS),
        grant_cents=figures.total(Measure.GRANT_CENTS),
        previous_grants=figures.previous_total(Measure.GRANTS),
        previous_grant_cents=figures.previous_total(Measure.GRANT_CENTS),
        standards=standards_lines(area_code=area.code, on=standards_on),
        leads=lead_lines(actor=actor, area_code=area.code, year=year),
    )
    return AppendixView(
        area=area,
        appendix=appendix,
        sentences=sentences_for(appendix),
        months=_months(actor, area, year, through),
        standards_on=standards_on,
        freshness=freshness(area_code=area.code, month=through),
    )


def files_for(*, actor: User, area: Area, year: int) -> QuerySet[AnnualFile]:
    """The files generated for the area and year, newest first."""
    require(actor, Capability.VIEW_STATISTICS)
    return (
        AnnualFile.objects.filter(area_q(actor, "area"), area=area, year=year)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:20]
    )
