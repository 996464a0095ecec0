"""What a case has actually been paid, month by month — the input :func:`policy.payroll.recovery_for`
needs to work out what was overpaid after an event such as a death.

Read from the case's approved payroll lines: a line pays its own month (``regular``) and, as 补发, earlier
months, named one by one in its trace (a step ``2025年10月补发`` whose outcome is ``补发 680.00 元``). Held
lines paid nothing, and a failed line's money did not arrive (a later line pays it again). 补差 for months
already paid is left out: it corrects an amount, and the payroll's own settlement handles it.

A month up to the case's 已发放至 (CasePayState) that no line shows — history from before this system,
or a caseload loaded with its payment state — counts as paid at the amount then in force.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from apps.payroll.models import CasePayState, LineStatus, PayrollLine, PayrollState
from policy.cases import CaseStatus
from policy.months import month_add
from policy.payroll import PaidMonth, PayFacts

_ARREARS_RULE = re.compile(r"^(\d{4})年(\d{2})月补发$")
_ARREARS_OUTCOME = re.compile(r"^补发 (\d+(?:\.\d+)?) 元$")
CHUNK = 5_000
UNPAID = (LineStatus.HELD.value, LineStatus.FAILED.value)


def _arrears(trace: object) -> list[PaidMonth]:
    out = []
    for step in trace if isinstance(trace, list) else []:
        rule = _ARREARS_RULE.match(str(step.get("rule", "")))
        paid = _ARREARS_OUTCOME.match(str(step.get("outcome", "")))
        if rule and paid:
            out.append(PaidMonth(date(int(rule[1]), int(rule[2]), 1), Decimal(paid[1])))
    return out


def _unlined(facts: PayFacts, paid_through: date, seen: set[date]) -> list[PaidMonth]:
    """The months from the start to 已发放至 that no line shows, at the amount in force while 在保."""
    out = []
    month = facts.start_on.replace(day=1)
    while month <= paid_through:
        if month not in seen and facts.status_on(month) == CaseStatus.ACTIVE:
            out.append(PaidMonth(month, facts.amount_period(month).amount))
        month = month_add(month, 1)
    return out


def paid_months_for(
    case_ids: Iterable[int], *, facts: Mapping[int, PayFacts] | None = None
) -> dict[int, tuple[PaidMonth, ...]]:
    """Each case's paid months (a month paid twice, say as 补发 after a failure, appears twice). With
    ``facts``, the months up to 已发放至 that no line shows are added (see the module docstring)."""
    ids = sorted(set(case_ids))
    out: dict[int, list[PaidMonth]] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = (
            PayrollLine.objects.filter(case_id__in=part)
            .exclude(payroll__state=PayrollState.PREPARED)
            .values_list("case_id", "month", "regular", "arrears", "trace", "status")
            .order_by("case_id", "month")
        )
        seen: dict[int, set[date]] = defaultdict(set)  # months a line speaks for, paid or not
        for case_id, month, regular, arrears, trace, status in rows:
            months = [PaidMonth(month, regular)] + (_arrears(trace) if arrears else [])
            seen[case_id].update(m.month for m in months)
            if status not in UNPAID:
                out[case_id].extend(m for m in months if m.amount)
        if facts is None:
            continue
        for case_id, paid_through in CasePayState.objects.filter(case_id__in=part).values_list(
            "case_id", "paid_through"
        ):
            if case_id in facts:
                out[case_id].extend(_unlined(facts[case_id], paid_through, seen[case_id]))
    return {pk: tuple(sorted(months, key=lambda m: m.month)) for pk, months in out.items() if months}
