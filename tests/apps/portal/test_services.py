"""网上办事 services: the online application, and how the village and township handle it (registration and
accounts: test_registration.py, test_accounts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.forms import LoginForm
from apps.assistance.models import Application
from apps.assistance.services.applications import application_intake
from apps.core.models import AuditLog
from apps.portal.models import OnlineApplication, OnlineAttachment, OnlineState
from apps.portal.selectors import (
    citizen_application_get,
    citizen_notice_get,
    citizen_progress,
    online_list_for,
    online_matches_for,
)
from apps.portal.services.citizen import MemberLine, online_documents_add, online_withdraw
from apps.portal.services.staff import online_forward, online_register_household, online_return
from apps.registry.models import Household
from apps.registry.selectors import household_members
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.workflow import AppState
from tests.apps.portal.flow import citizen_account, png, submit
from tests.factories import OTHER_VILLAGE, PASSWORD, VILLAGE, household


def _resident_of(family: Household):
    """The portal account of the head of ``family``, registered with the head's own name and ID."""
    head = household_members(household=family).get(relation="head").person
    return citizen_account(id_number=head.id_number, name=head.name), head


# ------------------------------------------------------- accounts (registering: test_registration.py)


def test_a_resident_account_cannot_sign_in_to_the_bureau_system(citizen, rf):
    data = {"username": citizen.username, "password": PASSWORD}
    form = LoginForm(request=rf.post("/accounts/login/", data), data=data)
    assert not form.is_valid()
    assert "网上办事" in form.non_field_errors()[0]


def test_a_resident_account_cannot_get_an_api_token(client, citizen):
    body = {"username": citizen.username, "password": PASSWORD}
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "不能获取接口令牌" in response.content.decode()


# ---------------------------------------------------------------- applying


def test_an_online_application_keeps_the_members_the_documents_and_an_audit_row(citizen):
    online = submit(citizen=citizen)
    assert online.reference == f"WS{online.submitted_on:%Y%m%d}{online.pk:06d}"
    assert online.state == OnlineState.SUBMITTED
    profile = citizen.citizen
    assert online.members[0] == {"name": profile.name, "id_number": profile.id_number, "relation": "head"}
    assert [m["relation"] for m in online.members] == ["head", "spouse"]
    attachment = online.attachments.get()
    assert attachment.document == "identity" and attachment.size > 0
    assert AuditLog.objects.filter(entity_id=str(online.pk), summary__contains="网上申请").exists()


