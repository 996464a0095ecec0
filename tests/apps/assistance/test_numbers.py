"""受理编号 and 保障编号: given by the services, shown on the pages and the notices, found by the lists."""

from __future__ import annotations

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse

from apps.assistance.services.applications import application_intake
from apps.assistance.services.notices import notice_docx
from tests.apps.assistance.flow import DAY, all_documents, apply, approved_case
from tests.factories import household

pytestmark = pytest.mark.usefixtures("standards")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_application_is_numbered_by_its_programme_and_its_case_apart(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)
    application = case.application
    assert application.number == f"421303-{DAY.year}-DB-00001"
    assert case.number.startswith("421303-") and "-DBZ-" in case.number
    assert str(application) == application.number and str(case) == case.number
    second = apply(actor=worker, household=household(actor=worker, members=1))
    assert second.number == f"421303-{DAY.year}-DB-00002"


def test_the_pages_show_the_numbers_and_no_id(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)
    application = case.application
    client = _client(approver)
    page = client.get(reverse("assistance:application_detail", args=[application.pk])).content.decode()
    assert application.number in page and family.number in page
    assert f"申请{application.pk}<" not in page
    page = client.get(reverse("assistance:case_detail", args=[case.pk])).content.decode()
    assert case.number in page and application.number in page and family.number in page
    assert f"在保{case.pk}" not in page


def test_the_notice_carries_the_application_number(worker, reviewer, family):
    app = apply(actor=worker, household=family, documents=all_documents())
    app = application_intake(actor=reviewer, application=app, received=all_documents())
    notice = app.notices.get()
    assert app.number in notice.number
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice_docx(notice))).paragraphs)
    assert f"受理编号：{app.number}" in text


def test_the_lists_find_an_application_and_a_case_by_number(worker, reviewer, approver, family):
    case = approved_case(actor=reviewer, household=family, approver=approver)
    other = apply(actor=worker, household=household(actor=worker, members=1))
    client = _client(approver)
    typed = case.application.number.replace("-", "").lower()
    page = client.get(reverse("assistance:application_list"), {"q": typed}).content.decode()
    assert reverse("assistance:application_detail", args=[case.application_id]) in page
    assert reverse("assistance:application_detail", args=[other.pk]) not in page
    page = client.get(reverse("assistance:case_list"), {"q": case.number}).content.decode()
    assert reverse("assistance:case_detail", args=[case.pk]) in page
    page = client.get(reverse("assistance:case_list"), {"q": "DBZ-99999"}).content.decode()
    assert reverse("assistance:case_detail", args=[case.pk]) not in page
