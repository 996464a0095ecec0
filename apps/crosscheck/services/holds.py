"""暂缓发放 for leads: a lead's holds are payment holds (apps/payroll) named by the lead's reference, so
the payroll marks the case's line 暂缓 until a person decides — 不属实 or the remedy releases them.

:func:`death_holds_refresh` is the check every payroll preparation makes first: the county's latest
death and cremation lists against the people its cases cover, holding the payments of anyone matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.crosscheck.choices import RunTrigger
from apps.crosscheck.models import Batch, Lead, LeadEvent, Source
from apps.crosscheck.services.runs import run_steps
from apps.payroll.models import PaymentHold
from policy.cases import CaseStatus
from policy.crosscheck import LeadState, SourceKind

if TYPE_CHECKING:
    from apps.accounts.models import User

PAYABLE = (CaseStatus.ACTIVE.value, CaseStatus.SUSPENDED.value)
OPEN_LEADS = (LeadState.FOUND.value, LeadState.ASSIGNED.value, LeadState.CONFIRMED.value)


def holds_open(*, actor: User, lead: Lead, on: date, note: str = "") -> int:
    """Hold every payable case of ``lead`` not already held for it; inside the caller's transaction."""
    held = set(
        PaymentHold.objects.filter(source=lead.reference, released_on__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    made = []
    for case in lead.cases.filter(status__in=PAYABLE).exclude(pk__in=held):
        hold = PaymentHold.objects.create(
            case=case,
            reason=f"{lead.get_rule_display()}（线索{lead.number}，待核实）"[:200],
            source=lead.reference,
            opened_on=on,
            created_by=actor,
        )
        made.append(hold)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            entity=hold,
            area_code=case.area_id,
            household_id=case.household_id,
            summary=f"在保{case.number}暂缓发放：{hold.reason}{('；' + note) if note else ''}",
        )
    if made:
        LeadEvent.objects.create(
            lead=lead,
            step="hold",
            step_label="暂缓发放",
            from_state=lead.state,
            to_state=lead.state,
            actor=actor,
            actor_name=str(actor),
            on=on,
            note=note or f"暂缓发放{len(made)}个在保对象的保障金",
            data={"cases": [h.case_id for h in made]},
        )
    return len(made)


def holds_release(*, actor: User, lead: Lead, on: date, why: str) -> list[int]:
    """Release the lead's open holds (the ids of the cases released); inside the caller's transaction."""
    holds = list(
        PaymentHold.objects.filter(source=lead.reference, released_on__isnull=True).select_related("case")
    )
    for hold in holds:
        hold.released_on = on
        hold.save(update_fields=["released_on"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=hold,
            area_code=hold.case.area_id,
            household_id=hold.case.household_id,
            summary=f"在保{hold.case.number}解除暂缓发放（线索{lead.number}{why}）",
        )
    return [h.case_id for h in holds]


@dataclass(frozen=True)
class HoldRefresh:
    """What the pre-payroll death check did: the lists it ran, the leads it found, the holds it opened."""

    batches: int
    leads: int
    holds: int


def _latest(county: str) -> Iterable[Batch]:
    for source in Source.objects.filter(county_id=county, kind=SourceKind.DEATH.value).order_by("id"):
        batch = source.batches.order_by("-list_date", "-version").first()
        if batch is not None:
            yield batch


def death_holds_refresh(*, county: str, actor: User) -> HoldRefresh:
    """发放前比对: match the county's latest death and cremation lists against the people its cases cover,
    and hold the payments of every covered person matched, until a person decides on the lead.

    Runs before a payroll is prepared, as its preparer (no cross-check capability needed: it only holds
    payments). A county with no such list returns at once. Each list's check is an ordinary run (it never
    duplicates a lead); the holds then cover every open death lead of the county, old or new.
    """
    batches = list(_latest(county))
    if not batches:
        return HoldRefresh(0, 0, 0)
    found = 0
    for batch in batches:
        steps = run_steps(actor=actor, batch=batch, trigger=RunTrigger.PAYROLL, covered_only=True)
        while True:
            try:
                next(steps)
            except StopIteration as stop:
                found += stop.value.leads_created
                break
    on = today()
    opened = 0
    with transaction.atomic():
        leads = Lead.objects.filter(
            source__county_id=county,
            source__kind=SourceKind.DEATH.value,
            rule="death_covered",
            state__in=OPEN_LEADS,
        ).select_for_update(of=("self",))
        for lead in leads:
            opened += holds_open(actor=actor, lead=lead, on=on, note="发放前死亡比对：暂缓发放，待核实后处理")
    return HoldRefresh(len(batches), found, opened)
