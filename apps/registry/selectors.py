"""Reading the registry. Every function takes the actor and returns only what lies in the actor's area."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from apps.core.db import prefix_q
from apps.core.models import AuditLog
from apps.core.scoping import area_q, get_scoped, require
from apps.registry.models import DuplicateFlag, Household, Membership, Person
from policy.errors import NotFound
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

_ID_LIKE = re.compile(r"^\d{6,17}[\dXx]?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdFilter:
    """The filters of the household list; all optional."""

    q: str = ""  # head's name, or an ID number (whole or its first digits)
    area_code: str = ""  # any area inside the actor's own
    is_urban: bool | None = None
    status: str = "active"
    has_disabled: bool = False
    has_elderly_since: str = ""  # birth date on or before this ISO date


def _current(qs: QuerySet[Membership]) -> QuerySet[Membership]:
    return qs.filter(end_date__isnull=True)


def person_scope_q(actor: User) -> Q:
    """A person is in scope through their current household, or through their 户籍 when in none."""
    current = _current(Membership.objects.filter(person=OuterRef("pk")))
    return Q(Exists(current.filter(area_q(actor, "household__area")))) | (
        ~Q(Exists(current)) & area_q(actor, "hukou_area")
    )


def _text_q(text: str, *, name_field: str, id_field: str) -> Q:
    text = text.strip()
    if _ID_LIKE.match(text):
        return prefix_q(id_field, text.upper())
    return prefix_q(name_field, text)


def household_list_for(*, actor: User, filters: HouseholdFilter | None = None) -> QuerySet[Household]:
    """Households in the actor's area with the head's name and ID and the member count.

    Ordered village by village in registration order (the 花名册 order): the (area, id) index serves it
    without a sort, so the first page of a county of 400,000 households costs what a village's does.
    """
    require(actor, Capability.VIEW_REGISTRY)
    f = filters or HouseholdFilter()
    heads = _current(Membership.objects.filter(household=OuterRef("pk"), relation="head"))
    qs = Household.objects.filter(area_q(actor, "area")).select_related("area", "area__parent")
    if f.area_code:
        qs = qs.filter(area_q(actor, "area") & _area_within_q(f.area_code, "area"))
    if f.is_urban is not None:
        qs = qs.filter(is_urban=f.is_urban)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        members = _current(Membership.objects.filter(household=OuterRef("pk"))).filter(
            _text_q(f.q, name_field="person__name", id_field="person__id_number")
        )
        qs = qs.filter(Exists(members))
    if f.has_disabled:
        qs = qs.filter(
            Exists(
                _current(Membership.objects.filter(household=OuterRef("pk"))).exclude(
                    person__disability_grade=None
                )
            )
        )
    if f.has_elderly_since:
        qs = qs.filter(
            Exists(
                _current(Membership.objects.filter(household=OuterRef("pk"))).filter(
                    person__birth_date__lte=f.has_elderly_since
                )
            )
        )
    return qs.annotate(
        head_name=Subquery(heads.values("person__name")[:1]),
        head_id_number=Subquery(heads.values("person__id_number")[:1]),
        head_phone=Subquery(heads.values("person__phone")[:1]),
        member_count=Subquery(
            _current(Membership.objects.filter(household=OuterRef("pk")))
            .values("household")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    ).order_by("area_id", "id")


def _area_within_q(code: str, field: str) -> Q:
    from policy.areas import area_code_range

    try:
        low, high = area_code_range(code)
    except ValueError:
        raise NotFound() from None
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def household_get_for(*, actor: User, household_id: int | str) -> Household:
    require(actor, Capability.VIEW_REGISTRY)
    return get_scoped(
        Household.objects.select_related("area", "area__parent"), actor=actor, field="area", pk=household_id
    )


def household_members(*, household: Household, current: bool = True) -> QuerySet[Membership]:
    """The household's members (head first), or its whole membership history when ``current`` is False."""
    qs = Membership.objects.filter(household=household).select_related("person", "person__hukou_area")
    if current:
        head_first = Case(When(relation="head", then=Value(0)), default=Value(1))
        return _current(qs).order_by(head_first, "id")
    return qs.order_by("start_date", "id")


def household_history_for(*, actor: User, household: Household) -> QuerySet[AuditLog]:
    """The audit rows about this household and its members, newest first."""
    household_get_for(actor=actor, household_id=household.pk)
    return AuditLog.objects.filter(household_id=household.pk).order_by("-at", "-id")


def person_list_for(*, actor: User, q: str = "", area_code: str = "") -> QuerySet[Person]:
    """Search people by name (from its start) or ID number (whole or leading digits) inside the area."""
    require(actor, Capability.VIEW_REGISTRY)
    qs = Person.objects.all()
    if q.strip():
        qs = qs.filter(_text_q(q, name_field="name", id_field="id_number"))
    qs = qs.filter(person_scope_q(actor))
    if area_code:
        current = _current(Membership.objects.filter(person=OuterRef("pk")))
        qs = qs.filter(Exists(current.filter(_area_within_q(area_code, "household__area"))))
    household = _current(Membership.objects.filter(person=OuterRef("pk")))
    return (
        qs.select_related("hukou_area")
        .annotate(
            household_id=Subquery(household.values("household_id")[:1]),
            relation=Subquery(household.values("relation")[:1]),
        )
        .order_by("name", "id")
    )


def person_get_for(*, actor: User, person_id: int | str) -> Person:
    require(actor, Capability.VIEW_REGISTRY)
    try:
        return (
            Person.objects.select_related("hukou_area", "residence_area")
            .filter(person_scope_q(actor))
            .get(pk=person_id)
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def person_current_membership(*, person: Person) -> Membership | None:
    return _current(person.memberships.select_related("household", "household__area")).first()


def duplicate_flags_for(*, actor: User, person: Person) -> QuerySet[DuplicateFlag]:
    """Open suspected duplicates involving ``person`` whose other party the actor may also see."""
    visible = Person.objects.filter(person_scope_q(actor)).values("pk")
    return (
        DuplicateFlag.objects.filter(Q(person=person) | Q(other=person), status="open")
        .filter(Q(person__in=visible) & Q(other__in=visible))
        .select_related("person", "other")
    )
