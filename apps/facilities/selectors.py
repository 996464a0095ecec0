"""Scoped reads of the facilities register.

A facility is in scope when its area lies in the actor's area; an organisation's own staff see only the
facilities their organisation runs. Out of scope answers NotFound, the same as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apps.core.numbers import number_q
from apps.core.scoping import area_q, require
from apps.facilities.models import Facility, FacilityCapacity, FacilityPhoto, FacilityState
from apps.organisations.selectors import organisation_q
from policy.areas import area_code_range
from policy.errors import NotFound
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.core.scoping import Actor


@dataclass(frozen=True)
class FacilityFilter:
    q: str = ""
    kind: str = ""
    state: str = ""
    area_code: str = ""
    operator_id: int | None = None


def facilities_scoped(*, actor: Actor) -> QuerySet[Facility]:
    """Every facility the actor may see, unordered."""
    require(actor, Capability.VIEW_FACILITIES)
    return Facility.objects.filter(area_q(actor, "area_id"), organisation_q(actor, "operator_id"))


def facility_list_for(*, actor: Actor, filters: FacilityFilter | None = None) -> QuerySet[Facility]:
    """The facilities of the actor's scope, most recently changed first, by name or number and filters."""
    filters = filters or FacilityFilter()
    rows = facilities_scoped(actor=actor).select_related("area", "operator")
    text = filters.q.strip()
    if text:
        condition, by_number = Q(name__contains=text), number_q("number", text)
        rows = rows.filter(condition | by_number if by_number is not None else condition)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.area_code:
        low, high = area_code_range(filters.area_code)
        rows = rows.filter(area_id__gte=low, area_id__lte=high)
    if filters.operator_id is not None:
        rows = rows.filter(operator_id=filters.operator_id)
    return rows.order_by("-updated_at", "-id")


def facility_get_for(*, actor: Actor, facility_id: int | str) -> Facility:
    """One facility in the actor's scope, or NotFound whether it is missing or merely not theirs."""
    try:
        return facilities_scoped(actor=actor).select_related("area", "operator").get(pk=facility_id)
    except (Facility.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def facility_states_for(*, facility: Facility) -> QuerySet[FacilityState]:
    """The facility's dated states, the latest first (the facility is already in scope)."""
    return facility.states.select_related("recorded_by").order_by("-effective_on", "-id")


def facility_capacity_history(*, facility: Facility) -> QuerySet[FacilityCapacity]:
    """Every capacity row of the facility, by kind, the latest first."""
    return facility.capacities.select_related("recorded_by").order_by("kind", "-effective_from", "-id")


def facility_capacity_on(*, facility: Facility, on: date) -> dict[str, int]:
    """The capacity of each kind in force on ``on``: the latest row of that kind from that day or before."""
    current: dict[str, int] = {}
    for kind, count in (
        facility.capacities.filter(effective_from__lte=on)
        .order_by("kind", "-effective_from", "-id")
        .values_list("kind", "count")
    ):
        current.setdefault(kind, count)
    return current


def facility_photos_for(*, facility: Facility) -> QuerySet[FacilityPhoto]:
    return facility.photos.order_by("-uploaded_at", "-id")


def facility_photo_get_for(*, actor: Actor, photo_id: int | str) -> FacilityPhoto:
    """One photo of a facility in the actor's scope, or NotFound."""
    try:
        return FacilityPhoto.objects.select_related("facility").get(
            pk=photo_id, facility__in=facilities_scoped(actor=actor)
        )
    except (FacilityPhoto.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
