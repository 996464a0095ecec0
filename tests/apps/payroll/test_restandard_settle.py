"""调标 back into months already paid: a standard that starts before the months the payroll has settled
pays the difference for those months with the next payroll (or recovers it), set-based for the cases paid
whole at the old amount and one by one for the others; the approved payrolls stay as they were."""

from __future__ import annotations

from datetime import date

import pytest

from apps.assistance.models import Case
from apps.assistance.selectors.restandard import restandard_county_get
from apps.assistance.services.restandard import Progress, restandard_preview
from apps.assistance.services.restandard import restandard_apply as assistance_restandard_apply
from apps.core.models import AuditLog
from apps.payroll.models import CasePayState, PayAdjustment, PayrollLine, Recovery
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change, restandard_apply, restandard_apply_steps
from apps.payroll.services.prepare import payroll_prepare
from apps.payroll.services.retro import RestandardSettlement, restandard_settle
from apps.standards.models import StandardVersion
from policy.cases import CASE_REASONS
from tests.apps.assistance.flow import approved_case
from tests.apps.payroll.conftest import paid_account
from tests.factories import COUNTY, VILLAGE_B, household

NOV, DEC, JAN, FEB = date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)


def _paid_through_january(finance, approver) -> None:
    for month in (DEC, JAN):  # December pays October to December; January a plain month
        payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=month))


def _preview(approver, *, urban: str, rural: str = "617", on: date = NOV):
    for kind, value in ((True, urban), (False, rural)):
        StandardVersion.objects.create(
            area_id=COUNTY, key="dibao.standard", urban=kind, value=value, effective_from=on
        )
    county = restandard_county_get(actor=approver, code=COUNTY)
    return restandard_preview(actor=approver, county=county, on=on)


def _restandard(approver, *, urban: str, rural: str = "617", on: date = NOV):
    return restandard_apply(actor=approver, run=_preview(approver, urban=urban, rural=rural, on=on))


@pytest.fixture
def urban_case(case):
    assert case.is_urban and case.monthly_amount > 0
    return case


def test_a_raise_from_a_paid_month_pays_the_difference_for_every_paid_month_next_month(
    urban_case, finance, approver
):
    _paid_through_january(finance, approver)
    approved = {line.pk: line.amount for line in PayrollLine.objects.all()}
    old = urban_case.monthly_amount

    run = _restandard(approver, urban="720")

    new = Case.objects.get(pk=urban_case.pk).monthly_amount
    assert new > old
    adjustment = PayAdjustment.objects.get(case=urban_case)
    assert adjustment.amount == (new - old) * 3  # November, December and January
    assert "2025年11月至2026年01月共3个月" in adjustment.trace[0]["detail"]
    assert f"调标{run.number}" in adjustment.reason
    assert {line.pk: line.amount for line in PayrollLine.objects.all()} == approved
    assert AuditLog.objects.filter(summary__contains=f"调标{run.number}涉及已发放月份：1户补差").exists()

    february = payroll_prepare(actor=finance, county=COUNTY, month=FEB)
    line = PayrollLine.objects.get(payroll=february, case=urban_case)
    assert line.amount == new + adjustment.amount and "adjustment" in line.reasons
    payroll_approve(actor=approver, payroll=february)
    assert PayAdjustment.objects.get(pk=adjustment.pk).settled_line_id == line.pk


def test_a_cut_from_a_paid_month_is_recovered_not_paid(urban_case, finance, approver):
    _paid_through_january(finance, approver)
    old = urban_case.monthly_amount

    _restandard(approver, urban="640")

    new = Case.objects.get(pk=urban_case.pk).monthly_amount
    assert new < old
    recovery = Recovery.objects.get(case=urban_case)
    assert recovery.amount == (old - new) * 3 and recovery.recovered == 0
    assert recovery.event_on == NOV and "2025年11月至2026年01月共3个月" in recovery.reason
    assert not PayAdjustment.objects.exists()


def test_a_standard_from_a_month_not_yet_paid_settles_nothing(urban_case, finance, approver):
    _paid_through_january(finance, approver)
    _restandard(approver, urban="720", on=FEB)
    assert not PayAdjustment.objects.exists() and not Recovery.objects.exists()


def test_a_case_that_started_after_the_standards_month_is_settled_from_its_own_start(
    urban_case, worker, reviewer, finance, approver
):
    later = approved_case(
        actor=reviewer,
        household=household(actor=worker, **paid_account()),
        approver=approver,
        on=date(2025, 11, 20),
    )
    assert later.start_month == DEC
    _paid_through_january(finance, approver)
    old_later = later.monthly_amount

    _restandard(approver, urban="720")

    later_new = Case.objects.get(pk=later.pk).monthly_amount
    # the one-by-one path: only December and January were paid to the later case
    assert PayAdjustment.objects.get(case=later).amount == (later_new - old_later) * 2
    first_new = Case.objects.get(pk=urban_case.pk).monthly_amount
    assert PayAdjustment.objects.get(case=urban_case).amount == (first_new - urban_case.monthly_amount) * 3


