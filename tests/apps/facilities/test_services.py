"""Registering a facility, editing it, its dated states and capacities, its photos: audit and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core import clock
from apps.core.models import AuditLog
from apps.facilities.selectors import facility_capacity_on
from apps.facilities.services.facilities import (
    CapacityInput,
    facility_capacity_set,
    facility_state_change,
    facility_update,
)
from apps.facilities.services.photos import facility_photo_add, facility_photo_open
from policy.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from tests.apps.facilities.helpers import facility, facility_input
from tests.apps.organisations.helpers import organisation
from tests.factories import OTHER_VILLAGE, TOWN, VILLAGE, VILLAGE_2, VILLAGE_B

pytestmark = pytest.mark.django_db


def test_registering_numbers_the_facility_with_its_state_capacity_villages_and_audit(approver):
    # when
    made = facility(
        actor=approver, capacities={"beds": 60, "nursing_beds": 30}, served_village_codes=(VILLAGE, VILLAGE_2)
    )
    # then
    assert made.number.startswith(f"421303-{clock.today().year}-SS-") and str(made) == made.number
    assert made.longitude == Decimal("113.363100") and made.coordinate_source == "gps"
    assert sorted(made.served_villages.values_list("code", flat=True)) == [VILLAGE, VILLAGE_2]
    assert list(made.states.values_list("state", "effective_on")) == [("operating", date(2025, 1, 1))]
    assert facility_capacity_on(facility=made, on=clock.today()) == {"beds": 60, "nursing_beds": 30}
    audit = AuditLog.objects.get(entity_type="facilities.facility", entity_id=str(made.pk))
    assert audit.action == "create" and audit.after["capacities"] == {"beds": 60, "nursing_beds": 30}


def test_a_run_by_contract_facility_needs_an_operator_in_scope(approver, outsider):
    with pytest.raises(ValidationFailed) as refused:
        facility(actor=approver, operating_mode="public_private")
    assert refused.value.errors["operator"] == ["公建民营的服务机构须填写运营主体"]
    theirs = organisation(actor=outsider, area_code=OTHER_VILLAGE)
    with pytest.raises(ValidationFailed) as refused:
        facility(actor=approver, operating_mode="private", operator_id=theirs.pk)
    assert "运营主体不存在" in refused.value.errors["operator"][0]
    ours = organisation(actor=approver)
    assert facility(actor=approver, operating_mode="public_private", operator_id=ours.pk).operator == ours


def test_wrong_facts_are_refused_field_by_field_in_chinese(approver):
    with pytest.raises(ValidationFailed) as refused:
        facility(
            actor=approver,
            name="",
            kind="hotel",
            area_code="421303000000",
            longitude=Decimal("31.69"),
            latitude=None,
            served_village_codes=(OTHER_VILLAGE,),
        )
    errors = refused.value.errors
    assert errors["name"] == ["机构名称不能为空"]
    assert errors["kind"] == ["请选择机构类型"]
    assert errors["area"] == ["所在区划应为乡镇(街道)或村(社区)"]
    assert errors["latitude"] == ["经度和纬度应同时填写"]
    assert errors["served_villages"] == ["服务村(社区)须为您辖区内的村(社区)"]
    with pytest.raises(ValidationFailed) as refused:
        facility(actor=approver, longitude=Decimal("31.69"), latitude=Decimal("113.36"))
    assert "请检查是否与纬度填反" in refused.value.errors["longitude"][0]


def test_a_township_may_hold_a_facility(approver):
    assert facility(actor=approver, area_code=TOWN, kind="township_care_centre").area_id == TOWN


def test_roles_without_the_capability_may_not_register(worker, supervisor):
    for actor in (worker, supervisor):
        with pytest.raises(PermissionDenied):
            facility(actor=actor)


def test_an_edit_is_audited_and_guarded_by_the_version(approver):
    made = facility(actor=approver)
    changed = facility_update(
        actor=approver,
        facility_id=made.pk,
        version=made.version,
        data=facility_input(name="乌龙巷幸福食堂", served_village_codes=(VILLAGE,)),
    )
    assert changed.name == "乌龙巷幸福食堂" and list(
        changed.served_villages.values_list("code", flat=True)
    ) == [VILLAGE]
    audit = AuditLog.objects.get(entity_id=str(made.pk), action="update")
    assert audit.before["served_villages"] == [] and audit.after["served_villages"] == [VILLAGE]
    with pytest.raises(Conflict):
        facility_update(actor=approver, facility_id=made.pk, version=made.version, data=facility_input())


def test_capacity_changes_are_dated_rows_and_the_history_stays(approver):
    made = facility(actor=approver, kind="eldercare_institution", capacities={"beds": 100})
    # when
    facility_capacity_set(
        actor=approver,
        facility_id=made.pk,
        version=made.version,
        capacity=CapacityInput(
            kind="beds", count=165, effective_from=date(2025, 7, 1), note="新增养老床位65张"
        ),
    )
    # then
    assert facility_capacity_on(facility=made, on=date(2025, 6, 30)) == {"beds": 100}
    assert facility_capacity_on(facility=made, on=date(2025, 7, 1)) == {"beds": 165}
    assert made.capacities.count() == 2
    audit = AuditLog.objects.filter(entity_id=str(made.pk), action="update").get()
    assert audit.before["beds"] == 100 and "床位自 2025-07-01 起为165" in audit.summary
    with pytest.raises(ValidationFailed) as refused:
        facility_capacity_set(
            actor=approver,
            facility_id=made.pk,
            version=None,
            capacity=CapacityInput(kind="beds", count=170, effective_from=date(2025, 7, 1)),
        )
    assert refused.value.errors["effective_from"] == ["2025-07-01 起的床位已有记录，请改用其他起始日期"]


def test_state_changes_follow_the_table_and_keep_their_history(approver):
    made = facility(actor=approver, state="planned")
    with pytest.raises(ValidationFailed) as refused:
        facility_state_change(
            actor=approver, facility_id=made.pk, version=None, state="closed", effective_on=clock.today()
        )
    assert refused.value.errors["reason"] == ["变更为“撤销”须填写原因或依据"]
    opened = facility_state_change(
        actor=approver,
        facility_id=made.pk,
        version=made.version,
        state="operating",
        effective_on=date(2025, 3, 1),
    )
    with pytest.raises(InvalidTransition, match="不能变更为“筹建”"):
        facility_state_change(
            actor=approver, facility_id=made.pk, version=None, state="planned", effective_on=clock.today()
        )
    with pytest.raises(ValidationFailed) as refused:
        facility_state_change(
            actor=approver,
            facility_id=made.pk,
            version=opened.version,
            state="suspended",
            effective_on=clock.today() + timedelta(days=3),
            reason="装修",
        )
    assert refused.value.errors["effective_on"] == ["生效日期不能晚于今天"]
    assert list(made.states.order_by("effective_on").values_list("state", flat=True)) == [
        "planned",
        "operating",
    ]


def test_a_photo_is_kept_with_its_hash_and_a_non_photo_is_refused(approver, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    made = facility(actor=approver)
    content = b"\x89PNG\r\n\x1a\n" + b"\1" * 40
    photo = facility_photo_add(
        actor=approver,
        facility=made,
        upload=SimpleUploadedFile("大门.png", content, content_type="image/png"),
    )
    stored = facility_photo_open(photo=photo)
    assert stored.path.read_bytes() == content and stored.filename == "大门.png"
    assert AuditLog.objects.filter(entity_type="facilities.facilityphoto", entity_id=str(photo.pk)).exists()
    with pytest.raises(ValidationFailed) as refused:
        facility_photo_add(
            actor=approver, facility=made, upload=SimpleUploadedFile("说明.txt", b"hello world")
        )
    assert refused.value.errors["photo"] == ["“说明.txt”不是照片（JPG或PNG）"]


def test_an_outside_facility_answers_not_found_on_every_write(approver, outsider):
    made = facility(actor=approver)
    with pytest.raises(NotFound):
        facility_update(
            actor=outsider, facility_id=made.pk, version=None, data=facility_input(area_code=OTHER_VILLAGE)
        )
    with pytest.raises(NotFound):
        facility_capacity_set(
            actor=outsider,
            facility_id=made.pk,
            version=None,
            capacity=CapacityInput(kind="seats", count=40, effective_from=clock.today()),
        )
    assert VILLAGE_B  # a rural village exists beside the urban one in the slice