def test_a_bad_online_application_keeps_nothing_not_even_its_files(citizen, tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        submit(
            citizen=citizen,
            area_code=VILLAGE[:9] + "000",  # a township, not a village
            members=[MemberLine(name="李小花", id_number="421303198001010010", relation="spouse")],
            consent=False,
            uploads={"identity": [png()], "other": [SimpleUploadedFile("a.exe", b"MZ\0\0" * 10)]},
        )
    errors = caught.value.errors
    assert "村(社区)" in errors["area"][0]
    assert errors["members-1-id_number"][0].startswith("第1位家庭成员")
    assert "授权" in errors["consent"][0]
    assert "a.exe" in errors["doc-other"][0]
    assert not OnlineApplication.objects.exists() and not OnlineAttachment.objects.exists()
    assert not any(p.is_file() for p in Path(tmp_path).rglob("*"))


def test_a_second_pending_application_for_the_same_programme_is_refused(citizen):
    first = submit(citizen=citizen)
    with pytest.raises(Conflict) as caught:
        submit(citizen=citizen)
    assert first.number in caught.value.message
    submit(citizen=citizen, program="temporary", temporary_kind="emergency", requested_amount=2000)


def test_only_a_resident_account_applies_online(worker):
    with pytest.raises(PermissionDenied):
        submit(citizen=worker)


def test_a_resident_withdraws_only_their_own_application_and_only_before_it_is_taken_up(citizen, citizen_b):
    online = submit(citizen=citizen)
    with pytest.raises(NotFound):
        online_withdraw(citizen=citizen_b, online=online)
    assert online_withdraw(citizen=citizen, online=online).state == OnlineState.WITHDRAWN
    with pytest.raises(Conflict):
        online_withdraw(citizen=citizen, online=online)


def test_a_resident_sees_only_their_own_applications(citizen, citizen_b):
    online = submit(citizen=citizen)
    assert citizen_application_get(citizen=citizen, reference=online.reference) == online
    with pytest.raises(NotFound):
        citizen_application_get(citizen=citizen_b, reference=online.reference)


# ---------------------------------------------------------------- the village and the township


def test_the_village_finds_the_household_by_id_number_and_forwards_it_into_the_workflow(worker):
    family = household(actor=worker)
    resident, head = _resident_of(family)
    online = submit(citizen=resident, members=[])
    matches = online_matches_for(actor=worker, online=online)
    assert [(m.household, m.has_applicant) for m in matches] == [(family, True)]
    application = online_forward(actor=worker, online=online, household_id=family.pk)
    assert application.channel == "online" and application.applicant == head
    assert application.state == AppState.SUBMITTED
    # Signed on the form (申请书, 承诺, 授权) and uploaded (身份证): counted as received.
    assert set(application.documents_received) == {"application", "identity", "declaration", "authorization"}
    online.refresh_from_db()
    assert online.state == OnlineState.FORWARDED and online.application == application
    with pytest.raises(Conflict):
        online_forward(actor=worker, online=online, household_id=family.pk)


def test_forwarding_to_a_household_without_the_applicant_is_refused(worker):
    resident, _ = _resident_of(household(actor=worker))
    online = submit(citizen=resident, members=[])
    stranger_family = household(actor=worker)
    with pytest.raises(ValidationFailed) as caught:
        online_forward(actor=worker, online=online, household_id=stranger_family.pk)
    assert "不是该家庭的现有成员" in caught.value.errors["household"][0]
    assert not Application.objects.exists()


def test_a_stale_page_cannot_forward(worker, reviewer):
    family = household(actor=worker)
    resident, _ = _resident_of(family)
    online = submit(citizen=resident, members=[])
    online_return(actor=reviewer, online=online, reason="户籍不在本辖区，请向户籍地申请")
    with pytest.raises(Conflict):
        online_forward(actor=worker, online=online, household_id=family.pk, expected_version=1)


def test_another_county_cannot_see_or_handle_the_application(citizen, outsider):
    online = submit(citizen=citizen)
    assert not online_list_for(actor=outsider).exists()
    with pytest.raises(NotFound):
        online_return(actor=outsider, online=online, reason="不属于本辖区")


def test_an_application_for_another_county_lands_there(citizen, worker, outsider):
    online = submit(citizen=citizen, area_code=OTHER_VILLAGE)
    assert list(online_list_for(actor=outsider)) == [online]
    assert not online_list_for(actor=worker).exists()


def test_a_household_the_registry_does_not_know_is_registered_from_the_form_then_forwarded(worker, citizen):
    online = submit(citizen=citizen)
    assert online_matches_for(actor=worker, online=online) == []
    family = online_register_household(actor=worker, online=online)
    members = {m.person.name: m.relation for m in household_members(household=family)}
    assert members == {citizen.citizen.name: "head", "李小花": "spouse"}
    online.refresh_from_db()
    application = online_forward(actor=worker, online=online, household_id=family.pk)
    assert application.household == family


def test_a_returned_application_shows_the_resident_the_reason(reviewer, citizen):
    online = submit(citizen=citizen)
    with pytest.raises(ValidationFailed):
        online_return(actor=reviewer, online=online, reason="否")
    online_return(actor=reviewer, online=online, reason="户籍不在本辖区，请向户籍地申请")
    online.refresh_from_db()
    progress = citizen_progress(online=online)
    assert progress.status == "已退回" and "户籍不在本辖区" in progress.hint


def test_the_resident_follows_the_workflow_sees_what_is_missing_and_adds_it(worker, reviewer):
    family = household(actor=worker)
    resident, _ = _resident_of(family)
    online = submit(citizen=resident, members=[], uploads={})
    application = online_forward(actor=worker, online=online, household_id=family.pk)
    application = application_intake(actor=reviewer, application=application, received=frozenset())
    online.refresh_from_db()
    progress = citizen_progress(online=online)
    assert progress.status == AppState.PENDING_DOCS.label
    assert any("身份证" in m for m in progress.missing)
    labels = [s.label for s in progress.steps]
    assert labels[:2] == ["提交网上申请", "转入乡镇(街道)办理"]
    notice = progress.notices[0]
    assert citizen_notice_get(citizen=resident, reference=online.reference, notice_id=notice.pk) == notice
    other = citizen_account()
    with pytest.raises(NotFound):
        citizen_notice_get(citizen=other, reference=online.reference, notice_id=notice.pk)
    added = online_documents_add(citizen=resident, online=online, document="identity", files=[png()])
    assert added[0].label.startswith("共同生活家庭成员的居民身份证")
