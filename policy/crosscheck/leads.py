"""A lead's life, as data: its states, the steps the table allows from each and who may take them, and
the two sums a remedy needs (from which month a case change takes effect, and a share of an overpayment).

    found (待下发) ──assign──▶ assigned (待核实) ──confirm──▶ confirmed (属实) ──remedy──▶ remedied (已处理)
                                              └──dismiss──▶ unfounded (不属实)

The county 下发s a lead to the household's township, the township 核实s it (属实 or 不属实, with notes and
attachments), and the county acts on a confirmed one through the case and payroll services. A payment
hold may be placed at any open step; 不属实 and the remedy release it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from policy.money import yuan
from policy.months import month_add
from policy.roles import Capability
from policy.workflow import Transition, table_check, transition

__all__ = [
    "LEAD_TRANSITIONS",
    "REMEDY_CHANGES",
    "LeadState",
    "lead_transition_check",
    "remedy_effective_month",
    "risk_share",
]


class LeadState(StrEnum):
    FOUND = "found"
    ASSIGNED = "assigned"
    CONFIRMED = "confirmed"
    UNFOUNDED = "unfounded"
    REMEDIED = "remedied"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def open(self) -> bool:
        return self in (LeadState.FOUND, LeadState.ASSIGNED, LeadState.CONFIRMED)


STATE_LABELS = {
    LeadState.FOUND: "待下发",
    LeadState.ASSIGNED: "待核实",
    LeadState.CONFIRMED: "属实待处理",
    LeadState.UNFOUNDED: "不属实",
    LeadState.REMEDIED: "已处理",
}

S = LeadState
_OPEN = (S.FOUND, S.ASSIGNED, S.CONFIRMED)
LEAD_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        transition("assign", "下发乡镇核实", (S.FOUND,), S.ASSIGNED, Capability.CROSSCHECK_IMPORT),
        transition("confirm", "核实：属实", (S.ASSIGNED,), S.CONFIRMED, Capability.VERIFY_LEAD),
        transition(
            "dismiss",
            "核实：不属实",
            (S.ASSIGNED,),
            S.UNFOUNDED,
            Capability.VERIFY_LEAD,
            "不属实的解除暂缓发放",
        ),
        transition(
            "remedy",
            "处理",
            (S.CONFIRMED,),
            S.REMEDIED,
            Capability.REMEDY_LEAD,
            "通过在保对象变更（暂停、停发、调整、退出）和追回办理，不在系统之外处理",
        ),
        transition("hold", "暂缓发放", _OPEN, None, Capability.REMEDY_LEAD, "核实或处理之前暂缓发放"),
    ]
}

# The case changes a remedy may make (policy.cases.CASE_TRANSITIONS names), in the order offered.
REMEDY_CHANGES = ("exit", "stop", "suspend", "adjust")


def lead_transition_check(name: str, *, state: str, role: str) -> Transition:
    """The lead step ``name`` if the table allows it from ``state`` for ``role``; else raise."""
    return table_check(LEAD_TRANSITIONS, {s.value: s.label for s in LeadState}, name, state, role)


def remedy_effective_month(
    *,
    change: str,
    event_on: date | None,
    paid_through: date | None,
    start_month: date,
    stop_rule: str,
    recover: bool,
) -> date | None:
    """From which month a remedy's case change takes effect; None: the service's default (next month).

    With an event date, the change ends the payments from the event on without reaching back into months
    already paid — those are recovered by :func:`policy.payroll.recovery_for` from the event date, and a
    change reaching back would make the payroll settle them a second time. So a 停发, 暂停 or 退出 takes
    effect from the first month not yet paid, or from the event's own month if that is later (the month
    after it when ``payroll.stop_rule`` pays the month of a stop in full).

    A 调整 with ``recover`` is the exception: the household goes on being paid, at a new amount, so it
    takes effect from the month after the event and the payroll settles the difference for the months
    already paid (apps/payroll/services/retro.py) — the one place that knows both amounts.
    """
    if event_on is None:
        return None
    start = start_month.replace(day=1)
    after_event = month_add(event_on.replace(day=1), 1)
    if change == "adjust" and recover:
        return max(after_event, start)
    first_unpaid = month_add(paid_through.replace(day=1), 1) if paid_through else start
    from_event = after_event if stop_rule == "full" else event_on.replace(day=1)
    return max(first_unpaid, from_event, start)


def risk_share(*, overpaid: Decimal, affected: int, covered: int) -> Decimal:
    """The part of a case's overpayment that concerns ``affected`` of its ``covered`` members: all of it
    when every covered member is affected, else their share by head count (an estimate to rank leads by;
    the remedy's 调整 settles the exact difference)."""
    if covered <= 0 or affected >= covered:
        return yuan(overpaid)
    return yuan(overpaid * affected / covered)
