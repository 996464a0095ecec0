"""The DOCX notices open in Word (python-docx) and say what they must: the applicant's name, the missing
documents all at once, the acceptance, and a refusal's reasons with the applicant's remedies."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from apps.assistance.services.applications import application_intake
from apps.assistance.services.decisions import application_refuse
from apps.assistance.services.notices import notice_docx, notice_filename
from policy.workflow import AppState
from tests.apps.assistance.flow import apply, walk

pytestmark = pytest.mark.usefixtures("standards")


def _text(notice) -> str:
    document = docx.Document(io.BytesIO(notice_docx(notice)))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_one_time_notice_names_the_applicant_and_every_missing_document(worker, reviewer, family):
    app = apply(actor=worker, household=family, documents=frozenset({"application"}))
    app = application_intake(actor=reviewer, application=app, received=frozenset())

    text = _text(app.notices.get())

    assert text.startswith("一次性告知书")
    assert f"{app.applicant.name}：" in text
    for label in [
        "共同生活家庭成员的居民身份证、户口簿",
        "家庭经济状况声明及承诺书",
        "家庭经济状况核对授权书",
    ]:
        assert label in text
    assert "西城街道" in text  # signed by the township


def test_the_acceptance_notice_gives_the_date_and_the_time_limit(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.ACCEPTED, actor=reviewer)

    text = _text(app.notices.get(kind="acceptance"))

    assert "受理通知书" in text and app.applicant.name in text
    assert "2025年9月1日予以受理" in text and "30个工作日" in text


def test_the_refusal_notice_states_the_reasons_and_the_remedies(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)
    app = application_refuse(
        actor=approver, application=app, reasons="家庭人均收入高于当地低保标准\n名下有机动车一辆"
    )
    notice = app.notices.get(kind="refusal")

    text = _text(notice)

    assert "不予确认通知书" in text and app.applicant.name in text
    assert "家庭人均收入高于当地低保标准" in text and "名下有机动车一辆" in text
    assert "曾都区人民政府申请行政复议" in text and "曾都区民政局" in text
    assert notice_filename(notice).endswith(".docx") and app.applicant.name in notice_filename(notice)


def test_a_delegated_decision_is_signed_by_the_township(worker, reviewer, family):
    from apps.standards.models import StandardVersion
    from tests.apps.assistance.flow import after_publicity
    from tests.factories import COUNTY

    StandardVersion.objects.create(
        area_id=COUNTY, key="approval.level", urban=None, value="township", effective_from=date(2023, 1, 1)
    )
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    app = application_refuse(
        actor=reviewer, application=app, reasons="经复核家庭收入高于标准", on=after_publicity(app)
    )

    text = _text(app.notices.get(kind="refusal"))

    assert text.rstrip().splitlines()[-2] == "西城街道"
