"""Changing a case over the API: the same checks, history and audit as the case page; a stale version,
a change the status does not allow, a reader's role and another county each get their own answer."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.assistance.models import Case, CaseEvent
from apps.core.models import AuditLog
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY

pytestmark = pytest.mark.usefixtures("standards")
SUSPEND = {"change": "suspend", "reason_code": "whereabouts"}


def _post(user, case: Case, **body):
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client.post(f"/api/v1/cases/{case.pk}/change/", json.dumps(body), content_type="application/json")


@pytest.fixture
def standards(areas):
    dibao_standards(COUNTY)


@pytest.fixture
def case(reviewer, approver, family):
    return approved_case(actor=reviewer, household=family, approver=approver)


def test_the_county_suspends_a_case_and_the_answer_is_the_case_with_its_new_event(case, approver):
    response = _post(
        approver,
        case,
        change="suspend",
        reason_code="whereabouts",
        reason="长期外出，待核实",
        version=case.version,
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "suspended" and body["version"] == case.version + 1
    assert body["events"][-1]["change"] == "suspend" and body["events"][-1]["reason"] == "长期外出，待核实"
    assert CaseEvent.objects.filter(case=case, change="suspend").count() == 1
    assert AuditLog.objects.filter(entity_type="assistance.case", entity_id=str(case.pk)).exists()


def test_an_adjustment_takes_the_new_amount_from_the_month_given(case, approver):
    amount = str(case.monthly_amount + 50)
    response = _post(
        approver,
        case,
        change="adjust",
        reason_code="income_change",
        reason="家庭收入减少",
        amount=amount,
        effective_month="2026-02",
    )

    assert response.status_code == 200, response.content
    event = CaseEvent.objects.get(case=case, change="adjust")
    assert str(event.amount_after) == amount and event.effective_month.isoformat() == "2026-02-01"


def test_a_stale_version_is_refused_and_nothing_changes(case, approver):
    response = _post(
        approver,
        case,
        change="suspend",
        reason_code="whereabouts",
        reason="长期外出",
        version=case.version - 1,
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert Case.objects.get(pk=case.pk).status == "active"


def test_a_change_the_status_does_not_allow_is_refused(case, approver):
    response = _post(approver, case, change="resume", reason_code="verified", reason="核实后恢复")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_missing_fields_are_named_in_chinese(case, approver):
    response = _post(approver, case, change="stop")
    fields = response.json()["error"]["fields"]
    assert response.status_code == 400 and {"reason_code", "reason"} <= set(fields)


def test_a_village_worker_gets_403_and_another_county_404(case, worker, outsider):
    body = {**SUSPEND, "reason": "长期外出"}
    assert _post(worker, case, **body).status_code == 403
    assert _post(outsider, case, **body).status_code == 404
    assert Case.objects.get(pk=case.pk).status == "active"
