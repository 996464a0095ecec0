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
from policy.ages import born_by
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


def headline_figures(figures: MonthlyFigures, link: Link) -> list[Figure]:
    """社会救助's headline figures of the month, from the monthly fact table.

    This is the place where the indicator catalogue (apps/indicators, 指标目录) will feed the panel: each
    figure then becomes an indicator of the 社会救助 office read by its code, with the same value, and a
    new office's panel lists its own indicators the same way.
    """
    return [
        ("城市低保户数", figures.total(Measure.HOUSEHOLDS, "dibao", True), "户", link("dibao", True)),
        ("城市低保人数", figures.total(Measure.PERSONS, "dibao", True), "人", link("dibao", True)),
        ("农村低保户数", figures.total(Measure.HOUSEHOLDS, "dibao", False), "户", link("dibao", False)),
        ("农村低保人数", figures.total(Measure.PERSONS, "dibao", False), "人", link("dibao", False)),
        ("特困供养人数", figures.total(Measure.PERSONS, "tekun"), "人", link("tekun")),
        ("当月新增低保户", figures.total(Measure.NEW_HOUSEHOLDS, "dibao"), "户", link("dibao", flow="new")),
        ("当月退出低保户", figures.total(Measure.EXIT_HOUSEHOLDS, "dibao"), "户", link("dibao", flow="exit")),
    ]


def paid_cents(figures: MonthlyFigures) -> tuple[int, int]:
    """What was paid (payroll lines and 临时救助 grants), in fen: the month, and the year to date."""
    month = figures.total(Measure.PAID_CENTS) + figures.total(Measure.GRANT_CENTS)
    year = sum(
        v for (_, _, m), v in figures.year_to_date.items() if m in (Measure.PAID_CENTS, Measure.GRANT_CENTS)
    )
    return month, year
