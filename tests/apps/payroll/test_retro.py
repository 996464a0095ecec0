"""补差 and 追回 for changes that reach back into months already paid: the approved payroll stays as it
was; the difference goes into the next month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from apps.payroll.models import PayAdjustment, PayrollLine, Recovery
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.prepare import payroll_prepare
from policy.cases import CASE_REASONS
from tests.factories import COUNTY

OCT, NOV, DEC, JAN = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)


def _change(case, approver, change: str, month: date, **kw):
    return case_change(
        actor=approver,
        case=case,
        change=change,
        reason_code=next(iter(CASE_REASONS[change])),
        reason="复核发现情况变化",
        effective_month=month,
        on=date(2025, 12, 20),
        **kw,
    )


def test_a_raise_back_into_paid_months_is_paid_next_month_and_the_approved_payroll_stays(
    case,
    finance,
    approver,
):
    december = payroll_approve(
        actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    )
    before = list(PayrollLine.objects.filter(payroll=december).values_list("amount", flat=True))
    _change(case, approver, "adjust", NOV, amount=case.monthly_amount + Decimal("50"))
    adjustment = PayAdjustment.objects.get()
    assert adjustment.amount == Decimal("100.00")  # November and December, 50 more each
    assert list(PayrollLine.objects.filter(payroll=december).values_list("amount", flat=True)) == before
    january = PayrollLine.objects.get(payroll=payroll_prepare(actor=finance, county=COUNTY, month=JAN))
    assert january.amount == case.monthly_amount + Decimal("50") + Decimal("100.00")
    assert "adjustment" in january.reasons and any("补差" in s["rule"] for s in january.trace)
    payroll_approve(actor=approver, payroll=january.payroll)
    adjustment.refresh_from_db()
    assert adjustment.settled_line_id == january.pk


def test_a_stop_back_into_paid_months_becomes_a_recovery(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    _change(case, approver, "stop", DEC)
    recovery = Recovery.objects.get()
    assert recovery.amount == case.monthly_amount and not PayAdjustment.objects.exists()


def test_a_change_from_next_month_settles_nothing_back(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    _change(case, approver, "adjust", JAN, amount=case.monthly_amount + Decimal("50"))
    assert not PayAdjustment.objects.exists() and not Recovery.objects.exists()
