"""Registering a facility, changing its facts, its state and its capacity.

Each call is one transaction with its audit row; an edit carries the version the actor saw
(apps/core/db.locked_at_version). State and capacity are dated rows, so the history is never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from apps.areas.models import Area
from apps.core import clock
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.numbers import number_next, number_year
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, dated_state_record, snapshot
from apps.facilities.choices import (
    CapacityKind,
    CoordinateSource,
    FacilityKind,
    FacilityStatus,
    OperatingMode,
)
from apps.facilities.models import Facility, FacilityCapacity, FacilityState
from apps.organisations.models import Organisation
from apps.organisations.selectors import organisation_q
from policy.areas import AreaLevel
from policy.errors import ValidationFailed
from policy.facilities import coordinates_check, facility_transition_check
from policy.numbers import FACILITY
from policy.roles import Capability
from policy.states import state_change_check

if TYPE_CHECKING:
    from apps.core.scoping import Actor

AUDITED = [
    "name",
    "kind",
    "area_id",
    "address",
    "longitude",
    "latitude",
    "coordinate_source",
    "operator_id",
    "operating_mode",
]
CONFLICT = "该服务机构已被他人修改，请刷新页面后重新填写"
ENDED = ("revoked", "deregistered")


@dataclass(frozen=True, kw_only=True)
class FacilityInput:
    """What a form or an API call says about a facility."""

    name: str
    kind: str
    area_code: str
    operating_mode: str
    address: str = ""
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    coordinate_source: str = ""
    operator_id: int | None = None
    served_village_codes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CapacityInput:
    kind: str
    count: int
    effective_from: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class NewFacility:
    facility: FacilityInput
    state: str = FacilityStatus.OPERATING
    state_since: date | None = None
    capacities: tuple[CapacityInput, ...] = field(default_factory=tuple)


def _clean(*, actor: Actor, data: FacilityInput) -> tuple[dict[str, object], list[str]]:
    """The model's values and the served villages from ``data``, or ValidationFailed with every reason."""
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = ["机构名称不能为空"]
    if data.kind not in FacilityKind.values:
        errors["kind"] = ["请选择机构类型"]
    if data.operating_mode not in OperatingMode.values:
        errors["operating_mode"] = ["请选择运营方式"]
    if data.coordinate_source and data.coordinate_source not in CoordinateSource.values:
        errors["coordinate_source"] = ["请选择坐标来源"]
    area = Area.objects.filter(pk=data.area_code).first() if data.area_code else None
    if area is None:
        errors["area"] = ["请选择所在乡镇(街道)或村(社区)"]
    elif not code_in_scope(actor, area.code):
        errors["area"] = ["所在区划不在您的辖区内"]
    elif area.level not in (AreaLevel.TOWNSHIP, AreaLevel.VILLAGE):
        errors["area"] = ["所在区划应为乡镇(街道)或村(社区)"]
    errors.update(
        coordinates_check(longitude=data.longitude, latitude=data.latitude, source=data.coordinate_source)
    )
    operator = None
    if data.operator_id is not None:
        operator = (
            Organisation.objects.filter(organisation_q(actor))
            .filter(pk=data.operator_id)
            .exclude(state__in=ENDED)
            .first()
        )
        if operator is None or not code_in_scope(actor, operator.area_id):
            errors["operator"] = ["运营主体不存在、已撤销或注销，或不在您的辖区内"]
    elif data.operating_mode in (OperatingMode.PUBLIC_PRIVATE, OperatingMode.PRIVATE):
        errors["operator"] = [f"{OperatingMode(data.operating_mode).label}的服务机构须填写运营主体"]
    villages = sorted(set(data.served_village_codes))
    if villages:
        found = set(
            Area.objects.filter(pk__in=villages, level=AreaLevel.VILLAGE).values_list("code", flat=True)
        )
        if found != set(villages) or not all(code_in_scope(actor, code) for code in villages):
            errors["served_villages"] = ["服务村(社区)须为您辖区内的村(社区)"]
    if errors:
        raise ValidationFailed(errors)
    values: dict[str, object] = {
        "name": name,
        "kind": data.kind,
        "area": area,
        "address": data.address.strip(),
        "longitude": data.longitude,
        "latitude": data.latitude,
        "coordinate_source": data.coordinate_source if data.longitude is not None else "",
        "operator": operator,
        "operating_mode": data.operating_mode,
    }
    return values, villages


