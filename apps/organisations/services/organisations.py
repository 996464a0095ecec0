"""Registering an organisation, changing its facts and its state, revealing its phone, binding its staff.

Each call is one transaction with its audit row; an edit and a state change carry the version the actor
saw (apps/core/db.locked_at_version), so two people saving at once cannot both pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from apps.areas.models import Area
from apps.core import clock
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.numbers import number_next, number_year
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, dated_state_record, snapshot
from apps.organisations.choices import OrganisationKind, OrganisationStatus
from apps.organisations.models import Organisation, OrganisationStaff, OrganisationState
from apps.organisations.selectors import organisation_q
from apps.registry.models import Person
from apps.registry.selectors import person_scope_q
from policy.errors import NotFound, ValidationFailed
from policy.identity import credit_code_normalize, id_number_parse
from policy.numbers import ORGANISATION
from policy.organisations import REASON_REQUIRED, organisation_facts_check, organisation_transition_check
from policy.roles import Capability
from policy.states import state_change_check

if TYPE_CHECKING:
    from apps.core.scoping import Actor

AUDITED = [
    "name",
    "credit_code",
    "kind",
    "registration_authority",
    "area_id",
    "address",
    "legal_representative_name",
    "legal_representative_id",
    "contact_phone",
]
CONFLICT = "该组织已被他人修改，请刷新页面后重新填写"


@dataclass(frozen=True, kw_only=True)
class OrganisationInput:
    """What a form or an API call says about an organisation."""

    name: str
    kind: str
    area_code: str
    credit_code: str = ""
    registration_authority: str = ""
    address: str = ""
    legal_representative_name: str = ""
    legal_representative_id_number: str = ""  # links the person when the registry holds them
    contact_phone: str = ""


def _clean(*, actor: Actor, data: OrganisationInput, exclude_pk: int | None = None) -> dict[str, object]:
    """The model's values from ``data``, or ValidationFailed with every reason by field."""
    errors = organisation_facts_check(
        name=data.name, contact_phone=data.contact_phone, credit_code=data.credit_code
    )
    if data.kind not in OrganisationKind.values:
        errors["kind"] = ["请选择组织类型"]
    area = Area.objects.filter(pk=data.area_code).first() if data.area_code else None
    if area is None:
        errors["area"] = ["请选择住所所在区划"]
    elif not code_in_scope(actor, area.code):
        errors["area"] = ["住所所在区划不在您的辖区内"]
    code = credit_code_normalize(data.credit_code) or None
    if code and "credit_code" not in errors:
        holder = Organisation.objects.filter(credit_code=code).exclude(pk=exclude_pk).first()
        if holder is not None:
            errors["credit_code"] = [f"统一社会信用代码已登记（组织编号 {holder.number}）"]
    person = None
    if data.legal_representative_id_number.strip():
        field = "legal_representative_id_number"
        try:
            number = id_number_parse(data.legal_representative_id_number, field=field).value
        except ValidationFailed as refused:
            errors.update(refused.errors)
        else:
            person = Person.objects.filter(person_scope_q(actor), id_number=number).first()
            if person is None:
                errors[field] = ["人员库中没有该公民身份号码的人员，或不在您的辖区内"]
    if errors:
        raise ValidationFailed(errors)
    name = data.legal_representative_name.strip() or (person.name if person else "")
    return {
        "name": data.name.strip(),
        "credit_code": code,
        "kind": data.kind,
        "registration_authority": data.registration_authority.strip(),
        "area": area,
        "address": data.address.strip(),
        "legal_representative_name": name,
        "legal_representative": person,
        "contact_phone": data.contact_phone.strip(),
    }


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    data: OrganisationInput,
    state: str = OrganisationStatus.NORMAL,
    state_since: date | None = None,
) -> Organisation:
    """Register an organisation (正常, or 筹备) with its 组织编号 and its first dated state."""
    require(actor, Capability.MANAGE_ORGANISATIONS)
    values = _clean(actor=actor, data=data)
    if state not in (OrganisationStatus.NORMAL, OrganisationStatus.PREPARING):
        raise ValidationFailed.on("state", "新登记的组织状态应为“正常”或“筹备”")
    since = state_since or clock.today()
    if since > clock.today():
        raise ValidationFailed.on("state_since", "状态起始日期不能晚于今天")
    area: Area = values["area"]  # type: ignore[assignment]
    organisation = Organisation.objects.create(
        number=number_next(kind_code=ORGANISATION, county_code=area.code, year=number_year()),
        state=state,
        state_since=since,
        **values,
    )
    OrganisationState.objects.create(
        organisation=organisation, state=state, effective_on=since, reason="登记", recorded_by_id=actor.pk
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=organisation,
        area_code=area.code,
        summary=f"登记组织 {organisation.number} {organisation.name}",
        after=snapshot(organisation, [*AUDITED, "state"]),
    )
    return organisation


