"""The organisation pages and API: numbers shown, one form per task, errors beside their fields, the
phone masked and revealed with an audit row, confirmation before a state change, scoping."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.core.models import AuditLog
from apps.organisations.models import Organisation
from apps.organisations.services.organisations import organisation_staff_bind
from tests.apps.organisations.helpers import credit_code, organisation
from tests.factories import OTHER_VILLAGE, VILLAGE, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_the_list_shows_numbers_and_masked_phones(approver):
    org = organisation(actor=approver)
    page = _client(approver).get(reverse("organisations:list")).content.decode()
    assert org.number in page and "139****5678" in page and "13912345678" not in page
    assert "登记组织" in page


def test_registering_on_the_page_takes_one_form(approver):
    code = credit_code()
    response = _client(approver).post(
        reverse("organisations:create"),
        {
            "name": "曾都区老年协会",
            "kind": "social_group",
            "credit_code": code,
            "area": VILLAGE,
            "contact_phone": "",
        },
    )
    made = Organisation.objects.get(credit_code=code)
    assert response.status_code == 302 and response["Location"] == reverse(
        "organisations:detail", args=[made.pk]
    )
    detail = _client(approver).get(response["Location"]).content.decode()
    assert made.number in detail and "社会团体" in detail and "登记" in detail


def test_a_wrong_credit_code_stays_on_the_page_with_its_reason(approver):
    response = _client(approver).post(
        reverse("organisations:create"),
        {
            "name": "曾都区老年协会",
            "kind": "social_group",
            "credit_code": "91350100M000100Y44",
            "area": VILLAGE,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "统一社会信用代码校验位错误" in page
    assert 'value="曾都区老年协会"' in page  # every typed value stays
    assert not Organisation.objects.exists()


def test_the_state_page_confirms_and_a_change_lands_in_the_history(approver):
    org = organisation(actor=approver)
    client = _client(approver)
    form = client.get(reverse("organisations:state", args=[org.pk])).content.decode()
    assert "data-confirm=" in form and org.number in form
    response = client.post(
        reverse("organisations:state", args=[org.pk]),
        {
            "state": "abnormal",
            "effective_on": org.state_since.isoformat(),
            "reason": "未报送年度报告",
            "version": org.version,
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("organisations:detail", args=[org.pk])).content.decode()
    assert "列入异常名录" in detail and "未报送年度报告" in detail


def test_a_stale_edit_is_refused_with_a_message(approver):
    org = organisation(actor=approver)
    response = _client(approver).post(
        reverse("organisations:edit", args=[org.pk]),
        {"name": "新名称", "kind": "social_service", "area": VILLAGE, "version": org.version + 5},
    )
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()


def test_revealing_the_phone_on_the_page_is_audited(approver):
    org = organisation(actor=approver)
    response = _client(approver).post(
        reverse("organisations:reveal", args=[org.pk, "contact_phone"]), HTTP_HX_REQUEST="true"
    )
    assert "13912345678" in response.content.decode() and "查看已留痕" in response.content.decode()
    assert AuditLog.objects.filter(entity_id=str(org.pk), action="reveal").exists()


def test_the_supervisor_reads_but_is_offered_no_change(approver, supervisor):
    org = organisation(actor=approver)
    page = _client(supervisor).get(reverse("organisations:detail", args=[org.pk])).content.decode()
    assert org.number in page and "修改组织信息" not in page and "显示完整电话" not in page


def test_the_api_lists_and_details_within_scope_only(approver, outsider):
    ours = organisation(actor=approver)
    theirs = organisation(actor=outsider, area_code=OTHER_VILLAGE)
    listed = _api(approver).get("/api/v1/organisations/").json()
    assert [row["number"] for row in listed["results"]] == [ours.number]
    assert listed["results"][0]["contact_phone"] == "139****5678"
    detail = _api(approver).get(f"/api/v1/organisations/{ours.pk}/").json()
    assert detail["states"][0]["state"] == "normal" and detail["credit_code"] == ours.credit_code
    outside = _api(approver).get(f"/api/v1/organisations/{theirs.pk}/")
    missing = _api(approver).get("/api/v1/organisations/999999999/")
    assert outside.status_code == missing.status_code == 404 and outside.json() == missing.json()


def test_an_organisations_staff_see_their_own_in_the_api(admin_user):
    own = organisation(actor=admin_user)
    organisation(actor=admin_user, name="另一个组织")
    staff = UserFactory(role="village_worker", area_id=VILLAGE)
    organisation_staff_bind(actor=admin_user, organisation=own, user=staff)
    assert [row["id"] for row in _api(staff).get("/api/v1/organisations/").json()["results"]] == [own.pk]
