"""From a case's recorded history to the payroll's :class:`policy.payroll.PayFacts`, for many cases at once.

A case's amounts come from its 纳入 and 调整 events (调标 writes 调整 events too) and its 渐退 schedule; its
statuses from every event that changed the status, each from its effective month. Events are read in one
query for the whole batch, never case by case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from apps.assistance.models import Case, CaseEvent
from apps.payroll.models import CasePayState, Recovery
from policy.cases import CaseStatus
from policy.payroll import AmountPeriod, PayFacts, StatusPeriod

_AMOUNT_CHANGES = ("enrol", "adjust")


def pay_facts_for(cases: Iterable[Case], *, exclude_events: Iterable[int] = ()) -> dict[int, PayFacts]:
    """The payroll facts of each case, by case id (``exclude_events``: as if those had not happened)."""
    skipped = list(exclude_events)
    by_id = {c.pk: c for c in cases}
    ids = list(by_id)
    events: dict[int, list[dict]] = defaultdict(list)
    for chunk in range(0, len(ids), 5000):
        part = ids[chunk : chunk + 5000]
        rows = (
            CaseEvent.objects.filter(case_id__in=part)
            .exclude(change="review")
            .exclude(pk__in=skipped)
            .order_by("case_id", "at", "id")
            .values("case_id", "change", "to_status", "amount_after", "effective_month")
        )
        for row in rows:
            events[row["case_id"]].append(row)
    paid = dict(CasePayState.objects.filter(case_id__in=ids).values_list("case_id", "paid_through"))
    owed: dict[int, Decimal] = defaultdict(Decimal)
    for row in (
        Recovery.objects.filter(case_id__in=ids)
        .values("case_id")
        .annotate(amount=Sum("amount"), recovered=Sum("recovered"))
    ):
        owed[row["case_id"]] = row["amount"] - row["recovered"]
    return {
        pk: _facts(case, events.get(pk, []), paid.get(pk), owed.get(pk, Decimal("0")))
        for pk, case in by_id.items()
    }


def _facts(case: Case, events: list[dict], paid_through: date | None, owed: Decimal) -> PayFacts:
    start = case.start_month
    amounts: dict[date, AmountPeriod] = {}
    statuses = [StatusPeriod(start=start, status=CaseStatus.ACTIVE)]
    for event in events:
        month = event["effective_month"] or start
        if event["change"] in _AMOUNT_CHANGES and event["amount_after"] is not None:
            amounts[max(month, start)] = AmountPeriod(start=max(month, start), amount=event["amount_after"])
        if event["change"] != "enrol" and event["to_status"] != statuses[-1].status:
            statuses.append(StatusPeriod(start=max(month, start), status=CaseStatus(event["to_status"])))
    if not amounts:  # a case recorded without its 纳入 event (imported): its amount from the start
        amounts[start] = AmountPeriod(start=start, amount=case.monthly_amount)
    for index, (month, amount) in enumerate(case.phase_out or [], start=1):
        first = date.fromisoformat(month)
        amounts[first] = AmountPeriod(
            start=first, amount=Decimal(amount), phase_out=True, note=f"渐退第{index}个月"
        )
    statuses.sort(key=lambda s: s.start)  # stable: same-month changes keep their order
    return PayFacts(
        case_id=case.pk,
        program=case.program,
        start_on=start,
        amounts=tuple(amounts[k] for k in sorted(amounts)),
        statuses=tuple(statuses),
        paid_through=paid_through,
        recovery_due=max(owed, Decimal("0")),
    )
