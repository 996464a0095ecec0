"""The assistance pages: each role's 待办, the application page and its steps, the 公示 list without ID
numbers, the DOCX download, the case page, and the household page's section."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.models import Application
from apps.registry.selectors import household_members
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, after_publicity, all_documents, apply, walk
from tests.factories import VILLAGE

pytestmark = pytest.mark.usefixtures("standards")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


def test_a_worker_applies_from_the_household_page(worker, family):
    client = _client(worker)
    page = _text(client.get(reverse("registry:household_detail", args=[family.pk])))
    assert "申请救助" in page and reverse("assistance:application_create", args=[family.pk]) in page

    head = household_members(household=family).first()
    response = client.post(
        reverse("assistance:application_create", args=[family.pk]),
        {
            "program": "dibao",
            "applicant": head.person_id,
            "channel": "proxy",
            "reason": "户主患病，家庭无稳定收入",
            "documents": ["application", "identity"],
        },
    )

    app = Application.objects.get(household=family)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assistance:application_detail", args=[app.pk]
    )
    assert app.documents_received == ["application", "identity"]
    detail = _text(client.get(response["Location"]))
    assert "待受理" in detail and "户主患病" in detail


def test_a_missing_reason_is_shown_next_to_its_field(worker, family):
    head = household_members(household=family).first()
    response = _client(worker).post(
        reverse("assistance:application_create", args=[family.pk]),
        {"program": "dibao", "applicant": head.person_id, "channel": "self", "reason": " "},
    )

    assert response.status_code == 200
    assert 'id="id_reason_error"' in _text(response)
    assert not Application.objects.exists()


def test_each_role_finds_its_work_in_the_inbox(worker, reviewer, approver, family):
    app = apply(actor=worker, household=family)

    assert app.applicant.name in _text(_client(reviewer).get(reverse("workbench:inbox")))
    worker_page = _text(_client(worker).get(reverse("workbench:inbox")))
    assert "待补正材料" in worker_page and "待受理" not in worker_page
    approver_page = _text(_client(approver).get(reverse("workbench:inbox")))
    assert "待审核确认" in approver_page and app.applicant.name not in approver_page


def test_the_inbox_flags_what_is_overdue(worker, reviewer, family, settings):
    apply(actor=worker, household=family, on=DAY)
    settings.MINZHENG_TODAY = (DAY + timedelta(days=14)).isoformat()

    page = _text(_client(reviewer).get(reverse("workbench:inbox")))

    assert "逾期5个工作日" in page  # due 8 September, it is now 15 September
    assert "逾期 1" in page


def test_the_intake_page_issues_one_notice_for_everything_missing(worker, reviewer, family):
    app = apply(actor=worker, household=family, documents=frozenset({"application"}))
    client = _client(reviewer)
    url = reverse("assistance:application_intake", args=[app.pk])
    assert "家庭经济状况核对授权书" in _text(client.get(url))

    response = client.post(url, {"version": app.version, "documents": ["application", "identity"]})

    app.refresh_from_db()
    assert response.status_code == 302 and app.state == AppState.PENDING_DOCS
    assert "一次性告知书" in _text(client.get(reverse("assistance:application_detail", args=[app.pk])))


def test_a_stale_page_is_told_someone_else_acted(worker, reviewer, family):
    # given: the page was drawn before another reviewer's step moved the version on
    app = apply(actor=worker, household=family, documents=all_documents())
    url = reverse("assistance:application_intake", args=[app.pk])

    response = _client(reviewer).post(url, {"version": app.version - 1}, follow=True)

    assert "已被他人处理" in _text(response)
    app.refresh_from_db()
    assert app.state == AppState.SUBMITTED


def test_a_step_the_state_does_not_allow_goes_back_with_the_reason(worker, reviewer, family):
    app = apply(actor=worker, household=family)

    response = _client(reviewer).get(reverse("assistance:application_survey", args=[app.pk]), follow=True)

    assert "当前状态为“待受理”，不能进行“入户调查”" in _text(response)


def test_the_publicity_list_shows_no_id_numbers(worker, reviewer, family, settings):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    members = [m.person for m in household_members(household=family)]
    settings.MINZHENG_TODAY = DAY.isoformat()

    page = _text(_client(worker).get(reverse("assistance:publicity", args=[VILLAGE])))

    assert app.applicant.name in page and f"{app.proposed_amount:,.2f}" in page
    for person in members:
        assert person.id_number not in page and person.id_number[-4:] not in page
    assert family.address not in page


def test_the_notice_downloads_as_a_word_document(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.ACCEPTED, actor=reviewer)
    notice = app.notices.get()

    response = _client(worker).get(reverse("assistance:notice_download", args=[notice.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert app.applicant.name in text


def test_approval_from_the_decide_page_creates_the_case(worker, reviewer, approver, family, settings):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    settings.MINZHENG_TODAY = after_publicity(app).isoformat()
    client = _client(approver)

    response = client.post(
        reverse("assistance:application_decide", args=[app.pk]),
        {"version": app.version, "decision": "approve", "amount": str(app.proposed_amount)},
        follow=True,
    )

    assert "已确认同意，纳入在保对象" in _text(response)
    household_page = _text(client.get(reverse("registry:household_detail", args=[family.pk])))
    assert "在保" in household_page and str(app.proposed_amount) in household_page


def test_a_refusal_without_reasons_stays_on_the_page(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)

    response = _client(approver).post(
        reverse("assistance:application_decide", args=[app.pk]),
        {"version": app.version, "decision": "refuse"},
    )

    assert response.status_code == 200 and "不予确认须书面说明理由" in _text(response)
