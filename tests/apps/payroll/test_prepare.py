"""生成与审批发放表: arrears, the plain path, re-running, crashes, concurrent runs, maker-checker, holds,
recovery, stops, and the frozen snapshot."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.payroll.models import (
    CasePayState,
    LineStatus,
    PaymentHold,
    Payroll,
    PayrollLine,
    PrepareLock,
    Recovery,
)
from apps.payroll.services import prepare as prepare_module
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.prepare import payroll_prepare
from apps.registry.models import Household, Person
from policy.errors import Conflict, PermissionDenied
from tests.factories import COUNTY, UserFactory

OCT, NOV, DEC, JAN = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)


@pytest.fixture
def checker(areas):
    return UserFactory(role="county_approver", area_id=COUNTY)


def _line(payroll: Payroll) -> PayrollLine:
    return PayrollLine.objects.get(payroll=payroll)


def test_a_late_first_payroll_pays_the_month_and_the_arrears_back_to_the_start(case, finance):
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    line = _line(payroll)
    amount = case.monthly_amount
    assert (line.regular, line.arrears, line.amount) == (amount, amount * 2, amount * 3)
    assert "arrears" in line.reasons.split(",") and line.trace  # explained
    assert payroll.total == line.amount and payroll.line_count == 1
    covered = sorted(case.covered.values_list("pk", "name", "id_number"))
    assert [tuple(m) for m in sorted(line.members)] == covered and line.covered_count == len(covered)


def test_after_approval_the_next_month_is_a_plain_line(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    assert CasePayState.objects.get(case=case).paid_through == DEC
    line = _line(payroll_prepare(actor=finance, county=COUNTY, month=JAN))
    assert (line.reasons, line.trace, line.amount) == ("regular", None, case.monthly_amount)


def test_preparing_twice_gives_the_same_lines_and_never_duplicates(case, finance):
    first = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    before = list(PayrollLine.objects.values_list("case_id", "amount", "reasons"))
    again = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    assert again.pk == first.pk and again.version == first.version + 1
    assert list(PayrollLine.objects.values_list("case_id", "amount", "reasons")) == before
    assert len(PayrollLine.objects.get(payroll=again).members) == case.covered.count()


def test_an_approved_payroll_is_locked(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    with pytest.raises(Conflict, match="不能重新生成"):
        payroll_prepare(actor=finance, county=COUNTY, month=DEC)


def test_the_preparer_never_approves_their_own_payroll(case, finance, admin_user, approver):
    payroll = payroll_prepare(actor=admin_user, county=COUNTY, month=DEC)
    with pytest.raises(PermissionDenied, match="制表人不能审批"):
        payroll_approve(actor=admin_user, payroll=payroll)
    with pytest.raises(PermissionDenied):
        payroll_approve(actor=finance, payroll=payroll)  # finance prepares, it never approves
    assert payroll_approve(actor=approver, payroll=payroll).state == "approved"


def test_a_crash_half_way_leaves_no_payroll_and_frees_the_lock(case, finance, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("断电")

    monkeypatch.setattr(prepare_module, "mark_holds", boom)  # the lines are written by then
    with pytest.raises(RuntimeError):
        payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    assert not Payroll.objects.exists() and not PayrollLine.objects.exists()
    assert not PrepareLock.objects.exists()


def test_a_second_concurrent_run_is_refused_with_who_holds_it(case, finance):
    now = timezone.now()
    PrepareLock.objects.create(
        key=f"{COUNTY}:2025-12:all", holder="财务甲", taken_at=now, expires_at=now + timedelta(minutes=5)
    )
    with pytest.raises(Conflict, match="正在生成（财务甲"):
        payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    PrepareLock.objects.update(expires_at=now - timedelta(minutes=1))  # that run died
    assert payroll_prepare(actor=finance, county=COUNTY, month=DEC).line_count == 1


def test_one_programme_and_all_programmes_cannot_both_be_prepared_for_a_month(case, finance):
    payroll_prepare(actor=finance, county=COUNTY, month=DEC, program="dibao")
    with pytest.raises(Conflict, match="同一月份"):
        payroll_prepare(actor=finance, county=COUNTY, month=DEC)


def test_a_held_case_is_listed_but_not_paid_then_paid_when_released(case, finance, approver):
    hold = PaymentHold.objects.create(case=case, reason="疑似死亡未注销", opened_on=DEC, created_by=approver)
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    line = _line(payroll)
    assert line.status == LineStatus.HELD and line.hold_reason == "疑似死亡未注销"
    assert (payroll.held_count, payroll.held_total) == (1, line.amount)
    payroll_approve(actor=approver, payroll=payroll)
    assert not CasePayState.objects.filter(case=case).exists()
    hold.released_on = JAN
    hold.save()
    january = _line(payroll_prepare(actor=finance, county=COUNTY, month=JAN))
    assert january.amount == case.monthly_amount * 4  # Oct–Dec as arrears, and January


def test_recovery_is_deducted_up_to_the_cap_and_booked_on_approval(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    Recovery.objects.create(
        case=case, amount=Decimal("10000"), reason="隐瞒收入", event_on=OCT, created_by=approver
    )
    line = _line(payroll_prepare(actor=finance, county=COUNTY, month=JAN))
    cap = (case.monthly_amount * Decimal("0.5")).quantize(Decimal("0.01"))
    assert (line.recovery, line.amount) == (cap, case.monthly_amount - cap)
    payroll_approve(actor=approver, payroll=line.payroll)
    assert Recovery.objects.get().recovered == cap


def test_a_stopped_case_is_not_paid_from_the_month_after(case, finance, approver):
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    case_change(
        actor=approver,
        case=case,
        change="stop",
        reason_code=next(iter(__import__("policy.cases").cases.CASE_REASONS["stop"])),
        reason="外出务工收入超过标准",
        on=date(2025, 12, 15),
    )
    january = payroll_prepare(actor=finance, county=COUNTY, month=JAN)
    assert PayrollLine.objects.filter(payroll=january, amount__gt=0).count() == 0


def test_a_prepared_payroll_does_not_change_when_the_registry_does(case, finance):
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    line = _line(payroll)
    Household.objects.filter(pk=case.household_id).update(account_number="6222000000000000")
    Person.objects.filter(pk=case.covered.first().pk).update(name="改过的名字")
    line.refresh_from_db()
    assert line.account_number != "6222000000000000"
    assert "改过的名字" not in [name for _, name, _ in line.members]
    assert case.covered.first().pk in [person for person, _, _ in line.members]


def test_a_line_without_an_account_is_held_with_the_reason_and_paid_once_registered(case, finance, approver):
    Household.objects.filter(pk=case.household_id).update(account_number="")
    december = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    line = _line(december)
    assert line.status == LineStatus.HELD and "未登记发放账户" in line.hold_reason
    payroll_approve(actor=approver, payroll=december)
    Household.objects.filter(pk=case.household_id).update(account_number="6217990000000001")
    january = _line(payroll_prepare(actor=finance, county=COUNTY, month=JAN))
    assert january.status == LineStatus.PENDING and january.amount == case.monthly_amount * 4
