"""Member incomes and household assets: added and removed with an audit row each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record, snapshot
from apps.registry.choices import AssetType, IncomeType
from apps.registry.models import Asset, Household, Income, Membership, Person
from policy.dates import ACQUIRED, INCOME_PERIOD, date_problem
from policy.errors import NotFound, ValidationFailed
from policy.money import parse_yuan
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(kw_only=True)
class IncomeInput:
    person_id: int
    income_type: str
    amount: Decimal | str
    period_start: date
    period_end: date
    note: str = ""


@dataclass(kw_only=True)
class AssetInput:
    asset_type: str
    description: str
    owner_id: int | None = None
    value: Decimal | str | None = None
    registration_no: str = ""
    area_sqm: Decimal | str | None = None
    acquired_on: date | None = None


def _member(household: Household, person_id: int, field: str) -> Person:
    m = (
        Membership.objects.filter(household=household, person_id=person_id, end_date__isnull=True)
        .select_related("person")
        .first()
    )
    if m is None:
        raise ValidationFailed.on(field, "所选人员不是本家庭现有成员")
    return m.person


@transaction.atomic
def income_add(*, actor: User, household: Household, data: IncomeInput) -> Income:
    require(actor, Capability.EDIT_REGISTRY)
    errors: dict[str, list[str]] = {}
    if data.income_type not in IncomeType.values:
        errors["income_type"] = ["收入类型无效"]
    on = today()
    for field, label in (("period_start", "起始日期"), ("period_end", "截止日期")):
        if problem := date_problem(getattr(data, field), label=label, allowed=INCOME_PERIOD, today=on):
            errors[field] = [problem]
    if not errors and data.period_end < data.period_start:
        errors["period_end"] = ["截止日期不能早于起始日期"]
    try:
        amount = parse_yuan(data.amount, field="amount")
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    person = _member(household, data.person_id, "person")
    income = Income.objects.create(
        person=person,
        household=household,
        income_type=data.income_type,
        amount=amount,
        period_start=data.period_start,
        period_end=data.period_end,
        note=data.note.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=income,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"登记收入：{person.name} {income.get_income_type_display()} {amount}元",
        after=snapshot(income),
    )
    return income


@transaction.atomic
def income_delete(*, actor: User, household: Household, income_id: int) -> None:
    require(actor, Capability.EDIT_REGISTRY)
    income = Income.objects.filter(pk=income_id, household=household).first()
    if income is None:
        raise NotFound()
    before = snapshot(income)
    income.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        entity_type="registry.income",
        entity_id=str(income_id),
        area_code=household.area_id,
        household_id=household.pk,
        summary="删除收入记录",
        before=before,
    )


@transaction.atomic
def asset_add(*, actor: User, household: Household, data: AssetInput) -> Asset:
    require(actor, Capability.EDIT_REGISTRY)
    errors: dict[str, list[str]] = {}
    if data.asset_type not in AssetType.values:
        errors["asset_type"] = ["财产类型无效"]
    if not data.description.strip():
        errors["description"] = ["请填写财产说明"]
    value = area = None
    try:
        value = parse_yuan(data.value, field="value") if data.value not in (None, "") else None
        area = parse_yuan(data.area_sqm, field="area_sqm") if data.area_sqm not in (None, "") else None
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if data.acquired_on and (
        problem := date_problem(data.acquired_on, label="取得日期", allowed=ACQUIRED, today=today())
    ):
        errors["acquired_on"] = [problem]
    if errors:
        raise ValidationFailed(errors)
    owner = _member(household, data.owner_id, "owner") if data.owner_id else None
    asset = Asset.objects.create(
        household=household,
        owner=owner,
        asset_type=data.asset_type,
        description=data.description.strip(),
        value=value,
        registration_no=data.registration_no.strip(),
        area_sqm=area,
        acquired_on=data.acquired_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=asset,
        area_code=household.area_id,
        household_id=household.pk,
        summary=f"登记财产：{asset.get_asset_type_display()} {asset.description}",
        after=snapshot(asset),
    )
    return asset


@transaction.atomic
def asset_delete(*, actor: User, household: Household, asset_id: int) -> None:
    require(actor, Capability.EDIT_REGISTRY)
    asset = Asset.objects.filter(pk=asset_id, household=household).first()
    if asset is None:
        raise NotFound()
    before = snapshot(asset)
    asset.delete()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        entity_type="registry.asset",
        entity_id=str(asset_id),
        area_code=household.area_id,
        household_id=household.pk,
        summary="删除财产记录",
        before=before,
    )
