"""Cases under dynamic management: enrolment on approval, every change with its reason through the case
table, 渐退 from the configured months, 定期核查 on the configured schedule, and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.assistance.models import Case
from apps.assistance.services.cases import case_change
from apps.core.models import AuditLog
from apps.standards.models import StandardVersion
from policy.cases import CaseStatus, review_due_on
from policy.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from tests.apps.assistance.flow import DAY, approved_case
from tests.factories import COUNTY

pytestmark = pytest.mark.usefixtures("standards")
LATER = date(2025, 11, 20)


@pytest.fixture
def case(worker, reviewer, approver, family) -> Case:
    return approved_case(actor=reviewer, household=family, approver=approver)


def test_approval_enrols_the_household_with_its_review_date(case):
    assert case.status == CaseStatus.ACTIVE
    assert case.start_month == date(2025, 10, 1)
    assert case.events.get().change == "enrol"
    expected = review_due_on(
        last=case.last_review_on, irregular=case.review_irregular, months_stable=12, months_irregular=6
    )
    assert case.next_review_on == expected


def test_suspend_then_resume_each_with_a_reason(case, approver):
    case = case_change(
        actor=approver,
        case=case,
        change="suspend",
        reason_code="whereabouts",
        reason="长期外出，联系不上",
        on=LATER,
    )
    assert case.status == CaseStatus.SUSPENDED

    case = case_change(
        actor=approver, case=case, change="resume", reason_code="verified", reason="已返乡核实", on=LATER
    )

    assert case.status == CaseStatus.ACTIVE
    changes = list(case.events.values_list("change", "reason_label", "effective_month"))
    assert changes[1:] == [
        ("suspend", "长期外出、情况待核实", date(2025, 12, 1)),
        ("resume", "情况已核实，符合条件", date(2025, 12, 1)),
    ]


def test_an_adjustment_needs_the_new_amount_and_records_both(case, approver):
    with pytest.raises(ValidationFailed) as caught:
        case_change(
            actor=approver, case=case, change="adjust", reason_code="income_change", reason="就业", on=LATER
        )
    assert "amount" in caught.value.errors

    before = case.monthly_amount
    case = case_change(
        actor=approver,
        case=case,
        change="adjust",
        reason_code="income_change",
        reason="长子就业，月收入800元",
        amount=Decimal("1200"),
        on=LATER,
    )

    event = case.events.last()
    assert (event.amount_before, event.amount_after) == (before, Decimal("1200.00"))
    assert case.monthly_amount == Decimal("1200.00")


def test_exit_ends_payment_the_month_before_it_takes_effect_and_is_final(case, approver):
    case = case_change(
        actor=approver, case=case, change="exit", reason_code="moved", reason="户籍迁往外省", on=LATER
    )

    assert case.status == CaseStatus.EXITED and case.end_month == date(2025, 11, 1)
    with pytest.raises(InvalidTransition, match="当前状态为“退出”，不能进行“恢复”"):
        case_change(
            actor=approver, case=case, change="resume", reason_code="verified", reason="x x", on=LATER
        )


def test_phase_out_keeps_the_amount_for_the_configured_months(case, approver):
    StandardVersion.objects.create(
        area_id=COUNTY, key="dibao.phase_out_months", urban=None, value="3", effective_from=date(2023, 1, 1)
    )

    case = case_change(
        actor=approver,
        case=case,
        change="phase_out",
        reason_code="employment",
        reason="户主就业后人均收入超过标准",
        on=LATER,
    )

    assert case.status == CaseStatus.ACTIVE
    assert [m for m, _ in case.phase_out] == ["2025-12-01", "2026-01-01", "2026-02-01"]
    assert {a for _, a in case.phase_out} == {str(case.monthly_amount)}


def test_a_periodic_review_records_its_outcome_and_the_next_date(case, reviewer):
    case = case_change(
        actor=reviewer,
        case=case,
        change="review",
        reason_code="unchanged",
        reason="入户核查，无变化",
        on=LATER,
    )

    event = case.events.last()
    assert event.reason_label == "经济状况无明显变化，维持" and event.effective_month is None
    assert case.last_review_on == LATER
    assert case.next_review_on == review_due_on(
        last=LATER, irregular=case.review_irregular, months_stable=12, months_irregular=6
    )


def test_a_change_needs_a_known_reason_and_an_explanation(case, approver):
    with pytest.raises(ValidationFailed) as caught:
        case_change(actor=approver, case=case, change="stop", reason_code="nonsense", reason="", on=LATER)

    assert set(caught.value.errors) == {"reason_code", "reason"}


def test_a_stale_case_page_is_refused(case, approver):
    case_change(actor=approver, case=case, change="suspend", reason_code="other", reason="待核实", on=LATER)

    with pytest.raises(Conflict, match="已被他人处理"):
        case_change(actor=approver, case=case, change="stop", reason_code="other", reason="待核实", on=LATER)


def test_the_village_cannot_stop_a_case_and_the_township_only_reviews(case, worker, reviewer):
    with pytest.raises(PermissionDenied):
        case_change(
            actor=worker, case=case, change="stop", reason_code="income_over", reason="收入超标", on=LATER
        )
    with pytest.raises(PermissionDenied, match="县级民政部门"):
        case_change(
            actor=reviewer, case=case, change="stop", reason_code="income_over", reason="收入超标", on=LATER
        )


def test_every_change_is_audited_on_the_household(case, approver):
    case_change(
        actor=approver, case=case, change="suspend", reason_code="other", reason="待核实情况", on=LATER
    )

    row = AuditLog.objects.filter(household_id=case.household_id, entity_type="assistance.case").latest("id")
    assert "暂停" in row.summary and "待核实情况" in row.summary
    assert row.before == {"status": "active", "version": 1} and row.after == {
        "status": "suspended",
        "version": 2,
    }


def test_enrolment_date_is_the_decision_day(case):
    assert case.last_review_on > DAY


def test_a_review_records_a_fresh_basis_for_the_next_standard_change(case, reviewer):
    # given a 低保 case whose basis was recorded when it was verified
    from apps.assistance.models import CaseBasis

    assert CaseBasis.objects.get(case=case).assessed_on < LATER
    # when it is reviewed
    case_change(
        actor=reviewer, case=case, change="review", reason_code="unchanged", reason="入户核查", on=LATER
    )
    # then 调标 will start from what the review found
    assert CaseBasis.objects.get(case=case).assessed_on == LATER
