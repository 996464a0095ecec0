"""Scoped reads of organisations.

Every read is inside the actor's area (apps/core/scoping); an account bound to an organisation
(:class:`OrganisationStaff`) sees that organisation and nothing else. Out of scope answers NotFound, the
same as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apps.core.db import prefix_q
from apps.core.numbers import number_q
from apps.core.scoping import area_q, require
from apps.organisations.models import Organisation, OrganisationStaff, OrganisationState
from policy.areas import area_code_range
from policy.errors import NotFound
from policy.identity import credit_code_normalize
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.core.scoping import Actor


def staff_organisation_id(actor: Actor) -> int | None:
    """The organisation the actor's account belongs to, or None for the bureau's own staff."""
    if not actor.pk:
        return None
    return (
        OrganisationStaff.objects.filter(user_id=actor.pk).values_list("organisation_id", flat=True).first()
    )


def organisation_q(actor: Actor, field: str = "pk") -> Q:
    """The rows whose organisation (``field``, a key of Organisation) the actor may see: the bureau's staff
    every organisation, an organisation's own staff only their own. Combine it with the area filter."""
    own = staff_organisation_id(actor)
    return Q() if own is None else Q(**{field: own})


@dataclass(frozen=True)
class OrganisationFilter:
    q: str = ""
    kind: str = ""
    state: str = ""
    area_code: str = ""


def organisations_scoped(*, actor: Actor) -> QuerySet[Organisation]:
    """Every organisation the actor may see, unordered."""
    require(actor, Capability.VIEW_ORGANISATIONS)
    return Organisation.objects.filter(area_q(actor, "area_id"), organisation_q(actor))


def organisation_list_for(
    *, actor: Actor, filters: OrganisationFilter | None = None
) -> QuerySet[Organisation]:
    """The organisations of the actor's scope, most recently changed first, by name, credit code or number."""
    filters = filters or OrganisationFilter()
    rows = organisations_scoped(actor=actor).select_related("area")
    text = filters.q.strip()
    if text:
        by_number = number_q("number", text)
        code = credit_code_normalize(text)
        condition = Q(name__contains=text)
        if by_number is not None:
            condition |= by_number
        if len(code) >= 4 and code.isalnum():
            condition |= prefix_q("credit_code", code)
        rows = rows.filter(condition)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.area_code:
        low, high = area_code_range(filters.area_code)
        rows = rows.filter(area_id__gte=low, area_id__lte=high)
    return rows.order_by("-updated_at", "-id")


def organisation_get_for(*, actor: Actor, organisation_id: int | str) -> Organisation:
    """One organisation in the actor's scope, or NotFound whether it is missing or merely not theirs."""
    try:
        return (
            organisations_scoped(actor=actor)
            .select_related("area", "legal_representative")
            .get(pk=organisation_id)
        )
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organisation_states_for(*, organisation: Organisation) -> QuerySet[OrganisationState]:
    """The organisation's dated states, the latest first (the organisation is already in scope)."""
    return organisation.states.select_related("recorded_by").order_by("-effective_on", "-id")


def organisation_choices_for(*, actor: Actor) -> list[tuple[str, str]]:
    """(id, "name（number）") of the organisations the actor may choose, e.g. as a facility's operator."""
    rows = organisations_scoped(actor=actor).exclude(state__in=("revoked", "deregistered")).order_by("name")
    return [
        (str(pk), f"{name}（{number}）")
        for pk, name, number in rows.values_list("pk", "name", "number")[:2000]
    ]
