"""Households: creation with members, edits, and moving people between households with history kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.registry.choices import AccountType, HouseholdStatus, MembershipEnd
from apps.registry.models import Asset, Household, Income, Membership, Person
from apps.registry.services.persons import PersonInput, person_create
from policy.areas import AreaLevel
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.household import RELATION_LABELS, MemberSpec, Relation, household_composition_check
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

HOUSEHOLD_FIELDS = [
    "area_id",
    "is_urban",
    "address",
    "account_type",
    "bank_name",
    "account_number",
    "account_holder",
    "status",
]


@dataclass(kw_only=True)
class HouseholdInput:
    """The household's own fields. ``is_urban`` None takes the village's default."""

    area_code: str
    address: str
    is_urban: bool | None = None
    account_type: str = AccountType.BANK
    bank_name: str = ""
    account_number: str = ""
    account_holder: str = ""


@dataclass(kw_only=True)
class NewMember:
    """A member for a new household: a person to register, or one already registered (``person``)."""

    relation: str
    data: PersonInput | None = None
    person: Person | None = None
    label: str = field(default="")


def _household_values(*, actor: User, data: HouseholdInput) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    area = Area.objects.filter(pk=data.area_code).first()
    if area is None or not code_in_scope(actor, data.area_code):
        errors["area"] = [f"区划代码“{data.area_code}”不存在或不在您的辖区内"]
    elif area.level != AreaLevel.VILLAGE:
        errors["area"] = ["家庭必须登记到村(社区)一级"]
    if not data.address.strip():
        errors["address"] = ["家庭住址不能为空"]
    number = data.account_number.replace(" ", "")
    if number and not number.isdigit():
        errors["account_number"] = ["账号只能由数字组成"]
    elif number and not 8 <= len(number) <= 30:
        errors["account_number"] = ["账号长度应在8到30位之间"]
    if data.account_type not in AccountType.values:
        errors["account_type"] = ["发放账户类型无效"]
    if errors:
        raise ValidationFailed(errors)
    assert area is not None
    return {
        "area": area,
        "is_urban": area.is_urban if data.is_urban is None else data.is_urban,
        "address": data.address.strip(),
        "account_type": data.account_type,
        "bank_name": data.bank_name.strip(),
        "account_number": number,
        "account_holder": data.account_holder.strip(),
    }


def _require_active(household: Household) -> None:
    if household.status != HouseholdStatus.ACTIVE:
        raise ValidationFailed.on("", "该家庭已注销，不能再修改成员")


def _join(*, household: Household, person: Person, relation: str, on: date) -> Membership:
    return Membership.objects.create(household=household, person=person, relation=relation, start_date=on)


def _current_membership(person: Person) -> Membership | None:
    return Membership.objects.select_for_update().filter(person=person, end_date__isnull=True).first()


@transaction.atomic
def household_create(*, actor: User, data: HouseholdInput, members: list[NewMember]) -> Household:
    """Create a household with its members in one step: all of it, or nothing."""
    require(actor, Capability.EDIT_REGISTRY)
    values = _household_values(actor=actor, data=data)
    household_composition_check(
        [
            MemberSpec(label=m.label or (m.data.name if m.data else str(m.person)), relation=m.relation)
            for m in members
        ]
    )
    household = Household.objects.create(**values)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=household,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"新建家庭 {household.address}",
        after=snapshot(household, HOUSEHOLD_FIELDS),
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    for index, member in enumerate(members):
        try:
            person = member.person or person_create(actor=actor, data=member.data, household_id=household.pk)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            for key, reasons in exc.errors.items():
                errors.setdefault(f"members-{index}-{key}" if key else f"members-{index}", []).extend(reasons)
            continue
        except Conflict as exc:
            errors.setdefault(f"members-{index}-id_number", []).append(exc.message)
            continue
        if _current_membership(person) is not None:
            errors.setdefault(f"members-{index}", []).append(
                f"{person.name} 已是其他家庭的成员，请使用“迁入”办理"
            )
            continue
        _join(household=household, person=person, relation=member.relation, on=today)
        audit_record(
            actor=actor,
            action=AuditAction.MOVE,
            entity=person,
            area_code=household.area_id,
            household_id=household.pk,
            summary=f"{person.name} 加入家庭（{RELATION_LABELS[Relation(member.relation)]}）",
        )
    if errors:
        # Raising rolls back the household and every person created above.
        raise ValidationFailed(errors)
    return household


@transaction.atomic
def household_update(*, actor: User, household: Household, data: HouseholdInput) -> Household:
    require(actor, Capability.EDIT_REGISTRY)
    household = Household.objects.select_for_update().get(pk=household.pk)
    _require_active(household)
    before = snapshot(household, HOUSEHOLD_FIELDS)
    for key, value in _household_values(actor=actor, data=data).items():
        setattr(household, key, value)
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=household,
        area_code=household.area_id,
        household_id=household.pk,
        summary="修改家庭信息",
        before=before,
        after=snapshot(household, HOUSEHOLD_FIELDS),
    )
    return household


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
        raise ValidationFailed.on("person", f"{person.name} 已是其他家庭的成员，请使用“迁入”办理")
    membership = _join(household=household, person=person, relation=relation, on=timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.MOVE,
        entity=person,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"{person.name} 加入家庭（{RELATION_LABELS[Relation(relation)]}）",
    )
    return membership


def _end(membership: Membership, *, reason: str, on: date) -> None:
    membership.end_date = on
    membership.end_reason = reason
    membership.save(update_fields=["end_date", "end_reason"])


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
        action=AuditAction.MOVE,
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
            summary=f"{person.name} 迁出至家庭{to_household.pk}",
        )
    membership = _join(household=to_household, person=person, relation=relation, on=timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.MOVE,
        entity=person,
        area_code=to_household.area_id,
        household_id=to_household.pk,
        summary=f"{person.name} 迁入（{RELATION_LABELS[Relation(relation)]}）"
        + (f"，来自家庭{current.household_id}" if current else ""),
    )
    return membership


@transaction.atomic
def household_split(
    *, actor: User, household: Household, relations: dict[int, str], data: HouseholdInput
) -> Household:
    """Split some members off into a new household. ``relations`` maps each leaving person to their
    relation in the new household; exactly one of them becomes its head. The old head must stay."""
    require(actor, Capability.EDIT_REGISTRY)
    _require_active(household)
    current = {
        m.person_id: m
        for m in Membership.objects.select_for_update()
        .select_related("person")
        .filter(household=household, end_date__isnull=True)
    }
    leaving = [current.get(pid) for pid in relations]
    if not relations or any(m is None for m in leaving):
        raise ValidationFailed.on("members", "请选择要分出的本家庭现有成员")
    if any(m.relation == Relation.HEAD for m in leaving if m):
        raise ValidationFailed.on("members", "原户主不能分出；如需分出请先变更户主")
    if len(leaving) == len(current):
        raise ValidationFailed.on("members", "不能分出全部成员")
    household_composition_check(
        [MemberSpec(label=current[p].person.name, relation=r) for p, r in relations.items()]
    )
    values = _household_values(actor=actor, data=data)
    new = Household.objects.create(**values)
    today = timezone.localdate()
    for pid, relation in relations.items():
        _end(current[pid], reason=MembershipEnd.SPLIT, on=today)
        _join(household=new, person=current[pid].person, relation=relation, on=today)
    names = "、".join(current[pid].person.name for pid in relations)
    audit_record(
        actor=actor,
        action=AuditAction.SPLIT,
        entity=household,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"分户：{names} 分出为家庭{new.pk}",
        before={"members": sorted(current)},
        after={"members": sorted(set(current) - set(relations))},
    )
    audit_record(
        actor=actor,
        action=AuditAction.SPLIT,
        entity=new,
        area_code=new.area_id,
        household_id=new.pk,
        summary=f"由家庭{household.pk}分户新建，成员：{names}",
        after=snapshot(new, HOUSEHOLD_FIELDS),
    )
    return new


@transaction.atomic
def household_merge(
    *, actor: User, source: Household, target: Household, relations: dict[int, str]
) -> Household:
    """Merge ``source`` into ``target``: its members join with the given relations, its incomes and
    assets move over, and ``source`` is dissolved. Nothing is deleted."""
    require(actor, Capability.EDIT_REGISTRY)
    if source.pk == target.pk:
        raise ValidationFailed.on("target", "不能与本家庭合户")
    _require_active(source)
    _require_active(target)
    moving = list(
        Membership.objects.select_for_update()
        .select_related("person")
        .filter(household=source, end_date__isnull=True)
    )
    missing = [m.person.name for m in moving if m.person_id not in relations]
    if missing:
        raise ValidationFailed.on("relations", f"请填写 {'、'.join(missing)} 在合并后家庭中与户主的关系")
    if any(relations[m.person_id] == Relation.HEAD for m in moving):
        raise ValidationFailed.on("relations", "合并后的户主为目标家庭户主，并入成员不能再为户主")
    staying = list(
        Membership.objects.filter(household=target, end_date__isnull=True).select_related("person")
    )
    household_composition_check(
        [MemberSpec(label=m.person.name, relation=m.relation) for m in staying]
        + [MemberSpec(label=m.person.name, relation=relations[m.person_id]) for m in moving]
    )
    today = timezone.localdate()
    for m in moving:
        _end(m, reason=MembershipEnd.MERGED, on=today)
        _join(household=target, person=m.person, relation=relations[m.person_id], on=today)
    moved_incomes = Income.objects.filter(household=source).update(household=target)
    moved_assets = Asset.objects.filter(household=source).update(household=target)
    source.status = HouseholdStatus.DISSOLVED
    source.save(update_fields=["status", "updated_at"])
    names = "、".join(m.person.name for m in moving)
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        entity=source,
        area_code=source.area_id,
        household_id=source.pk,
        summary=f"并入家庭{target.pk}，成员：{names}",
        before={"status": "active"},
        after={"status": "dissolved", "merged_into": target.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        entity=target,
        area_code=target.area_id,
        household_id=target.pk,
        summary=f"家庭{source.pk}并入，成员：{names}；转入收入{moved_incomes}条、财产{moved_assets}条",
    )
    return target
