"""Payroll reads: the preview against last month, totals by township, and the fund accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.areas.models import Area
from apps.payroll.models import LineStatus, PaymentHold, PayrollLine
from apps.payroll.selectors import fund_accounts_for, payroll_preview, township_totals_for
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.prepare import payroll_prepare
from policy.cases import CASE_REASONS
from policy.errors import NotFound
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.payroll.conftest import paid_account
from tests.factories import COUNTY, VILLAGE_B, household

DEC, JAN, FEB = date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)


@pytest.fixture
def cases(worker, reviewer, approver, admin_user):
    dibao_standards(COUNTY)
    made = [
        approved_case(actor=admin_user, household=household(actor=admin_user, **paid_account()))
        for _ in range(3)
    ]
    made.append(
        approved_case(
            actor=admin_user, household=household(actor=admin_user, area_code=VILLAGE_B, **paid_account())
        )
    )
    return made


def _change(case, change: str, approver, **kw):
    return case_change(
        actor=approver,
        case=case,
        change=change,
        reason_code=next(iter(CASE_REASONS[change])),
        reason="复核后办理",
        on=date(2026, 1, 10),
        **kw,
    )


def test_the_preview_names_new_changed_stopped_and_held_cases_against_last_month(
    cases, finance, approver, admin_user
):
    _steady, raised, stopped, held = cases
    for month in (DEC, JAN):  # December pays the arrears since October; January is a plain month
        payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=month))
    _change(raised, "adjust", approver, amount=raised.monthly_amount + 100)
    _change(stopped, "stop", approver)
    PaymentHold.objects.create(case=held, reason="疑似死亡", opened_on=FEB, created_by=approver)
    newcomer = approved_case(
        actor=admin_user, household=household(actor=admin_user, **paid_account()), on=date(2025, 11, 1)
    )
    february = payroll_prepare(actor=finance, county=COUNTY, month=FEB)
    groups = {g.key: g for g in payroll_preview(actor=finance, payroll=february).groups}
    assert [line.case_id for line in groups["new"].rows] == [newcomer.pk]
    changed = groups["changed"].rows
    assert [line.case_id for line in changed] == [raised.pk]
    assert changed[0].previous_amount + 100 == changed[0].amount and "金额" in changed[0].reason_text
    assert stopped.pk in [line.case_id for line in groups["gone"].rows + groups["zero"].rows]
    assert [line.case_id for line in groups["held"].rows] == [held.pk]
    assert groups["held"].amount == PayrollLine.objects.get(payroll=february, case=held).amount


def test_township_totals_add_up_to_the_payroll(cases, finance):
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    rows = township_totals_for(actor=finance, payroll=payroll)
    assert len(rows) == 2
    assert sum(r["amount"] for r in rows) == payroll.total
    assert sum(r["lines"] for r in rows) == payroll.line_count


def test_the_fund_accounts_equal_the_paid_lines_to_the_fen(cases, finance, approver):
    for month in (DEC, JAN):
        payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=month))
    # The bank confirmed every line but one (set directly here; reconciliation has its own tests).
    lines = list(PayrollLine.objects.order_by("id"))
    PayrollLine.objects.exclude(pk=lines[0].pk).update(status=LineStatus.PAID)
    county = Area.objects.get(pk=COUNTY)
    y2025 = fund_accounts_for(actor=finance, county=county, year=2025)
    expected = sum((ln.amount for ln in lines[1:] if ln.month.year == 2025), Decimal("0"))
    assert y2025.paid_total == expected and y2025.month_totals[12] == expected
    assert y2025.due_total == sum((ln.amount for ln in lines if ln.month.year == 2025), Decimal("0"))
    by_program = {(r.program, r.township) for r in y2025.rows}
    assert by_program == {("dibao", ln.township_id) for ln in lines}


def test_the_fund_accounts_of_another_county_are_not_found(cases, outsider):
    with pytest.raises(NotFound):
        fund_accounts_for(actor=outsider, county=Area.objects.get(pk=COUNTY), year=2025)


def test_the_next_months_preview_lists_last_months_failed_payments_until_they_are_reissued(
    cases, finance, approver
):
    december = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    payroll_approve(actor=approver, payroll=december)
    failed = PayrollLine.objects.filter(payroll=december).order_by("id").first()
    PayrollLine.objects.filter(payroll=december).update(status=LineStatus.PAID)
    PayrollLine.objects.filter(pk=failed.pk).update(status=LineStatus.FAILED, bank_result="账户已销户")
    january = payroll_prepare(actor=finance, county=COUNTY, month=JAN)
    groups = {g.key: g for g in payroll_preview(actor=finance, payroll=january).groups}
    assert [line.pk for line in groups["failed"].rows] == [failed.pk]
    assert groups["failed"].amount == failed.amount
    PayrollLine.objects.filter(pk=failed.pk).update(status=LineStatus.PENDING, attempt=2)  # re-issued
    groups = {g.key: g for g in payroll_preview(actor=finance, payroll=january).groups}
    assert "failed" not in groups
