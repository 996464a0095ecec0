"""补差 and 追回 for a case change that reaches back into months already paid.

An approved payroll is never reopened. When 调整, 暂停, 停发, 恢复 or 退出 takes effect in a month the
payroll has already settled (on or before the case's 已发放至), the months from the effective month to
已发放至 are recomputed under the facts as paid and as they are now (:func:`policy.payroll.retro.
retro_difference`): money still owed becomes a :class:`PayAdjustment`, paid with the next payroll; money
overpaid becomes a :class:`Recovery`, deducted under the monthly cap. Both happen inside the change's own
transaction and are audited with it.
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from apps.assistance.models import Case, CaseEvent
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.payroll.facts import pay_facts_for
from apps.payroll.models import CasePayState, PayAdjustment, Recovery
from apps.standards.selectors import standards_for
from policy.payroll import pay_rules
from policy.payroll.retro import retro_difference


def settle_retroactive(
    sender: Any, *, case: Case, event: CaseEvent, actor: Any, previous: dict[str, Any], **kwargs: Any
) -> None:
    state = CasePayState.objects.filter(case=case).first()
    if state is None or event.effective_month is None or event.effective_month > state.paid_through:
        return  # nothing paid yet for the months the change touches
    as_paid = copy.copy(case)
    as_paid.phase_out = previous.get("phase_out") or []
    as_paid.monthly_amount = previous.get("monthly_amount") or case.monthly_amount
    now = pay_facts_for([case])[case.pk]
    paid = pay_facts_for([as_paid], exclude_events=[event.pk])[case.pk]
    rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=event.effective_month))
    diff = retro_difference(
        paid=paid, now=now, first=event.effective_month, through=state.paid_through, rules=rules
    )
    if diff.amount == 0:
        return
    reason = f"{event.get_change_display()}自{event.effective_month:%Y年%m月}起，涉及已发放月份"
    trace = [asdict(step) for step in diff.trace]
    if diff.amount > 0:
        made: Any = PayAdjustment.objects.create(
            case=case,
            amount=diff.amount,
            reason=reason,
            trace=trace,
            created_by=actor,
            created_at=timezone.now(),
        )
        summary = f"在保{case.pk}补差{diff.amount}元（{reason}），随下月发放"
    else:
        made = Recovery.objects.create(
            case=case, amount=-diff.amount, reason=reason, event_on=event.effective_month, created_by=actor
        )
        summary = f"在保{case.pk}多发{-diff.amount}元应追回（{reason}），按月从发放中扣减"
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=made,
        area_code=case.area_id,
        household_id=case.household_id,
        summary=summary,
    )


def adjustments_due(case_ids: list[int]) -> dict[int, tuple[Decimal, list[dict[str, Any]], list[int]]]:
    """The unsettled 补差 of each case: (total, trace steps, adjustment ids)."""
    due: dict[int, tuple[Decimal, list[dict[str, Any]], list[int]]] = {}
    rows = PayAdjustment.objects.filter(case_id__in=case_ids, settled_line__isnull=True).order_by("id")
    for adjustment in rows:
        total, trace, ids = due.get(adjustment.case_id, (Decimal("0.00"), [], []))
        due[adjustment.case_id] = (total + adjustment.amount, trace + adjustment.trace, [*ids, adjustment.pk])
    return due
