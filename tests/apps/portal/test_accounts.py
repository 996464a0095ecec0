"""网上办事账号核实: accounts that wait for the village (no phone in the registry, or 找回), confirming and
refusing them in scope, what a waiting or stopped account is told at sign-in, and the real resident taking
back an account someone registered under their number with another name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.models import AuditLog
from apps.portal.models import AccountState, CitizenProfile, OnlineApplication, Verification
from apps.portal.selectors import account_get_for, account_list_for
from apps.portal.services.accounts import citizen_account_confirm, citizen_account_refuse
from apps.portal.services.registration import Finished
from apps.registry.services.persons import person_create
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.apps.portal.flow import citizen_account, register, submit
from tests.factories import PASSWORD, VILLAGE, VILLAGE_2, UserFactory, household, new_id_number, person_input


@pytest.fixture
def waiting(worker):
    """A registered head of household without a phone on record, registered and waiting for the village."""
    head = household(actor=worker).memberships.get(relation="head").person
    done = register(name=head.name, id_number=head.id_number)
    assert done.kind == Finished.PENDING
    return done.profile


def _login(username: str, password: str = PASSWORD):
    return Client().post(reverse("portal:login"), {"username": username, "password": password})


def test_a_waiting_account_cannot_sign_in_and_is_told_why(waiting):
    response = _login(waiting.id_number)
    assert response.status_code == 200 and "正在等待乡镇(街道)核实" in response.content.decode()
    # a wrong password learns nothing about the account
    assert "正在等待" not in _login(waiting.id_number, "Wrong-pass-2026").content.decode()


def test_the_village_confirms_after_the_window_check_and_the_resident_signs_in(waiting, worker):
    # given the account waits in the worker's village
    assert [p.pk for p in account_list_for(actor=worker)] == [waiting.pk]
    # when the worker confirms it
    with pytest.raises(ValidationFailed):
        citizen_account_confirm(actor=worker, profile=waiting, method="")
    confirmed = citizen_account_confirm(actor=worker, profile=waiting, method="window")
    # then it is active, named by the ID number, audited, and the resident signs in
    assert confirmed.state == AccountState.ACTIVE and confirmed.verified_by == Verification.STAFF
    assert confirmed.user.is_active and confirmed.user.username == waiting.id_number
    audit = AuditLog.objects.filter(entity_type="portal.citizenprofile", entity_id=str(waiting.pk))
    assert audit.filter(actor=worker, summary__contains="核实通过", area_code=VILLAGE).count() == 1
    response = _login(waiting.id_number)
    assert response.status_code == 302 and response["Location"] == reverse("portal:mine")
    with pytest.raises(Conflict):
        citizen_account_confirm(actor=worker, profile=waiting, method="window")


def test_a_refused_account_reads_the_reason_at_sign_in(waiting, reviewer):
    with pytest.raises(ValidationFailed):
        citizen_account_refuse(actor=reviewer, profile=waiting, reason="否")
    citizen_account_refuse(actor=reviewer, profile=waiting, reason="窗口核验身份证与注册人不符")
    assert "未通过核实：窗口核验身份证与注册人不符" in _login(waiting.id_number).content.decode()
    assert AuditLog.objects.filter(actor=reviewer, summary__contains="未通过核实").count() == 1


def test_another_village_or_county_cannot_see_or_handle_the_account(waiting, outsider):
    neighbour = UserFactory(role="village_worker", area_id=VILLAGE_2)
    for actor in (neighbour, outsider):
        assert not account_list_for(actor=actor).exists()
        with pytest.raises(NotFound):
            account_get_for(actor=actor, account_id=waiting.pk)
        with pytest.raises(NotFound):
            citizen_account_confirm(actor=actor, profile=waiting, method="window")
        client = Client()
        client.force_login(actor)
        for name in ("online:account", "online:account_confirm", "online:account_refuse"):
            call = client.get if name == "online:account" else client.post
            assert call(reverse(name, args=[waiting.pk])).status_code == 404, name
    waiting.refresh_from_db()
    assert waiting.state == AccountState.PENDING


def test_only_roles_that_handle_applications_confirm(waiting, approver):
    with pytest.raises(PermissionDenied):
        citizen_account_confirm(actor=approver, profile=waiting, method="window")


def test_the_staff_pages_show_the_account_and_confirm_it(waiting, worker):
    client = Client()
    client.force_login(worker)
    listing = client.get(reverse("online:accounts")).content.decode()
    assert waiting.name in listing and waiting.id_number not in listing
    assert "户籍登记无手机号码" in listing
    assert "1个账号待核实" in client.get(reverse("online:list")).content.decode()
    detail = client.get(reverse("online:account", args=[waiting.pk])).content.decode()
    assert "查验居民身份证原件" in detail
    response = client.post(reverse("online:account_confirm", args=[waiting.pk]), {"method": "phone"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == AccountState.ACTIVE and "电话" in waiting.handled_note


def test_the_real_resident_takes_back_an_account_registered_under_their_number(worker):
    # given someone registered the number as 张三 while the registry did not know it, and applied online
    number = new_id_number()
    impostor = citizen_account(id_number=number, name="张三")
    online = submit(citizen=impostor)
    # and the registry then records the real holder, 冯睿, with a mobile phone
    person_create(
        actor=worker,
        data=person_input(name="冯睿", id_number=number, hukou_area_code=VILLAGE, phone="13955556666"),
    )

    # when 冯睿 registers: the code goes to the registry's phone, and the account waits for the village
    own = "Feng-pass-2026"
    done = register(name="冯睿", id_number=number, password=own, password_again=own)
    assert done.kind == Finished.PENDING and done.profile.replaces.user == impostor
    impostor.refresh_from_db()
    assert impostor.is_active  # nothing changes before staff confirm

    citizen_account_confirm(actor=worker, profile=done.profile, method="window")

    # then the impostor's account is stopped, not deleted, and its application stays with it, marked
    old = CitizenProfile.objects.get(user=impostor)
    impostor.refresh_from_db()
    assert old.state == AccountState.DEACTIVATED and not impostor.is_active and impostor.username != number
    assert OnlineApplication.objects.get(pk=online.pk).citizen == impostor
    client = Client()
    client.force_login(worker)
    assert "申请账号已停用" in client.get(reverse("online:list")).content.decode()
    assert "已停用" in client.get(reverse("online:detail", args=[online.pk])).content.decode()
    # the resident signs in with the ID number; the impostor is told the account is stopped
    assert _login(number, own)["Location"] == reverse("portal:mine")
    assert "该账号已停用" in _login(number, PASSWORD).content.decode()
    summaries = list(AuditLog.objects.filter(actor=worker).values_list("summary", flat=True))
    assert any("网上办事账号停用" in s and "1件网上申请保留" in s for s in summaries)
    assert any("核实通过" in s for s in summaries)
