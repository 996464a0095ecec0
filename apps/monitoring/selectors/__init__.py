"""Reads of the low-income monitoring, all scoped to the actor's area through apps/core/scoping.py.

The county-wide figures that the early-warning rules read are in :mod:`apps.monitoring.selectors.gather`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.accounts.models import User
from apps.areas.models import Area
from apps.assistance.models import Case
from apps.core.scoping import actor_bounds, area_q, get_scoped, require
from apps.monitoring.models import Alert, MonitoringFlag
from apps.monitoring.selectors.gather import OPEN_CASE, REGISTER_PROGRAMS, register_households
from apps.registry.models import Household
from policy.areas import AreaLevel, area_code_level, area_code_range
from policy.roles import Capability

FLAGGED = "flagged"  # the register's category for 防返贫监测对象 (beside the programme codes)
CATEGORIES = [(p.value, p.label) for p in REGISTER_PROGRAMS] + [(FLAGGED, "防返贫监测对象")]


@dataclass(frozen=True)
class RegisterFilter:
    category: str = ""
    township: str = ""
    village: str = ""


def register_list_for(*, actor: User, filters: RegisterFilter = RegisterFilter()) -> QuerySet[Household]:
    """低收入人口: the register's households in the actor's area, optionally one category or area."""
    require(actor, Capability.VIEW_MONITORING)
    low, high = actor_bounds(actor)
    rows = register_households(low=low, high=high)
    if filters.category == FLAGGED:
        rows = rows.filter(
            Exists(MonitoringFlag.objects.filter(household=OuterRef("pk"), cleared_on__isnull=True))
        )
    elif filters.category:
        rows = rows.filter(
            Exists(
                Case.objects.filter(household=OuterRef("pk"), program=filters.category, status__in=OPEN_CASE)
            )
        )
    if filters.village:
        rows = rows.filter(area_id=filters.village)
    elif filters.township:
        t_low, t_high = area_code_range(filters.township)
        rows = rows.filter(area_id__gte=t_low, area_id__lte=t_high)
    return rows.select_related("area").order_by("area_id", "pk")


def register_counts_for(*, actor: User) -> list[tuple[str, str, int]]:
    """(category, label, households) over the actor's whole register: one query per category."""
    return [
        (code, label, register_list_for(actor=actor, filters=RegisterFilter(category=code)).count())
        for code, label in CATEGORIES
    ]


def register_categories(households: list[Household]) -> dict[int, list[str]]:
    """household → the labels of its register categories, for a page of rows (two queries)."""
    ids = [h.pk for h in households]
    out: dict[int, list[str]] = {i: [] for i in ids}
    labels = dict(CATEGORIES)
    for hid, program in (
        Case.objects.filter(household_id__in=ids, program__in=[p.value for p in REGISTER_PROGRAMS])
        .filter(status__in=OPEN_CASE)
        .values_list("household_id", "program")
        .distinct()
    ):
        out[hid].append(labels[program])
    for hid in MonitoringFlag.objects.filter(household_id__in=ids, cleared_on__isnull=True).values_list(
        "household_id", flat=True
    ):
        out[hid].append(labels[FLAGGED])
    return out


def flag_get_for(*, actor: User, flag_id: int | str) -> MonitoringFlag:
    require(actor, Capability.VIEW_MONITORING)
    return get_scoped(
        MonitoringFlag.objects.select_related("household"), actor=actor, field="area", pk=flag_id
    )


def household_flags(*, household: Household) -> QuerySet[MonitoringFlag]:
    return MonitoringFlag.objects.filter(household=household)


@dataclass(frozen=True)
class AlertFilter:
    state: str = "open"  # open, overdue, closed or "" (all)
    rule: str = ""
    township: str = ""
    village: str = ""


def alert_list_for(*, actor: User, on: date, filters: AlertFilter = AlertFilter()) -> QuerySet[Alert]:
    require(actor, Capability.VIEW_MONITORING)
    rows = Alert.objects.filter(area_q(actor, "area")).select_related("household", "area", "township")
    if filters.state == "open":
        rows = rows.filter(closed_on__isnull=True)
    elif filters.state == "overdue":
        rows = rows.filter(closed_on__isnull=True, due_on__lt=on)
    elif filters.state == "closed":
        rows = rows.filter(closed_on__isnull=False)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    if filters.village:
        rows = rows.filter(area_id=filters.village)
    elif filters.township:
        rows = rows.filter(township_id=filters.township)
    return rows.order_by("due_on", "pk")


def alert_get_for(*, actor: User, alert_id: int | str) -> Alert:
    require(actor, Capability.VIEW_MONITORING)
    return get_scoped(
        Alert.objects.select_related("household", "area", "township", "application"),
        actor=actor,
        field="area",
        pk=alert_id,
    )


@dataclass(frozen=True)
class DashboardRow:
    area: Area
    open: int
    overdue: int


def dashboard_for(*, actor: User, on: date) -> list[DashboardRow]:
    """Open and overdue alerts per township in the actor's area (per village for a township or village
    actor): one grouped query."""
    require(actor, Capability.VIEW_MONITORING)
    by_village = area_code_level(actor.area_id or "") >= AreaLevel.TOWNSHIP
    key = "area_id" if by_village else "township_id"
    counts = (
        Alert.objects.filter(area_q(actor, "area"), closed_on__isnull=True)
        .values(key)
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=on)))
        .order_by(key)
    )
    areas = Area.objects.in_bulk([c[key] for c in counts])
    return [DashboardRow(areas[c[key]], c["open"], c["overdue"]) for c in counts if c[key] in areas]


def townships_for(*, actor: User) -> list[Area]:
    """The townships in the actor's area, for the filters (a village's or township's own only)."""
    require(actor, Capability.VIEW_MONITORING)
    if area_code_level(actor.area_id or "") >= AreaLevel.TOWNSHIP:
        return list(Area.objects.filter(pk=(actor.area_id or "")[:9] + "000"))
    return list(Area.objects.filter(area_q(actor, "code"), level=AreaLevel.TOWNSHIP).order_by("code"))


def villages_for(*, actor: User, township: str) -> list[Area]:
    """The villages of one township inside the actor's area, for the filters."""
    require(actor, Capability.VIEW_MONITORING)
    if not township:
        return []
    return list(
        Area.objects.filter(area_q(actor, "code"), level=AreaLevel.VILLAGE, parent_id=township).order_by(
            "code"
        )
    )
