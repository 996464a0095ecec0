"""The statistics computed again, independently, from the raw rows in plain Python: each case's events
walked month by month, each paid line and each grant added up. The tests hold the fact table and the
selectors to these sums."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from apps.assistance.models import Application, Case, CaseEvent
from apps.payroll.models import PayrollLine
from policy.areas import area_code_range
from policy.months import month_add

Cell = tuple[date, str, str, bool]  # month, village, programme, urban
STATUS = ("enrol", "suspend", "stop", "resume", "exit")
APPROVED_PAYROLLS = ("approved", "exported", "reconciled")


def _persons_at(covered_events: list, now: int, month: date) -> int:
    if not covered_events:
        return now
    passed = [e for e in covered_events if e.effective_month <= month]
    if passed:
        return len(passed[-1].data["covered_after"])
    return len(covered_events[0].data["covered_before"])


def expected(area_code: str, months: list[date]) -> dict[Cell, dict[str, int]]:
    low, high = area_code_range(area_code)
    out: dict[Cell, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    events = defaultdict(list)
    for e in CaseEvent.objects.filter(case__area_id__gte=low, case__area_id__lte=high).order_by(
        "effective_month", "id"
    ):
        if e.effective_month is not None:
            events[e.case_id].append(e)
    for case in Case.objects.filter(area_id__gte=low, area_id__lte=high).prefetch_related("covered"):
        mine = events[case.pk]
        status_events = [e for e in mine if e.change in STATUS]
        covered_events = [e for e in mine if e.change == "adjust" and "covered_after" in e.data]
        now = len(case.covered.all())
        for month in months:
            cell = out[(month, case.area_id, case.program, case.is_urban)]
            passed = [e for e in status_events if e.effective_month <= month]
            persons = _persons_at(covered_events, now, month)
            if passed and passed[-1].to_status == "active":
                cell["households"] += 1
                cell["persons"] += persons
            for e in status_events:
                if e.effective_month == month and e.change == "enrol":
                    cell["new_households"] += 1
                    cell["new_persons"] += persons
                if e.effective_month == month and e.change == "exit":
                    cell["exit_households"] += 1
                    cell["exit_persons"] += _persons_at(covered_events, now, month_add(month, -1))
    lines = PayrollLine.objects.filter(
        village_id__gte=low, village_id__lte=high, status="paid", payroll__state__in=APPROVED_PAYROLLS
    )
    for line in lines:
        if line.month in months:
            cell = out[(line.month, line.village_id, line.program, line.is_urban)]
            cell["paid_lines"] += 1
            cell["paid_cents"] += int(line.amount * 100)
    grants = Application.objects.filter(
        area_id__gte=low, area_id__lte=high, program="temporary", state="approved"
    )
    for app in grants:
        month = app.decided_on.replace(day=1)
        if month in months:
            cell = out[(month, app.area_id, app.program, app.is_urban)]
            cell["grants"] += 1
            cell["grant_cents"] += int(Decimal(app.decision_amount) * 100)
    return {k: {m: v for m, v in d.items() if v} for k, d in out.items() if any(d.values())}