def test_a_case_never_paid_gets_no_adjustment(urban_case, finance, approver):
    assert not CasePayState.objects.exists()
    _restandard(approver, urban="720")
    assert not PayAdjustment.objects.exists()


def test_after_the_difference_is_paid_the_cases_go_back_to_the_plain_path(urban_case, finance, approver):
    _paid_through_january(finance, approver)
    _restandard(approver, urban="720")  # every changed case has a new version now
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=FEB))

    march = payroll_prepare(actor=finance, county=COUNTY, month=date(2026, 3, 1))

    line = PayrollLine.objects.get(payroll=march, case=urban_case)
    new = Case.objects.get(pk=urban_case.pk)
    # written by the set-based statement (no trace), though the version differs from the one last paid
    assert (line.reasons, line.trace, line.amount) == ("regular", None, new.monthly_amount)
    assert (
        CasePayState.objects.get(case=urban_case).case_version != new.version
        or line.case_version == new.version
    )


def test_a_standard_from_this_month_is_paid_by_the_policy_path_then_plainly(urban_case, finance, approver):
    _paid_through_january(finance, approver)
    _restandard(approver, urban="720", on=FEB)  # applied before February's payroll, from February

    february = payroll_prepare(actor=finance, county=COUNTY, month=FEB)
    payroll_approve(actor=approver, payroll=february)
    march = payroll_prepare(actor=finance, county=COUNTY, month=date(2026, 3, 1))

    new = Case.objects.get(pk=urban_case.pk).monthly_amount
    paid = PayrollLine.objects.get(payroll=february, case=urban_case)
    assert paid.amount == new and paid.trace is not None  # the change takes effect in the month paid
    assert not PayAdjustment.objects.exists()  # nothing paid at the old amount since February
    line = PayrollLine.objects.get(payroll=march, case=urban_case)
    assert (line.amount, line.trace) == (new, None)


def test_a_run_counts_only_its_own_cases_while_other_money_is_written_meanwhile(
    urban_case, admin_user, finance, approver
):
    # given a rural case the new standard leaves as it is, paid through January like the urban one
    rural = approved_case(
        actor=admin_user, household=household(actor=admin_user, area_code=VILLAGE_B, **paid_account())
    )
    _paid_through_january(finance, approver)
    old = urban_case.monthly_amount
    steps = restandard_apply_steps(actor=approver, run=_preview(approver, urban="720"))
    # when the run stops before it settles (its amounts written, its transaction open) and the same
    # approver's change of the rural case writes a 补差 meanwhile (two runs of two counties overlap the same
    # way): counting "the 补差 written since the run began" (pk > max(pk)) would take that one in
    for step in steps:
        if isinstance(step, Progress) and "补差" in step.text:
            break
    case_change(
        actor=approver,
        case=rural,
        change="adjust",
        reason_code=next(iter(CASE_REASONS["adjust"])),
        reason="复核发现收入减少",
        amount=rural.monthly_amount + 50,
        effective_month=NOV,
        on=date(2026, 2, 5),
    )
    run = list(steps)[-1]  # drain it: the run comes last, once its transaction is over

    # then the run's audit row counts and sums its own case only; the rural case keeps its own 补差
    new = Case.objects.get(pk=urban_case.pk).monthly_amount
    mine = PayAdjustment.objects.get(case=urban_case).amount
    assert mine == (new - old) * 3 and PayAdjustment.objects.get(case=rural).amount == 150
    summary = AuditLog.objects.get(summary__startswith=f"调标{run.number}涉及已发放月份")
    assert summary.after == {"adjustments": 1, "adjusted": str(mine), "recoveries": 0, "recovered": "0.00"}


def test_assistances_own_change_settles_nothing_in_the_payroll(urban_case, finance, approver):
    # the casework alone (tests of it, and anything that must not move money) writes no 补差 or 追回
    _paid_through_january(finance, approver)

    run = _preview(approver, urban="720")
    assistance_restandard_apply(actor=approver, run=run)

    assert Case.objects.get(pk=urban_case.pk).monthly_amount > urban_case.monthly_amount
    assert not PayAdjustment.objects.exists() and not Recovery.objects.exists()


def test_a_standard_from_a_month_not_yet_paid_is_settled_without_reading_case_by_case(
    urban_case, worker, reviewer, finance, approver, django_assert_max_num_queries
):
    # given four cases paid through January, and a standard from February applied without its settlement
    for _ in range(3):
        approved_case(actor=reviewer, household=household(actor=worker, **paid_account()), approver=approver)
    _paid_through_january(finance, approver)
    run = assistance_restandard_apply(actor=approver, run=_preview(approver, urban="720", on=FEB))
    assert run.up == 4

    # when the payroll settles it: a handful of statements, however many cases (a 调标 applied ahead of
    # its month once sent every changed case through the one-by-one path, only for it to find nothing)
    with django_assert_max_num_queries(12):
        settled = restandard_settle(actor=approver, run=run)

    # then nothing is owed, and nothing is written
    assert settled == RestandardSettlement()
    assert not PayAdjustment.objects.exists() and not Recovery.objects.exists()
