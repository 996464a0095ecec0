"""Households: creation with members, edits, and splitting or merging households with history kept.

A household's members one by one (joining, leaving, a new head, moving in) are :mod:`.members`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.registry.choices import AccountType, HouseholdStatus, MembershipEnd
from apps.registry.models import Asset, Household, Income, Membership, Person
from apps.registry.services.members import _current_membership, _end, _join, _require_active
from apps.registry.services.persons import PersonInput, person_create
from apps.registry.validators import HOUSEHOLD_TEXT_LABELS, formula_lead_problem
from policy.areas import AreaLevel
from policy.errors import Conflict, ValidationFailed
from policy.household import RELATION_LABELS, MemberSpec, Relation, household_composition_check
from policy.numbers import HOUSEHOLD
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
    for key, label in HOUSEHOLD_TEXT_LABELS.items():
        if problem := formula_lead_problem(getattr(data, key).strip(), label=label):
            errors.setdefault(key, []).append(problem)
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


def _number(values: dict) -> str:
    """The new household's 户编号, in its village's county."""
    area = values.get("area") or values["area_id"]
    return number_for(kind_code=HOUSEHOLD, area_code=getattr(area, "code", area))


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
    household = Household.objects.create(**values, number=_number(values))
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
                f"{person.name} 已是其他家庭的成员，请在“增加成员”页面用“迁入已登记人员”办理"
            )
            continue
        _join(household=household, person=person, relation=member.relation, on=today)
        audit_record(
            actor=actor,
            action=AuditAction.JOIN,
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
    new = Household.objects.create(**values, number=_number(values))
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
        summary=f"分户：{names} 分出为家庭{new.number}",
        before={"members": sorted(current)},
        after={"members": sorted(set(current) - set(relations))},
    )
    audit_record(
        actor=actor,
        action=AuditAction.SPLIT,
        entity=new,
        area_code=new.area_id,
        household_id=new.pk,
        summary=f"由家庭{household.number}分户新建，成员：{names}",
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
        summary=f"并入家庭{target.number}，成员：{names}",
        before={"status": "active"},
        after={"status": "dissolved", "merged_into": target.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        entity=target,
        area_code=target.area_id,
        household_id=target.pk,
        summary=f"家庭{source.number}并入，成员：{names}；转入收入{moved_incomes}条、财产{moved_assets}条",
    )
    return target
