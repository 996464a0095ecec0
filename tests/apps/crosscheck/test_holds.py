"""发放前死亡比对: every payroll preparation matches the county's latest death and cremation lists against
the people its cases cover and holds their payments until a person decides."""

from __future__ import annotations

from datetime import date

from apps.crosscheck.models import Lead, Run
from apps.crosscheck.services.holds import death_holds_refresh
from apps.crosscheck.services.leads import lead_assign, lead_verify
from apps.payroll.models import LineStatus, PaymentHold, PayrollLine
from apps.registry.selectors import household_members
from apps.workbench.services.payroll import payroll_prepare
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, paid_case
from tests.factories import COUNTY

JAN = date(2026, 1, 1)


def test_a_payroll_holds_the_payment_of_a_person_on_the_latest_death_list(case, approver, finance, tmp_path):
    # given a death list imported but never run by hand
    import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)

    # when finance prepares January's payroll
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=JAN)

    # then the check ran first, found the lead, and the case's line is held for it
    lead = Lead.objects.get()
    assert Run.objects.get().trigger == "payroll" and lead.rule == "death_covered"
    line = PayrollLine.objects.get(payroll=payroll, case=case)
    assert line.status == LineStatus.HELD and lead.number in line.hold_reason
    assert payroll.held_count == 1
    assert PaymentHold.objects.get().source == lead.reference


def test_without_a_death_list_the_payroll_is_prepared_as_before(case, finance):
    assert death_holds_refresh(county=COUNTY, actor=finance).batches == 0

    payroll = payroll_prepare(actor=finance, county=COUNTY, month=JAN)

    assert payroll.held_count == 0 and not Lead.objects.exists()


def test_once_found_unfounded_the_next_preparation_pays_again(case, approver, reviewer, finance, tmp_path):
    import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)
    payroll_prepare(actor=finance, county=COUNTY, month=JAN)
    lead = lead_assign(actor=approver, lead=Lead.objects.get())
    lead_verify(actor=reviewer, lead=lead, result="unfounded", notes="同名同姓，本人健在")

    payroll = payroll_prepare(actor=finance, county=COUNTY, month=JAN)  # prepared again before approval

    assert PayrollLine.objects.get(payroll=payroll, case=case).status == LineStatus.PENDING
    assert Lead.objects.count() == 1 and Run.objects.count() == 2


def test_only_covered_people_are_held_and_only_the_latest_list_counts(
    worker, reviewer, approver, finance, tmp_path
):
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver, members=2)
    case.covered.set([head_of(case).pk])
    spouse = household_members(household=case.household)[1].person
    import_list(
        actor=approver,
        content=csv_bytes([death_row(head_of(case))]),
        tmp=tmp_path,
        list_date=date(2025, 12, 1),
    )
    import_list(
        actor=approver, content=csv_bytes([death_row(spouse)]), tmp=tmp_path, list_date=date(2026, 1, 5)
    )

    refresh = death_holds_refresh(county=COUNTY, actor=finance)

    assert (refresh.batches, refresh.leads, refresh.holds) == (1, 0, 0)  # the spouse is not covered
