"""补差 for months already paid: recomputed under the facts as paid and as they are now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policy.cases import CaseStatus
from policy.payroll import AmountPeriod, PartialMonth, PayFacts, PayRules, StatusPeriod
from policy.payroll.retro import retro_difference

RULES = PayRules(
    start_rule=PartialMonth.FULL,
    stop_rule=PartialMonth.FULL,
    arrears_max_months=12,
    recovery_cap_rate=Decimal("0.5"),
    recovery_cap_amount=Decimal("0"),
    resume_backpay=True,
)
START = date(2025, 1, 1)


def _facts(*amounts: tuple[date, str], stop: date | None = None) -> PayFacts:
    statuses = [StatusPeriod(start=START, status=CaseStatus.ACTIVE)]
    if stop:
        statuses.append(StatusPeriod(start=stop, status=CaseStatus.STOPPED))
    return PayFacts(
        case_id=1,
        program="dibao",
        start_on=START,
        amounts=tuple(AmountPeriod(start=m, amount=Decimal(a)) for m, a in amounts),
        statuses=tuple(statuses),
        paid_through=date(2025, 6, 1),
    )


def test_a_raise_from_april_owes_the_difference_for_april_to_june():
    paid = _facts((START, "600.00"))
    now = _facts((START, "600.00"), (date(2025, 4, 1), "650.00"))
    diff = retro_difference(paid=paid, now=now, first=date(2025, 4, 1), through=date(2025, 6, 1), rules=RULES)
    assert diff.amount == Decimal("150.00") and len(diff.months) == 3
    assert "已发600.00元" in diff.trace[0].detail


def test_a_stop_from_may_makes_may_and_june_overpaid():
    paid = _facts((START, "600.00"))
    now = _facts((START, "600.00"), stop=date(2025, 5, 1))
    diff = retro_difference(paid=paid, now=now, first=date(2025, 5, 1), through=date(2025, 6, 1), rules=RULES)
    assert diff.amount == Decimal("-1200.00")
    assert [m for m, _, _ in diff.months] == [date(2025, 5, 1), date(2025, 6, 1)]


def test_nothing_changes_when_the_facts_agree_for_the_settled_months():
    paid = _facts((START, "600.00"))
    now = _facts((START, "600.00"), (date(2025, 7, 1), "650.00"))
    diff = retro_difference(paid=paid, now=now, first=date(2025, 4, 1), through=date(2025, 6, 1), rules=RULES)
    assert diff.amount == 0 and diff.months == () and diff.trace == ()
