"""The case table: every change it allows from each status and no other, who may make them, the reasons
offered, the 定期核查 schedule and the 渐退 months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.cases import (
    CASE_REASONS,
    CASE_TRANSITIONS,
    CaseStatus,
    case_transition_check,
    phase_out_schedule,
    review_due_on,
)
from policy.errors import InvalidTransition, PermissionDenied, ValidationFailed
from policy.roles import Role

CASE_EXPECTED = {
    ("adjust", CaseStatus.ACTIVE): None,
    ("suspend", CaseStatus.ACTIVE): CaseStatus.SUSPENDED,
    ("stop", CaseStatus.ACTIVE): CaseStatus.STOPPED,
    ("stop", CaseStatus.SUSPENDED): CaseStatus.STOPPED,
    ("resume", CaseStatus.SUSPENDED): CaseStatus.ACTIVE,
    ("resume", CaseStatus.STOPPED): CaseStatus.ACTIVE,
    ("exit", CaseStatus.ACTIVE): CaseStatus.EXITED,
    ("exit", CaseStatus.SUSPENDED): CaseStatus.EXITED,
    ("exit", CaseStatus.STOPPED): CaseStatus.EXITED,
    ("phase_out", CaseStatus.ACTIVE): None,
    ("review", CaseStatus.ACTIVE): None,
    ("review", CaseStatus.SUSPENDED): None,
}


@pytest.mark.parametrize(("key", "target"), list(CASE_EXPECTED.items()))
def test_every_case_change_the_table_allows(key, target):
    name, status = key
    role = Role.TOWNSHIP_REVIEWER if name == "review" else Role.COUNTY_APPROVER

    assert case_transition_check(name, status=status, role=role).target == target


def test_the_table_allows_no_other_case_change():
    allowed = {(n, s) for n, t in CASE_TRANSITIONS.items() for s in t.sources}

    assert allowed == {(n, s.value) for n, s in CASE_EXPECTED}


def test_an_exited_case_cannot_be_resumed():
    with pytest.raises(InvalidTransition, match="当前状态为“退出”，不能进行“恢复”"):
        case_transition_check("resume", status=CaseStatus.EXITED, role=Role.COUNTY_APPROVER)


def test_a_village_worker_cannot_stop_a_case():
    with pytest.raises(PermissionDenied):
        case_transition_check("stop", status=CaseStatus.ACTIVE, role=Role.VILLAGE_WORKER)


def test_every_case_change_offers_reasons():
    assert set(CASE_REASONS) == set(CASE_TRANSITIONS)


def test_a_stable_household_is_reviewed_yearly_and_an_irregular_one_half_yearly():
    last = date(2025, 8, 31)

    assert review_due_on(last=last, irregular=False, months_stable=12, months_irregular=6) == date(
        2026, 8, 31
    )
    assert review_due_on(last=last, irregular=True, months_stable=12, months_irregular=6) == date(2026, 2, 28)


def test_phase_out_keeps_the_amount_for_the_configured_months():
    schedule = phase_out_schedule(first_month=date(2025, 11, 15), months=3, amount=Decimal("850"))

    assert schedule == (
        (date(2025, 11, 1), Decimal("850.00")),
        (date(2025, 12, 1), Decimal("850.00")),
        (date(2026, 1, 1), Decimal("850.00")),
    )


def test_phase_out_without_configured_months_is_refused():
    with pytest.raises(ValidationFailed, match="渐退期"):
        phase_out_schedule(first_month=date(2025, 11, 1), months=0, amount=Decimal("850"))