def _capacity_check(capacity: CapacityInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if capacity.kind not in CapacityKind.values:
        errors["kind"] = ["请选择容量类别"]
    if capacity.count < 0:
        errors["count"] = ["数量不能为负数"]
    if capacity.effective_from > clock.today():
        errors["effective_from"] = ["起始日期不能晚于今天"]
    return errors


def _snapshot(facility: Facility, villages: list[str]) -> dict[str, object]:
    out = snapshot(facility, AUDITED) or {}
    out["served_villages"] = villages
    return out


@transaction.atomic
def facility_create(*, actor: Actor, data: NewFacility) -> Facility:
    """Register a facility with its 机构编号, its first dated state and its capacities, in one save."""
    require(actor, Capability.MANAGE_FACILITIES)
    values, villages = _clean(actor=actor, data=data.facility)
    since = data.state_since or clock.today()
    errors: dict[str, list[str]] = {}
    if data.state not in (FacilityStatus.PLANNED, FacilityStatus.OPERATING):
        errors["state"] = ["新登记的服务机构状态应为“筹建”或“运营”"]
    if since > clock.today():
        errors["state_since"] = ["状态起始日期不能晚于今天"]
    for capacity in data.capacities:
        # Named as the registration form names them: one count field per kind, dated from the state.
        for key, reasons in _capacity_check(capacity).items():
            errors.setdefault(
                "state_since" if key == "effective_from" else f"capacity_{capacity.kind}", reasons
            )
    if errors:
        raise ValidationFailed(errors)
    area: Area = values["area"]  # type: ignore[assignment]
    facility = Facility.objects.create(
        number=number_next(kind_code=FACILITY, county_code=area.code, year=number_year()),
        state=data.state,
        state_since=since,
        **values,
    )
    facility.served_villages.set(villages)
    FacilityState.objects.create(
        facility=facility, state=data.state, effective_on=since, reason="登记", recorded_by_id=actor.pk
    )
    FacilityCapacity.objects.bulk_create(
        [
            FacilityCapacity(
                facility=facility,
                kind=c.kind,
                count=c.count,
                effective_from=c.effective_from,
                note=c.note.strip(),
                recorded_by_id=actor.pk,
            )
            for c in data.capacities
        ]
    )
    after = _snapshot(facility, villages)
    after["capacities"] = {c.kind: c.count for c in data.capacities}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=facility,
        area_code=area.code,
        summary=f"登记服务机构 {facility.number} {facility.name}",
        after=after,
    )
    return facility


def _locked(*, actor: Actor, facility_id: int, version: int | None) -> Facility:
    rows = Facility.objects.filter(organisation_q(actor, "operator_id"))
    return locked_at_version(rows, pk=facility_id, version=version, conflict=CONFLICT, actor=actor)


def _villages(facility: Facility) -> list[str]:
    return sorted(facility.served_villages.values_list("code", flat=True))


@transaction.atomic
def facility_update(*, actor: Actor, facility_id: int, version: int | None, data: FacilityInput) -> Facility:
    """Change a facility's facts and served villages (not its state or capacity)."""
    require(actor, Capability.MANAGE_FACILITIES)
    facility = _locked(actor=actor, facility_id=facility_id, version=version)
    before = _snapshot(facility, _villages(facility))
    values, villages = _clean(actor=actor, data=data)
    for name, value in values.items():
        setattr(facility, name, value)
    facility.version += 1
    facility.save()
    facility.served_villages.set(villages)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=facility,
        area_code=facility.area_id,
        summary=f"修改服务机构 {facility.number} {facility.name}",
        before=before,
        after=_snapshot(facility, villages),
    )
    return facility


@transaction.atomic
def facility_state_change(
    *, actor: Actor, facility_id: int, version: int | None, state: str, effective_on: date, reason: str = ""
) -> Facility:
    """Move a facility to ``state`` (运营, 停业, 撤销) from ``effective_on``, kept as a dated history row."""
    require(actor, Capability.MANAGE_FACILITIES)
    facility = _locked(actor=actor, facility_id=facility_id, version=version)
    if state not in FacilityStatus.values:
        raise ValidationFailed.on("state", "请选择新的状态")
    facility_transition_check(current=facility.state, new=state)
    state_change_check(
        label=FacilityStatus(state).label,
        effective_on=effective_on,
        since=facility.state_since,
        today=clock.today(),
        reason=reason,
        reason_required=state in (FacilityStatus.SUSPENDED, FacilityStatus.CLOSED),
    )
    dated_state_record(
        actor=actor,
        entity=facility,
        history=FacilityState,
        owner_field="facility",
        state=state,
        effective_on=effective_on,
        reason=reason,
        summary=f"服务机构 {facility.number} 状态变更为“{FacilityStatus(state).label}”",
    )
    return facility


@transaction.atomic
def facility_capacity_set(
    *, actor: Actor, facility_id: int, version: int | None, capacity: CapacityInput
) -> FacilityCapacity:
    """Record a capacity of one kind from a date on (a new row: the earlier ones stay as history)."""
    require(actor, Capability.MANAGE_FACILITIES)
    facility = _locked(actor=actor, facility_id=facility_id, version=version)
    if facility.state == FacilityStatus.CLOSED:
        raise ValidationFailed.on("kind", "已撤销的服务机构不能再变更容量")
    errors = _capacity_check(capacity)
    if (
        not errors
        and facility.capacities.filter(kind=capacity.kind, effective_from=capacity.effective_from).exists()
    ):
        label = CapacityKind(capacity.kind).label
        day = f"{capacity.effective_from:%Y-%m-%d}"
        errors["effective_from"] = [f"{day} 起的{label}已有记录，请改用其他起始日期"]
    if errors:
        raise ValidationFailed(errors)
    previous = (
        facility.capacities.filter(kind=capacity.kind, effective_from__lt=capacity.effective_from)
        .order_by("-effective_from", "-id")
        .values_list("count", flat=True)
        .first()
    )
    row = FacilityCapacity.objects.create(
        facility=facility,
        kind=capacity.kind,
        count=capacity.count,
        effective_from=capacity.effective_from,
        note=capacity.note.strip(),
        recorded_by_id=actor.pk,
    )
    facility.version += 1
    facility.save(update_fields=["version", "updated_at"])
    label, day = CapacityKind(capacity.kind).label, f"{capacity.effective_from:%Y-%m-%d}"
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=facility,
        area_code=facility.area_id,
        summary=f"服务机构 {facility.number} {label}自 {day} 起为{capacity.count}",
        before={capacity.kind: previous},
        after={capacity.kind: capacity.count, "effective_from": capacity.effective_from.isoformat()},
    )
    return row
