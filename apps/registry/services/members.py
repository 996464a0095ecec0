"""A household's members: joining, leaving, a new head, and moving a person between households.

A membership row is never rewritten: a change ends the current row and opens a new one, so the history
shows who belonged where, and when. The helpers below (:func:`_join`, :func:`_end`, ...) are the one way
the registry's services open and close those rows; they write no audit of their own and run inside the
calling service's transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record
from apps.registry.choices import HouseholdStatus, MembershipEnd
from apps.registry.models import Household, Membership, Person
from apps.registry.services.persons import PersonInput, person_create
from policy.errors import NotFound, ValidationFailed
from policy.household import RELATION_LABELS, Relation
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


def _require_active(household: Household) -> None:
    if household.status != HouseholdStatus.ACTIVE:
        raise ValidationFailed.on("", "该家庭已注销，不能再修改成员")


def _join(*, household: Household, person: Person, relation: str, on: date) -> Membership:
    return Membership.objects.create(household=household, person=person, relation=relation, start_date=on)


def _current_membership(person: Person) -> Membership | None:
    return Membership.objects.select_for_update().filter(person=person, end_date__isnull=True).first()


def _end(membership: Membership, *, reason: str, on: date) -> None:
    membership.end_date = on
    membership.end_reason = reason
    membership.save(update_fields=["end_date", "end_reason"])


@transaction.atomic
def household_member_add(
    *,
    actor: User,
    household: Household,
    relation: str,
    person: Person | None = None,
    data: PersonInput | None = None,
) -> Membership:
    """Add a member: a new person, or a registered one who is in no household now."""
    require(actor, Capability.EDIT_REGISTRY)
    _require_active(household)
    if relation == Relation.HEAD:
        raise ValidationFailed.on("relation", "家庭已有户主；如需更换户主请使用“变更户主”")
    if relation not in RELATION_LABELS:
        raise ValidationFailed.on("relation", "与户主关系无效")
    if person is None:
        if data is None:
            raise ValidationFailed.on("", "请填写成员信息")
        person = person_create(actor=actor, data=data, household_id=household.pk)
    elif _current_membership(person) is not None:
        raise ValidationFailed.on(
            "person", f"{person.name} 已是其他家庭的成员，请在“增加成员”页面用“迁入已登记人员”办理"
        )
    membership = _join(household=household, person=person, relation=relation, on=timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.JOIN,
        entity=person,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"{person.name} 加入家庭（{RELATION_LABELS[Relation(relation)]}）",
    )
    return membership


@transaction.atomic
def household_member_end(*, actor: User, household: Household, person: Person, reason: str) -> Membership:
    """A member leaves the household (removed, or died). The head must be replaced first."""
    require(actor, Capability.EDIT_REGISTRY)
    _require_active(household)
    if reason not in (MembershipEnd.REMOVED, MembershipEnd.DIED):
        raise ValidationFailed.on("reason", "请选择离开原因")
    membership = _current_membership(person)
    if membership is None or membership.household_id != household.pk:
        raise NotFound()
    if membership.relation == Relation.HEAD:
        raise ValidationFailed.on("", "户主不能直接移出，请先变更户主")
    _end(membership, reason=reason, on=timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.LEAVE,
        entity=person,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"{person.name} 离开家庭（{MembershipEnd(reason).label}）",
    )
    return membership


@transaction.atomic
def household_head_change(
    *, actor: User, household: Household, new_head: Person, old_head_relation: str
) -> None:
    """Make ``new_head`` the head; the old head stays as ``old_head_relation`` to the new one."""
    require(actor, Capability.EDIT_REGISTRY)
    _require_active(household)
    if old_head_relation == Relation.HEAD or old_head_relation not in RELATION_LABELS:
        raise ValidationFailed.on("old_head_relation", "请选择原户主与新户主的关系")
    current = {
        m.person_id: m
        for m in Membership.objects.select_for_update().filter(household=household, end_date__isnull=True)
    }
    target = current.get(new_head.pk)
    if target is None:
        raise ValidationFailed.on("new_head", "新户主必须是本家庭现有成员")
    if target.relation == Relation.HEAD:
        return
    today = timezone.localdate()
    old = next(m for m in current.values() if m.relation == Relation.HEAD)
    # End both rows and open new ones, so the history shows who was head when.
    _end(old, reason=MembershipEnd.REMOVED, on=today)
    _end(target, reason=MembershipEnd.REMOVED, on=today)
    _join(household=household, person=old.person, relation=old_head_relation, on=today)
    _join(household=household, person=new_head, relation=Relation.HEAD, on=today)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=household,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"户主由 {old.person.name} 变更为 {new_head.name}",
        before={"head": old.person_id},
        after={"head": new_head.pk},
    )


@transaction.atomic
def person_move(*, actor: User, person: Person, to_household: Household, relation: str) -> Membership:
    """Move a person from their current household (if any) into another, keeping both memberships."""
    require(actor, Capability.EDIT_REGISTRY)
    _require_active(to_household)
    if relation == Relation.HEAD or relation not in RELATION_LABELS:
        raise ValidationFailed.on("relation", "请选择迁入后与户主的关系（不能为户主）")
    current = _current_membership(person)
    if current is not None:
        if current.household_id == to_household.pk:
            raise ValidationFailed.on("household", f"{person.name} 已在该家庭中")
        if current.relation == Relation.HEAD:
            raise ValidationFailed.on("", f"{person.name} 是原家庭户主，请先为原家庭变更户主")
        _end(current, reason=MembershipEnd.MOVED, on=timezone.localdate())
        audit_record(
            actor=actor,
            action=AuditAction.MOVE,
            entity=person,
            area_code=current.household.area_id,
            household_id=current.household_id,
            summary=f"{person.name} 迁出至家庭{to_household.number}",
        )
    membership = _join(household=to_household, person=person, relation=relation, on=timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.MOVE,
        entity=person,
        area_code=to_household.area_id,
        household_id=to_household.pk,
        summary=f"{person.name} 迁入（{RELATION_LABELS[Relation(relation)]}）"
        + (f"，来自家庭{current.household.number}" if current else ""),
    )
    return membership
