"""Reading what the home page shows: counts inside the actor's area, and for those who read statistics the
dashboard's figures and charts (from apps.statistics.selectors, which answer from the monthly fact table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.models import AuditLog
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


def recent_audit_for(*, actor: User, limit: int = 10) -> list[AuditLog]:
    """The latest audit rows of the actor's own area, for roles that read the audit trail."""
    if not actor.can(Capability.VIEW_AUDIT):
        return []
    return list(AuditLog.objects.filter(area_q(actor, "area_code")).order_by("-at", "-id")[:limit])


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