def _locked(*, actor: Actor, organisation_id: int, version: int | None) -> Organisation:
    rows = Organisation.objects.filter(organisation_q(actor))
    return locked_at_version(rows, pk=organisation_id, version=version, conflict=CONFLICT, actor=actor)


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation_id: int, version: int | None, data: OrganisationInput
) -> Organisation:
    """Change an organisation's facts (not its state: :func:`organisation_state_change`)."""
    require(actor, Capability.MANAGE_ORGANISATIONS)
    organisation = _locked(actor=actor, organisation_id=organisation_id, version=version)
    before = snapshot(organisation, AUDITED)
    for name, value in _clean(actor=actor, data=data, exclude_pk=organisation.pk).items():
        setattr(organisation, name, value)
    organisation.version += 1
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=organisation,
        area_code=organisation.area_id,
        summary=f"修改组织 {organisation.number} {organisation.name}",
        before=before,
        after=snapshot(organisation, AUDITED),
    )
    return organisation


@transaction.atomic
def organisation_state_change(
    *,
    actor: Actor,
    organisation_id: int,
    version: int | None,
    state: str,
    effective_on: date,
    reason: str = "",
) -> Organisation:
    """Move an organisation to ``state`` from ``effective_on``, kept as a dated history row."""
    require(actor, Capability.MANAGE_ORGANISATIONS)
    organisation = _locked(actor=actor, organisation_id=organisation_id, version=version)
    if state not in OrganisationStatus.values:
        raise ValidationFailed.on("state", "请选择新的状态")
    organisation_transition_check(current=organisation.state, new=state)
    state_change_check(
        label=OrganisationStatus(state).label,
        effective_on=effective_on,
        since=organisation.state_since,
        today=clock.today(),
        reason=reason,
        reason_required=state in REASON_REQUIRED,
    )
    dated_state_record(
        actor=actor,
        entity=organisation,
        history=OrganisationState,
        owner_field="organisation",
        state=state,
        effective_on=effective_on,
        reason=reason,
        summary=f"组织 {organisation.number} 状态变更为“{OrganisationStatus(state).label}”",
    )
    return organisation


@transaction.atomic
def organisation_reveal(*, actor: Actor, organisation: Organisation, field_name: str) -> str:
    """The full contact phone of an organisation the actor can see; the look is audited."""
    require(actor, Capability.REVEAL_IDENTIFIERS)
    if field_name != "contact_phone":
        raise NotFound()
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        entity=organisation,
        area_code=organisation.area_id,
        summary=f"查看组织 {organisation.number} 的完整联系电话",
    )
    return organisation.contact_phone


@transaction.atomic
def organisation_staff_bind(*, actor: Actor, organisation: Organisation, user: Actor) -> OrganisationStaff:
    """Bind ``user``'s account to the organisation's own staff: from now on it sees that organisation only.

    The account's area must hold the organisation's, so the area scoping still applies to it.
    """
    require(actor, Capability.MANAGE_ORGANISATIONS)
    require(actor, Capability.MANAGE_USERS)
    if not code_in_scope(actor, organisation.area_id):
        raise NotFound()
    if not user.area_id or not code_in_scope(user, organisation.area_id):
        raise ValidationFailed.on("user", "该账号的所属区划不包含组织的住所所在区划")
    if OrganisationStaff.objects.filter(user_id=user.pk).exists():
        raise ValidationFailed.on("user", "该账号已绑定到一个组织")
    staff = OrganisationStaff.objects.create(user_id=user.pk, organisation=organisation)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=organisation,
        area_code=organisation.area_id,
        summary=f"绑定账号 {user} 为组织 {organisation.number} 的工作人员",
    )
    return staff
