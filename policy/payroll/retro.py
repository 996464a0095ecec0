"""补差: a change that reaches back into months already paid (调整, 停发 or 退出 with an earlier effective
month) is settled in the next payroll, never by reopening an approved one.

For each settled month the entitlement is computed twice with :func:`pay_month` — under the facts as they
were paid and under the facts as they are now — and the difference is what is owed: more is paid as 补差,
less becomes a 追回.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from policy.facts import TraceStep
from policy.months import month_add
from policy.payroll.lines import pay_month
from policy.payroll.model import ZERO, PayFacts, PayRules

__all__ = ["RetroDifference", "retro_difference"]


@dataclass(frozen=True, slots=True)
class RetroDifference:
    amount: Decimal  # > 0: 补差 owed to the household; < 0: overpaid, to recover
    months: tuple[tuple[date, Decimal, Decimal], ...]  # (month, as paid, as due now), the months that differ
    trace: tuple[TraceStep, ...]


def _month_entitlement(facts: PayFacts, month: date, rules: PayRules) -> Decimal:
    settled_before = replace(facts, paid_through=month_add(month, -1), recovery_due=ZERO)
    line = pay_month(facts=settled_before, month=month, rules=rules)
    return ZERO if line is None else line.regular


def retro_difference(
    *, paid: PayFacts, now: PayFacts, first: date, through: date, rules: PayRules
) -> RetroDifference:
    """What changed for the settled months ``first``..``through`` (first days of months, inclusive)."""
    months: list[tuple[date, Decimal, Decimal]] = []
    month = max(first.replace(day=1), paid.start_on.replace(day=1))
    while month <= through:
        before = _month_entitlement(paid, month, rules)
        after = _month_entitlement(now, month, rules)
        if before != after:
            months.append((month, before, after))
        month = month_add(month, 1)
    amount = sum((after - before for _, before, after in months), ZERO)
    trace = tuple(
        TraceStep(
            rule="补差" if after > before else "多发追回",
            detail=f"{m:%Y年%m月}：已发{before}元，按变更后应发{after}元，差额{after - before}元",
            basis="已审批的发放表不再改动，变更涉及的已发月份在下月发放中调整",
        )
        for m, before, after in months
    )
    return RetroDifference(amount=amount, months=tuple(months), trace=trace)
