"""Reading the registry. Every function takes the actor and returns only what lies in the actor's area."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from apps.core.db import prefix_q
from apps.core.models import AuditLog
from apps.core.numbers import number_q
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


# The household list's orders: most recently changed first (a household just made is on top), by 户编号,
# and village by village (the 花名册 order). Each is served by an index, so no page sorts the whole area.
HOUSEHOLD_ORDERS = {
    "recent": ("-updated_at", "-id"),
    "number": ("number",),
    "area": ("area_id", "id"),
}


def household_list_for(
    *, actor: User, filters: HouseholdFilter | None = None, order: str = "area"
) -> QuerySet[Household]:
    """Households in the actor's area with the head's name and ID and the member count.

    Ordered by ``order`` (a key of :data:`HOUSEHOLD_ORDERS`); by default village by village in registration
    order (the 花名册 order), which the (area, id) index serves without a sort.
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
    by_number = number_q("number", f.q) if f.q else None
    if by_number is not None:  # a 户编号, whole or in part
        qs = qs.filter(by_number)
    elif f.q:
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
    ).order_by(*HOUSEHOLD_ORDERS.get(order, HOUSEHOLD_ORDERS["area"]))


# Above this many households an unfiltered total on PostgreSQL is the planner's estimate: counting a county
# of a million rows exactly would cost more than the page.
EXACT_COUNT_UP_TO = 10_000


def household_total_for(*, households: QuerySet[Household]) -> tuple[int, bool]:
    """How many rows ``households`` (from :func:`household_list_for`) holds, and whether it is an estimate.

    Exact up to :data:`EXACT_COUNT_UP_TO`; beyond it, on PostgreSQL, the planner's estimate of the scoped
    query (it reads the table's statistics, not the rows). SQLite always counts exactly.
    """
    rows = households.order_by().values("pk")
    exact = rows[: EXACT_COUNT_UP_TO + 1].count()
    if exact <= EXACT_COUNT_UP_TO or connection.vendor != "postgresql":
        return (exact if exact <= EXACT_COUNT_UP_TO else rows.count()), False
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return max(int(plan[0]["Plan"]["Plan Rows"]), exact), True


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
            household_number=Subquery(household.values("household__number")[:1]),
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
