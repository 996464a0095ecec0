"""The ordinary path of an application over the API, step by step, as a township and a county system
would drive it: the same services, checks, notices and timeline as the pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.assistance.models import Application, Attachment, Case
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, all_documents, apply, walk

pytestmark = pytest.mark.usefixtures("standards")


def _post(user, application: Application, step: str, body: dict | None = None):
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = f"/api/v1/applications/{application.pk}/{step}/"
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def application(worker, family, settings):
    settings.MINZHENG_TODAY = DAY.isoformat()
    return apply(actor=worker, household=family)


def test_from_intake_to_approval_the_api_walks_the_whole_path(application, reviewer, approver, settings):
    documents = sorted(all_documents())
    accepted = _post(
        reviewer, application, "intake", {"documents": documents, "version": application.version}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted" and accepted.json()["notices"]

    verified = _post(reviewer, application, "verify", {"version": accepted.json()["version"]})
    assert verified.status_code == 200 and verified.json()["assessment"] is not None

    surveyed = _post(
        reviewer, application, "survey", {"findings": "入户查看，情况属实", "investigators": ["张三", "李四"]}
    )
    assert surveyed.status_code == 200 and surveyed.json()["investigators"] == ["张三", "李四"]

    publicised = _post(reviewer, application, "publicise", {"start": DAY.isoformat()})
    assert publicised.status_code == 200 and publicised.json()["state"] == "publicising"

    end = Application.objects.get(pk=application.pk).publicity_end
    settings.MINZHENG_TODAY = (end + timedelta(days=1)).isoformat()
    amount = publicised.json()["proposed_amount"]
    decided = _post(approver, application, "decide", {"decision": "approve", "amount": amount})
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "approved" and decided.json()["decision_amount"] == amount
    assert Case.objects.filter(application=application).exists()
    steps = [e["step"] for e in decided.json()["events"]]
    assert steps[-1] == "approve" and len(steps) >= 5


def test_a_step_out_of_turn_is_refused_and_nothing_changes(application, reviewer):
    response = _post(reviewer, application, "publicise")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    assert Application.objects.get(pk=application.pk).state == application.state


def test_a_survey_with_one_investigator_is_refused_naming_the_field(application, reviewer):
    _post(reviewer, application, "intake", {"documents": sorted(all_documents())})
    _post(reviewer, application, "verify")
    response = _post(reviewer, application, "survey", {"findings": "情况属实", "investigators": ["张三"]})
    assert response.status_code == 400 and "investigators" in response.json()["error"]["fields"]


def test_a_stale_version_is_refused(application, reviewer):
    response = _post(reviewer, application, "intake", {"documents": [], "version": application.version + 1})
    assert response.status_code == 409


def test_at_the_decision_a_refusal_needs_its_reasons_and_an_approval_its_amount(
    application, reviewer, approver, settings
):
    publicised = walk(application, AppState.PUBLICISING, actor=reviewer)
    settings.MINZHENG_TODAY = (publicised.publicity_end + timedelta(days=1)).isoformat()

    refused = _post(approver, application, "decide", {"decision": "refuse"})
    approved = _post(approver, application, "decide", {"decision": "approve"})

    assert refused.status_code == 400 and "reasons" in refused.json()["error"]["fields"]
    assert approved.status_code == 400 and "amount" in approved.json()["error"]["fields"]
    assert Application.objects.get(pk=application.pk).state == "publicising"


def test_a_village_worker_may_not_verify_and_another_county_gets_404(application, worker, outsider):
    assert _post(worker, application, "verify").status_code == 403
    assert _post(outsider, application, "verify").status_code == 404


def test_a_survey_can_come_as_multipart_with_its_photos(application, reviewer):
    _post(reviewer, application, "intake", {"documents": sorted(all_documents())})
    _post(reviewer, application, "verify")
    token, _ = Token.objects.get_or_create(user=reviewer)
    photo = SimpleUploadedFile("门口.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = Client(HTTP_AUTHORIZATION=f"Token {token.key}").post(
        f"/api/v1/applications/{application.pk}/survey/",
        {"findings": "入户查看，情况属实", "investigators": ["张三", "李四"], "files": photo},
    )
    assert response.status_code == 200, response.content
    assert response.json()["investigators"] == ["张三", "李四"]
    assert Attachment.objects.filter(application=application, original_name="门口.png").exists()
