"""The application workflow through its services, per role: 申请, 受理 with one 一次性告知, 补正, 核对,
入户调查, 公示, objections, 审核确认 or refusal, and two reviewers acting at once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.assistance.models import Application, Case, Notice
from apps.assistance.services.applications import (
    application_intake,
    application_resubmit,
    application_survey,
    application_verify,
    application_withdraw,
)
from apps.assistance.services.decisions import application_approve, application_refuse
from apps.assistance.services.publicity import application_object, application_publicise, application_recheck
from apps.core.clock import work_calendar
from apps.core.models import AuditLog
from policy.calendar import add_working_days
from policy.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, after_publicity, all_documents, apply, dibao_standards, walk
from tests.factories import COUNTY, TOWN_B, VILLAGE_B, UserFactory, household

pytestmark = pytest.mark.usefixtures("standards")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_village_worker_applies_for_a_household_of_their_village(worker, family):
    # when
    app = apply(actor=worker, household=family)

    # then
    assert app.state == AppState.SUBMITTED
    assert app.channel == "proxy" and app.area_id == family.area_id and app.is_urban == family.is_urban
    assert app.due_on == add_working_days(DAY, 5, calendar=work_calendar())
    assert [e.step for e in app.events.all()] == ["create"]
    assert AuditLog.objects.filter(household_id=family.pk, entity_type="assistance.application").count() == 1


def test_a_worker_cannot_apply_for_a_household_outside_their_village(worker, reviewer):
    elsewhere = household(actor=reviewer, area_code="421303001002")

    with pytest.raises(NotFound):
        apply(actor=worker, household=elsewhere)


def test_a_second_open_application_for_the_same_programme_is_refused(worker, family):
    first = apply(actor=worker, household=family)

    with pytest.raises(Conflict, match=f"受理编号{first.number}"):
        apply(actor=worker, household=family)


def test_the_applicant_must_belong_to_the_household(worker, family, other_family):
    from apps.assistance.services.applications import ApplicationInput, application_create
    from apps.registry.selectors import household_members

    stranger = household_members(household=other_family).first().person_id
    data = ApplicationInput(program="dibao", channel="self", applicant_id=stranger, reason="生活困难")

    with pytest.raises(ValidationFailed) as caught:
        application_create(actor=worker, household=family, data=data)

    assert caught.value.errors == {"applicant": ["申请人应为该家庭的现有成员"]}


def test_missing_documents_are_told_all_at_once_then_accepted_after_resubmission(worker, reviewer, family):
    # given: the village brought only the application form and the ID cards
    app = apply(actor=worker, household=family, documents=frozenset({"application", "identity"}))

    # when: the township looks at the papers
    app = application_intake(actor=reviewer, application=app, received=frozenset())

    # then: one notice lists every missing document
    assert app.state == AppState.PENDING_DOCS
    notice = Notice.objects.get(application=app)
    assert notice.kind == "documents"
    assert notice.payload["missing"] == [
        "家庭经济状况声明及承诺书",
        "家庭经济状况核对授权书",
        "委托书（委托村(居)委会或他人代为申请的）",
    ]
    assert app.due_on is None  # the applicant's time, not the office's

    # when: the village hands the rest in and the township accepts
    app = application_resubmit(
        actor=worker, application=app, received=frozenset({"declaration", "authorization", "proxy_letter"})
    )
    assert app.state == AppState.SUBMITTED
    app = application_intake(actor=reviewer, application=app, received=frozenset())

    # then
    assert app.state == AppState.ACCEPTED and app.accepted_on is not None
    assert list(app.notices.values_list("kind", flat=True)) == ["documents", "acceptance"]


def test_a_village_worker_cannot_accept(worker, family):
    app = apply(actor=worker, household=family)

    with pytest.raises(PermissionDenied, match="受理"):
        application_intake(actor=worker, application=app, received=all_documents())


def test_a_township_reviewer_of_another_township_sees_nothing(worker, family):
    stranger = UserFactory(role="township_reviewer", area_id=TOWN_B)
    app = apply(actor=worker, household=family)

    with pytest.raises(NotFound):
        application_intake(actor=stranger, application=app, received=all_documents())


def test_verification_stores_the_assessment_and_its_trace(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.ACCEPTED, actor=reviewer)

    app = application_verify(actor=reviewer, application=app, on=DAY)

    assert app.state == AppState.VERIFIED and app.eligible is True
    assert app.proposed_amount > 0
    assert app.assessment["result"]["program"] == "dibao"
    assert app.assessment["result"]["trace"] and app.assessment["income_trace"]
    assert len(app.covered_ids) == 3


def test_the_survey_needs_two_investigators_and_findings(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)

    with pytest.raises(ValidationFailed) as caught:
        application_survey(actor=reviewer, application=app, findings="", investigators=["张三", " 张三 "])

    assert set(caught.value.errors) == {"findings", "investigators"}
    assert Application.objects.get(pk=app.pk).state == AppState.VERIFIED


def test_survey_photos_are_kept_and_a_disguised_file_is_refused(worker, reviewer, family, tmp_path):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)
    fake = SimpleUploadedFile("家.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")

    with pytest.raises(ValidationFailed, match=r"“家\.jpg”不是照片"):
        application_survey(
            actor=reviewer,
            application=app,
            findings="家中陈设简陋",
            investigators=["张三", "李四"],
            files=[fake],
        )

    photo = SimpleUploadedFile("门口.png", PNG, content_type="image/png")
    app = application_survey(
        actor=reviewer,
        application=app,
        findings="家中陈设简陋",
        investigators=["张三", "李四"],
        files=[photo],
    )
    stored = app.attachments.get()
    assert stored.original_name == "门口.png" and stored.content_type == "image/png"
    assert (tmp_path / "attachments" / stored.stored_name).read_bytes() == PNG


def test_approval_waits_for_the_end_of_the_seven_day_publicity(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    assert app.publicity_end == DAY + timedelta(days=6)

    with pytest.raises(ValidationFailed, match="公示期满后方可审核确认"):
        application_approve(actor=approver, application=app, amount=app.proposed_amount, on=app.publicity_end)

    app = application_approve(
        actor=approver, application=app, amount=app.proposed_amount, on=after_publicity(app)
    )
    assert app.state == AppState.APPROVED
    assert app.start_month.isoformat() == "2025-10-01"  # the month after the decision (8 September)
    case = Case.objects.get(application=app)
    assert case.status == "active" and case.monthly_amount == app.proposed_amount
    assert case.covered.count() == 3


def test_a_township_cannot_approve_unless_the_county_delegates(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)

    with pytest.raises(PermissionDenied, match="县级民政部门"):
        application_approve(
            actor=reviewer, application=app, amount=app.proposed_amount, on=after_publicity(app)
        )


def test_where_the_county_delegates_the_township_approves(worker, reviewer, family):
    from apps.standards.models import StandardVersion

    StandardVersion.objects.create(
        area_id=COUNTY,
        key="approval.level",
        urban=None,
        value="township",
        effective_from=DAY.replace(year=2023),
    )
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    assert app.authority == "township"

    app = application_approve(
        actor=reviewer, application=app, amount=app.proposed_amount, on=after_publicity(app)
    )

    assert app.state == AppState.APPROVED


def test_departing_from_the_assessed_amount_needs_a_reason(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)

    with pytest.raises(ValidationFailed, match="请写明理由"):
        application_approve(actor=approver, application=app, amount=Decimal("100"), on=after_publicity(app))


def test_an_objection_sends_the_application_back_to_recheck(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)

    app = application_object(actor=worker, application=app, content="该户有一辆小汽车", raised_by="村民")
    assert app.state == AppState.OBJECTED
    with pytest.raises(InvalidTransition, match="公示有异议，待复查"):
        application_approve(actor=approver, application=app, amount=Decimal("100"), on=after_publicity(app))

    app = application_recheck(actor=reviewer, application=app, resolution="车辆已于去年过户，异议不成立")
    assert app.state == AppState.ACCEPTED and app.publicity_end is None
    assert app.objections.get().resolution == "车辆已于去年过户，异议不成立"
    app = walk(app, AppState.PUBLICISING, actor=reviewer)
    assert app.state == AppState.PUBLICISING


def test_a_refusal_needs_written_reasons_and_issues_a_notice(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.VERIFIED, actor=reviewer)

    with pytest.raises(ValidationFailed, match="书面说明理由"):
        application_refuse(actor=approver, application=app, reasons="不符")
    app = application_refuse(actor=approver, application=app, reasons="家庭人均收入高于当地低保标准")

    assert app.state == AppState.REFUSED
    notice = app.notices.get(kind="refusal")
    assert notice.payload["reasons"] == "家庭人均收入高于当地低保标准"
    assert notice.payload["issuer"] == "曾都区民政局"


def test_two_reviewers_acting_on_the_same_page_cannot_both_win(worker, reviewer, family):
    # given: two reviewers of the town opened the same application
    other = UserFactory(role="township_reviewer", area_id=reviewer.area_id)
    app = apply(actor=worker, household=family, documents=all_documents())
    seen_by_both = Application.objects.get(pk=app.pk)

    # when: the first accepts
    application_intake(actor=reviewer, application=seen_by_both, received=frozenset())

    # then: the second, acting on what they saw, is told someone else has handled it
    with pytest.raises(Conflict, match="已被他人处理"):
        application_intake(actor=other, application=seen_by_both, received=frozenset())
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.state == AppState.ACCEPTED and fresh.version == 2
    assert fresh.notices.count() == 1


def test_a_stale_version_from_a_form_is_refused(worker, reviewer, family):
    app = apply(actor=worker, household=family, documents=all_documents())

    with pytest.raises(Conflict):
        application_intake(
            actor=reviewer, application=app, received=frozenset(), expected_version=app.version - 1
        )


def test_every_step_is_audited_on_the_household(worker, reviewer, approver, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    application_approve(actor=approver, application=app, amount=app.proposed_amount, on=after_publicity(app))

    summaries = list(
        AuditLog.objects.filter(household_id=family.pk).order_by("id").values_list("summary", flat=True)
    )

    for word in ["申请人", "受理", "家庭经济状况核对", "入户调查", "公示", "审核确认", "纳入"]:
        assert any(word in s for s in summaries), word


def test_the_applicant_may_withdraw_with_a_reason(worker, family):
    app = apply(actor=worker, household=family)

    app = application_withdraw(actor=worker, application=app, reason="家庭情况好转，本人申请撤回")

    assert app.state == AppState.WITHDRAWN and app.due_on is None


def test_publicity_cannot_start_before_the_survey(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.SURVEYED, actor=reviewer)

    with pytest.raises(ValidationFailed, match="不能早于入户调查日期"):
        application_publicise(actor=reviewer, application=app, start=DAY - timedelta(days=1), on=DAY)


def test_a_rural_household_is_assessed_against_its_townships_rural_standard(admin_user):
    # given: 万店镇 sets its own rural standard over the county's 617
    rural = household(actor=admin_user, area_code=VILLAGE_B, members=1)
    dibao_standards(TOWN_B, urban="680", rural="500")

    # when
    app = walk(apply(actor=admin_user, household=rural), AppState.VERIFIED, actor=admin_user)

    # then
    trace = " ".join(step["detail"] for step in app.assessment["result"]["trace"])
    assert app.is_urban is False
    assert "500.00" in trace and "617" not in trace
