"""网上办事 pages: who reaches which, and applying through the real form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.portal.models import OnlineApplication
from tests.apps.portal.flow import PNG, sink_code, submit
from tests.factories import PASSWORD, TOWN, VILLAGE, new_id_number


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anyone_may_read_the_portal_home_but_applying_needs_a_sign_in(areas):
    assert Client().get(reverse("portal:home")).status_code == 200
    response = Client().get(reverse("portal:apply"))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_a_resident_registers_and_lands_on_the_application_form(areas):
    number = new_id_number()
    client = Client()
    response = client.post(
        reverse("portal:register"),
        {
            "name": "赵小燕",
            "id_number": number,
            "phone": "13700001111",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:register_code")
    page = client.get(reverse("portal:register_code")).content.decode()
    assert "尾号 <strong>1111</strong>" in page
    response = client.post(reverse("portal:register_code"), {"code": sink_code("13700001111")})
    assert response.status_code == 302 and response["Location"] == reverse("portal:apply")
    assert "赵小燕" in client.get(reverse("portal:apply")).content.decode()


def test_a_resident_signs_in_on_the_portal_but_not_in_the_bureau_system(citizen):
    staff = Client().post(reverse("accounts:login"), {"username": citizen.username, "password": PASSWORD})
    assert "网上办事" in staff.content.decode()
    portal = Client().post(reverse("portal:login"), {"username": citizen.username, "password": PASSWORD})
    assert portal.status_code == 302 and portal["Location"] == reverse("portal:mine")


def test_bureau_staff_cannot_sign_in_on_the_portal(worker):
    response = Client().post(reverse("portal:login"), {"username": worker.username, "password": PASSWORD})
    assert "工作人员请从业务系统登录" in response.content.decode()


def test_a_resident_session_never_reaches_the_bureau_pages_or_the_api(citizen):
    client = _client(citizen)
    for url in [reverse("workbench:home"), reverse("registry:household_list"), reverse("online:list")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("portal:home"), url
    assert client.get("/api/v1/households/").status_code == 403


def test_bureau_staff_are_refused_the_residents_pages(worker):
    assert _client(worker).get(reverse("portal:apply")).status_code == 403


def test_the_form_offers_the_townships_then_the_villages(citizen):
    client = _client(citizen)
    townships = client.get(reverse("portal:areas"), {"level": "township", "county": "421303000000"})
    assert "西城街道" in townships.content.decode()
    villages = client.get(reverse("portal:areas"), {"level": "village", "township": TOWN})
    assert "乌龙巷" in villages.content.decode()


def _form(**overrides):
    data = {
        "program": "dibao",
        "county": "421303000000",
        "township": TOWN,
        "area": VILLAGE,
        "address": "乌龙巷12号",
        "phone": "13800138000",
        "applicant_relation": "head",
        "reason": "丈夫患病不能劳动，家庭收入很低",
        "consent": "on",
        "members-TOTAL_FORMS": "6",
        "members-INITIAL_FORMS": "0",
        "members-0-name": "李小花",
        "members-0-id_number": new_id_number(),
        "members-0-relation": "spouse",
    }
    data.update(overrides)
    return data


def test_applying_through_the_form_with_a_photo(citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("户口簿.png", PNG, content_type="image/png")
    response = _client(citizen).post(reverse("portal:apply"), {**_form(), "doc-identity": photo})
    online = OnlineApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:detail", args=[online.reference]
    )
    assert online.attachments.get().original_name == "户口簿.png"


def test_a_bad_member_row_is_shown_next_to_that_row_and_nothing_is_kept(citizen):
    response = _client(citizen).post(
        reverse("portal:apply"), _form(**{"members-0-id_number": "421303198001010010", "consent": ""})
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "第1位家庭成员" in text and "校验位" in text and "授权" in text
    assert not OnlineApplication.objects.exists()


def test_one_resident_cannot_open_anothers_application(citizen, citizen_b):
    online = submit(citizen=citizen)
    assert _client(citizen).get(reverse("portal:detail", args=[online.reference])).status_code == 200
    assert _client(citizen_b).get(reverse("portal:detail", args=[online.reference])).status_code == 404
    response = _client(citizen_b).post(reverse("portal:withdraw", args=[online.reference]))
    assert response.status_code == 404


@pytest.mark.parametrize("user_fixture", ["worker", "reviewer"])
def test_the_village_and_township_see_the_online_application_with_ids_masked(request, citizen, user_fixture):
    user = request.getfixturevalue(user_fixture)
    online = submit(citizen=citizen)
    listed = _client(user).get(reverse("online:list")).content.decode()
    assert online.number in listed
    page = _client(user).get(reverse("online:detail", args=[online.pk])).content.decode()
    assert online.members[1]["id_number"] not in page and online.members[1]["id_number"][-4:] in page


def test_the_inbox_lists_online_applications_waiting_and_the_application_links_back(citizen, worker):
    from apps.portal.services.staff import online_forward, online_register_household

    online = submit(citizen=citizen)
    inbox = _client(worker).get(reverse("workbench:inbox")).content.decode()
    assert "网上申请待处理" in inbox and online.reference in inbox
    family = online_register_household(actor=worker, online=online)
    online.refresh_from_db()
    application = online_forward(actor=worker, online=online, household_id=family.pk)
    assert online.reference not in _client(worker).get(reverse("workbench:inbox")).content.decode()
    page = (
        _client(worker).get(reverse("assistance:application_detail", args=[application.pk])).content.decode()
    )
    assert online.reference in page and reverse("online:detail", args=[online.pk]) in page


def test_withdrawing_asks_first_and_says_what_happens(citizen):
    # issue 20, 4: 撤回申请 sat one tap below 上传 with no confirmation (core/site.js asks data-confirm).
    online = submit(citizen=citizen)
    html = _client(citizen).get(reverse("portal:detail", args=[online.reference])).content.decode()
    url = reverse("portal:withdraw", args=[online.reference])
    form = re.search(rf'<form[^>]*action="{re.escape(url)}"[^>]*>', html)
    assert form and 'data-confirm="撤回后这份网上申请不再办理' in form.group(0)
