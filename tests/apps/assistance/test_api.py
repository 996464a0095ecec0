"""The read-only assistance API: the caller's 待办, applications with their assessment trace, cases with
their changes, and the same 404 for outside and missing."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from policy.workflow import AppState
from tests.apps.assistance.flow import apply, approved_case, dibao_standards, walk
from tests.factories import OTHER_COUNTY, OTHER_VILLAGE, household

pytestmark = pytest.mark.usefixtures("standards")


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_an_application_comes_with_its_trace_and_steps(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)

    body = _api(worker).get(f"/api/v1/applications/{app.pk}/").json()

    assert body["state"] == "verified" and body["state_label"] == "已核对，待入户调查"
    assert body["applicant_name"] == app.applicant.name and "id_number" not in str(body)
    assert body["assessment"]["result"]["trace"][0]["rule"]
    assert [e["step"] for e in body["events"]] == ["create", "accept", "verify"]
    assert body["notices"][0]["kind"] == "acceptance"


def test_the_list_filters_by_state(worker, reviewer, family):
    app = apply(actor=worker, household=family)

    assert [
        r["id"] for r in _api(reviewer).get("/api/v1/applications/", {"state": "open"}).json()["results"]
    ] == [app.pk]
    assert _api(reviewer).get("/api/v1/applications/", {"state": "approved"}).json()["results"] == []
    assert _api(reviewer).get("/api/v1/applications/", {"state": "nonsense"}).status_code == 400


def test_outside_and_missing_answer_the_same_404(approver, outsider):
    dibao_standards(OTHER_COUNTY)
    elsewhere = apply(actor=outsider, household=household(actor=outsider, area_code=OTHER_VILLAGE))

    outside = _api(approver).get(f"/api/v1/applications/{elsewhere.pk}/")
    missing = _api(approver).get("/api/v1/applications/999999999/")

    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_a_case_lists_its_covered_members_masked_and_its_changes(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)

    body = _api(worker).get(f"/api/v1/cases/{case.pk}/").json()

    assert body["status"] == "active" and body["monthly_amount"] == str(case.monthly_amount)
    assert len(body["covered"]) == 3 and all("*" in m["id_number"] for m in body["covered"])
    assert body["events"][0]["change"] == "enrol"


def test_the_inbox_lists_what_waits_for_the_caller(worker, reviewer, family):
    app = apply(actor=worker, household=family)

    groups = {g["key"]: g for g in _api(reviewer).get("/api/v1/inbox/").json()["groups"]}

    assert [i["id"] for i in groups["submitted"]["items"]] == [app.pk]
