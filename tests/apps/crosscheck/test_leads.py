"""The lead workflow: 下发, 核实 (属实 or 不属实, notes, attachments) and the remedy through the case and
payroll services — the case stops and the months paid after a death are recovered; holds open and close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.assistance.services.attachments import attachments_check
from apps.crosscheck.models import Lead
from apps.crosscheck.services.leads import lead_assign, lead_hold, lead_verify, leads_assign
from apps.crosscheck.services.remedy import RemedyInput, lead_remedy
from apps.payroll.models import PayAdjustment, PaymentHold, Recovery
from apps.registry.selectors import household_members
from policy.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list, paid_case, run

EXIT_DEATH = RemedyInput(change="exit", reason_code="death", reason="经核实已死亡", recover=True)


@pytest.fixture
def lead(case, approver, tmp_path):
    """A death lead on the paid case: its head died on 15 October 2025."""
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path))
    return Lead.objects.get()


def _confirmed(lead, approver, reviewer):
    lead = lead_assign(actor=approver, lead=lead)
    return lead_verify(actor=reviewer, lead=lead, result="confirmed", notes="入户核实，死亡证明属实")


def test_a_confirmed_death_stops_the_case_and_recovers_the_months_paid_after_it(
    lead, case, approver, reviewer
):
    # given the lead sent to the township and confirmed there
    lead = _confirmed(lead, approver, reviewer)
    assert (lead.state, lead.verify_result, lead.verified_by) == ("confirmed", "confirmed", reviewer)

    # when the county exits the case for the death and recovers
    lead = lead_remedy(actor=approver, lead=lead, data=EXIT_DEATH)

    # then the case exits from the first unpaid month, and November and December are recovered
    case.refresh_from_db()
    assert case.status == "exited" and case.end_month == date(2025, 12, 1)
    event = case.events.get(change="exit")
    assert (event.reason_code, event.effective_month) == ("death", date(2026, 1, 1))
    assert lead.number in event.reason
    recovery = Recovery.objects.get(case=case)
    assert recovery.amount == case.monthly_amount * 2 and recovery.event_on == date(2025, 10, 15)
    assert lead.number in recovery.reason
    assert not PayAdjustment.objects.exists()  # the change did not reach back: nothing settled twice
    assert lead.state == "remedied" and lead.remedy["recovered_total"] == str(case.monthly_amount * 2)
    assert [e.step for e in lead.events.all()] == ["found", "assign", "confirm", "remedy"]


def test_unfounded_releases_the_hold_and_ends_the_lead(lead, approver, reviewer):
    lead = lead_assign(actor=approver, lead=lead)
    assert lead_hold(actor=approver, lead=lead, note="待核实") == 1
    hold = PaymentHold.objects.get()
    assert hold.source == lead.reference and hold.released_on is None

    lead.refresh_from_db()
    lead = lead_verify(actor=reviewer, lead=lead, result="unfounded", notes="系同名同姓，本人健在")

    hold.refresh_from_db()
    assert lead.state == "unfounded" and hold.released_on is not None
    with pytest.raises(InvalidTransition):
        lead_remedy(actor=approver, lead=lead, data=EXIT_DEATH)


def test_the_remedy_releases_the_holds_too(lead, approver, reviewer):
    lead_hold(actor=approver, lead=lead)
    lead.refresh_from_db()
    lead = _confirmed(lead, approver, reviewer)

    lead_remedy(actor=approver, lead=lead, data=EXIT_DEATH)

    assert PaymentHold.objects.get().released_on is not None


def test_verification_keeps_its_attachments(lead, approver, reviewer):
    lead = lead_assign(actor=approver, lead=lead)
    photo = SimpleUploadedFile("死亡证明.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")

    lead = lead_verify(
        actor=reviewer, lead=lead, result="confirmed", notes="查验死亡证明", files=attachments_check([photo])
    )

    attachment = lead.attachments.get()
    assert attachment.original_name == "死亡证明.png" and attachment.stored_name.startswith(
        f"crosscheck/{lead.pk}/"
    )


def test_a_lead_is_verified_only_once_sent_and_only_by_the_township(lead, approver, reviewer, worker):
    with pytest.raises(InvalidTransition, match="待下发"):
        lead_verify(actor=reviewer, lead=lead, result="confirmed", notes="属实")
    lead = lead_assign(actor=approver, lead=lead)
    with pytest.raises(PermissionDenied):
        lead_verify(actor=worker, lead=lead, result="confirmed", notes="属实")  # the village, though its own
    with pytest.raises(PermissionDenied):
        lead_verify(actor=approver, lead=lead, result="confirmed", notes="属实")  # the county does not verify
    with pytest.raises(ValidationFailed, match="核实情况"):
        lead_verify(actor=reviewer, lead=lead, result="confirmed", notes=" ")


def test_another_county_cannot_reach_the_lead(lead, outsider):
    with pytest.raises(NotFound):
        lead_assign(actor=outsider, lead=lead)
    with pytest.raises(NotFound):
        lead_hold(actor=outsider, lead=lead)


def test_a_stale_page_is_refused(lead, approver, reviewer):
    old = lead.version
    lead_assign(actor=approver, lead=lead)
    with pytest.raises(Conflict, match="已被他人处理"):
        lead_verify(actor=reviewer, lead=lead, result="confirmed", notes="属实", expected_version=old)


def test_a_remedy_must_do_something(lead, approver, reviewer):
    lead = _confirmed(lead, approver, reviewer)
    with pytest.raises(ValidationFailed, match="请至少选择一项处理"):
        lead_remedy(actor=approver, lead=lead, data=RemedyInput())
    with pytest.raises(ValidationFailed):
        lead_remedy(actor=approver, lead=lead, data=RemedyInput(change="stop", reason_code="death"))


def test_the_township_cannot_decide_the_remedy(lead, approver, reviewer):
    lead = _confirmed(lead, approver, reviewer)
    with pytest.raises(PermissionDenied):
        lead_remedy(actor=reviewer, lead=lead, data=EXIT_DEATH)


def test_a_death_in_a_larger_household_is_adjusted_and_the_payroll_settles_the_difference(
    worker, reviewer, approver, tmp_path
):
    # given a three-person case whose youngest member died on 15 October 2025
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver, members=3)
    members = [m.person for m in household_members(household=case.household)]
    run(approver, import_list(actor=approver, content=csv_bytes([death_row(members[2])]), tmp=tmp_path))
    lead = _confirmed(Lead.objects.get(), approver, reviewer)
    new_amount = case.monthly_amount - Decimal("200.00")

    # when the county adjusts the case to the two survivors and recovers
    data = RemedyInput(
        change="adjust",
        reason_code="members_change",
        reason="成员死亡，减少保障人数",
        amount=new_amount,
        covered=[members[0].pk, members[1].pk],
        recover=True,
    )
    lead = lead_remedy(actor=approver, lead=lead, data=data)

    # then the adjustment runs from November and the payroll recovers the difference for Nov and Dec
    case.refresh_from_db()
    assert case.monthly_amount == new_amount and case.covered.count() == 2
    assert case.events.get(change="adjust").effective_month == date(2025, 11, 1)
    assert Recovery.objects.get(case=case).amount == Decimal("400.00")
    assert lead.remedy["recovered_total"] == "400.00"


def test_the_county_sends_a_whole_run_to_the_townships_at_once(worker, reviewer, approver, tmp_path):
    cases = [paid_case(worker=worker, reviewer=reviewer, approver=approver, months=()) for _ in range(3)]
    made = run(
        approver,
        import_list(actor=approver, content=csv_bytes([death_row(head_of(c)) for c in cases]), tmp=tmp_path),
    )

    assert leads_assign(actor=approver, run=made) == 3

    assert set(Lead.objects.values_list("state", flat=True)) == {"assigned"}
    assert leads_assign(actor=approver, run=made) == 0
    assert all(lead.events.filter(step="assign").exists() for lead in Lead.objects.all())
