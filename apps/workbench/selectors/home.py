"""Reading what the home page's 社会救助 panel shows: the registry's counts inside the actor's area, and for
those who read statistics the month's figures and charts (from apps.statistics.selectors, which answer
from the monthly fact table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.scoping import area_q, require
from apps.registry.models import DuplicateFlag, Household, Membership
from apps.statistics.selectors import (
    AreaRow,
    MonthlyFigures,
    Trend,
    breakdown,
    latest_month,
    monthly_figures,
    trend,
)
from apps.workbench.selectors.inbox import inbox_for
from policy.ages import born_by
from policy.indicators import CATALOGUE, FactRule, fact_value
from policy.roles import Capability
from policy.statistics import Measure

if TYPE_CHECKING:
    from apps.accounts.models import User


DASHBOARD_SECONDS = 300


def dashboard_for(*, actor: User) -> dict[str, object]:
    """Headline counts for the actor's area: households, people, the elderly, the disabled, children.

    A county of a million people takes about a second to count, so the figures are kept for five minutes
    per area (the key is the area, never the user: two users of one area see the same numbers).
    """
    require(actor, Capability.VIEW_REGISTRY)
    key = f"dashboard:{actor.area_id}"
    cached = cache.get(key)
    if cached is None:
        cached = {**_dashboard_counts(actor), "as_of": timezone.now()}
        cache.set(key, cached, DASHBOARD_SECONDS)
    return cached


def _dashboard_counts(actor: User) -> dict[str, int]:
    today = timezone.localdate()
    eighty = born_by(today, 80)
    eighteen = born_by(today, 18)
    members = Membership.objects.filter(area_q(actor, "household__area"), end_date__isnull=True)
    people = members.aggregate(
        people=Count("pk"),
        elderly=Count("pk", filter=Q(person__birth_date__lte=eighty)),
        children=Count("pk", filter=Q(person__birth_date__gt=eighteen)),
        disabled=Count("pk", filter=Q(person__disability_grade__isnull=False)),
    )
    households = Household.objects.filter(area_q(actor, "area"), status="active").count()
    duplicates = DuplicateFlag.objects.filter(status="open", person__in=members.values("person")).count()
    return {"households": households, "duplicates": duplicates, **people}


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The statistics part of the home page: the newest month with figures, its headline figures (with
    the month before), the 12-month trend and the breakdown by the areas one level down."""

    monthly: MonthlyFigures
    trend: Trend
    areas: tuple[AreaRow, ...]

    @property
    def month(self) -> date:
        return self.monthly.month


def dashboard_statistics_for(*, actor: User) -> Dashboard | None:
    """The dashboard's statistics for the actor's area, or None for a role that does not read statistics."""
    if not actor.can(Capability.VIEW_STATISTICS):
        return None
    month = latest_month(actor=actor)
    return Dashboard(
        monthly=monthly_figures(actor=actor, month=month),
        trend=trend(actor=actor, until=month),
        areas=breakdown(actor=actor, month=month),
    )


# A figure of the panel: (label, value, unit, the link to the records it counts).
Figure = tuple[str, int, str, str]
Link = Callable[..., str]  # (program, urban=None, flow="in_care") → the case list behind a figure

# 社会救助's headline figures, as codes of the one indicator catalogue (policy/indicators): the panel
# shows each under the catalogue's name and unit, with the value its rule gives over the month's facts,
# the same value the monthly table, the API and `minzheng indicators` give. A new office's panel lists
# its own codes the same way.
HEADLINE: tuple[str, ...] = ("MZ0101", "MZ0102", "MZ0103", "MZ0104", "MZ0503", "MZ0105", "MZ0107")
_FLOWS = {
    Measure.NEW_HOUSEHOLDS: "new",
    Measure.NEW_PERSONS: "new",
    Measure.EXIT_HOUSEHOLDS: "exit",
    Measure.EXIT_PERSONS: "exit",
}


def headline_figures(figures: MonthlyFigures, link: Link, codes: tuple[str, ...] = HEADLINE) -> list[Figure]:
    """The headline figures of the month (``codes`` of the catalogue), each linking to its case list."""
    out: list[Figure] = []
    for code in codes:
        indicator = CATALOGUE[code]
        rule = indicator.rule
        assert isinstance(rule, FactRule)
        value = fact_value(
            rule,
            unit=indicator.unit,
            period=indicator.period,
            month=figures.figures,
            year_to_date=figures.year_to_date,
        )
        flow = _FLOWS.get(rule.measures[0], "in_care")
        href = link(rule.programs[0], rule.urban, flow=flow)
        out.append((indicator.name, int(value or 0), indicator.unit.value, href))
    return out


def paid_cents(figures: MonthlyFigures) -> tuple[int, int]:
    """What was paid (payroll lines and 临时救助 grants), in fen: the month, and the year to date."""
    month = figures.total(Measure.PAID_CENTS) + figures.total(Measure.GRANT_CENTS)
    year = sum(
        v for (_, _, m), v in figures.year_to_date.items() if m in (Measure.PAID_CENTS, Measure.GRANT_CENTS)
    )
    return month, year


# ---------------------------------------------------------------- 待办 at the top of the home page


@dataclass(frozen=True, slots=True)
class Waiting:
    """One 待办 item of the home page: a group of the 待办 page, as its counts only."""

    key: str
    label: str
    total: int
    overdue: int


def waiting_for(*, actor: User, on: date | None = None) -> list[Waiting]:
    """What waits for the actor in their area, item by item in the 待办 page's order (only the items with
    something waiting). Counts only: each group answers its total and overdue in one query and its rows
    are never fetched (apps.core.inbox.FirstRows)."""
    return [
        Waiting(g.key, g.label, g.total, g.overdue)
        for office in inbox_for(actor=actor, on=on)
        for g in office.groups
        if g.total
    ]
