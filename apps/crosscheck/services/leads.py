"""The lead workflow: 下发 to the township, 核实 (属实 or 不属实, notes and attachments) and 暂缓发放; the
remedy of a confirmed lead is apps/crosscheck/services/remedy.py. Payment holds open and close with the
lead.

Each step is checked against policy.crosscheck's table, refused on a stale page (``version``), recorded
in the lead's history and audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F

from apps.assistance.services.attachments import Checked, files_written
from apps.core.clock import today
from apps.core.db import locked_at_version
from apps.core.models import AuditAction, AuditLog
from apps.core.scoping import area_q, code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.crosscheck.choices import VerifyResult
from apps.crosscheck.models import Lead, LeadAttachment, LeadEvent, Run
from apps.crosscheck.services.holds import holds_open, holds_release
from policy.crosscheck import (
    LeadState,
    lead_transition_check,
)
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

AUDIT_FIELDS = ["state", "version", "verify_result", "assigned_on", "verified_on", "remedied_on"]
PERSON_RULES = frozenset({"death_covered", "detention_covered"})


def lead_lock(*, actor: User, lead: Lead, expected_version: int | None) -> Lead:
    return locked_at_version(
        Lead.objects.select_related("source", "household", "township"),
        pk=lead.pk,
        version=lead.version if expected_version is None else expected_version,
        conflict=lambda row: f"该线索已被他人处理（现为“{row.state_label}”），请刷新页面后查看",
        actor=actor,
    )


def lead_record(
    *,
    actor: User,
    lead: Lead,
    step: str,
    label: str,
    before: dict[str, Any] | None,
    on: date,
    note: str,
    data: dict[str, Any] | None = None,
) -> None:
    from_state = (before or {}).get("state", lead.state)
    LeadEvent.objects.create(
        lead=lead,
        step=step,
        step_label=label,
        from_state=from_state,
        to_state=lead.state,
        actor=actor,
        actor_name=str(actor),
        on=on,
        note=note,
        data=data or {},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=lead,
        area_code=lead.area_id,
        household_id=lead.household_id,
        summary=f"线索{lead.number}（{lead.get_rule_display()}）：{label}{('；' + note) if note else ''}",
        before=before,
        after=snapshot(lead, AUDIT_FIELDS),
    )


@transaction.atomic
def lead_assign(*, actor: User, lead: Lead, expected_version: int | None = None) -> Lead:
    """下发: send the lead to the household's township for 核实."""
    locked = lead_lock(actor=actor, lead=lead, expected_version=expected_version)
    transition = lead_transition_check("assign", state=locked.state, role=actor.role)
    on = today()
    before = snapshot(locked, AUDIT_FIELDS)
    locked.state, locked.assigned_by, locked.assigned_on = transition.target, actor, on
    locked.version += 1
    locked.save()
    lead_record(
        actor=actor,
        lead=locked,
        step="assign",
        label=f"下发{locked.township.name}核实",
        before=before,
        on=on,
        note="",
    )
    return locked


@transaction.atomic
def leads_assign(*, actor: User, run: Run) -> int:
    """下发 every lead of ``run`` still waiting, in the actor's area, at once (set-based); how many."""
    require(actor, Capability.CROSSCHECK_IMPORT)
    if not code_in_scope(actor, run.county_id):
        raise NotFound()
    on = today()
    waiting = Lead.objects.filter(area_q(actor, "area"), run=run, state=LeadState.FOUND.value)
    rows = list(
        waiting.select_for_update(of=("self",)).values_list(
            "pk", "area_id", "household_id", "township__name", "number"
        )
    )
    if not rows:
        return 0
    Lead.objects.filter(pk__in=[r[0] for r in rows]).update(
        state=LeadState.ASSIGNED.value, assigned_by=actor, assigned_on=on, version=F("version") + 1
    )
    LeadEvent.objects.bulk_create(
        [
            LeadEvent(
                lead_id=pk,
                step="assign",
                step_label=f"下发{town}核实",
                from_state=LeadState.FOUND.value,
                to_state=LeadState.ASSIGNED.value,
                actor=actor,
                actor_name=str(actor),
                on=on,
            )
            for pk, _, _, town, _ in rows
        ],
        batch_size=2000,
    )
    AuditLog.objects.bulk_create(
        [
            AuditLog(
                actor=actor,
                actor_name=str(actor),
                action=AuditAction.UPDATE,
                entity_type="crosscheck.lead",
                entity_id=str(pk),
                area_code=area,
                household_id=household,
                summary=f"线索{number}：下发{town}核实",
                before={"state": LeadState.FOUND.value},
                after={"state": LeadState.ASSIGNED.value},
            )
            for pk, area, household, town, number in rows
        ],
        batch_size=1000,
    )
    return len(rows)


@transaction.atomic
def lead_verify(
    *,
    actor: User,
    lead: Lead,
    result: str,
    notes: str,
    files: Sequence[Checked] = (),
    expected_version: int | None = None,
) -> Lead:
    """核实: 属实 (``confirmed``) or 不属实 (``unfounded``), with what was found and any photos or scans.
    不属实 releases the lead's payment holds."""
    if result not in VerifyResult.values:
        raise ValidationFailed.on("result", "请选择核实结论：属实或不属实")
    locked = lead_lock(actor=actor, lead=lead, expected_version=expected_version)
    step = "confirm" if result == VerifyResult.CONFIRMED else "dismiss"
    transition = lead_transition_check(step, state=locked.state, role=actor.role)
    text = (notes or "").strip()
    if len(text) < 2:
        raise ValidationFailed.on("notes", "请写明核实情况（如入户、邻里访问、查验证明的结果）")
    if len(text) > 2000:
        raise ValidationFailed.on("notes", "核实情况不超过2000字")
    on = today()
    before = snapshot(locked, AUDIT_FIELDS)
    locked.state, locked.verify_result, locked.verify_notes = transition.target, result, text
    locked.verified_by, locked.verified_on = actor, on
    locked.version += 1
    locked.save()
    released: list[int] = []
    if result == VerifyResult.UNFOUNDED:
        released = holds_release(actor=actor, lead=locked, on=on, why="核实不属实")
    with files_written(folder=f"crosscheck/{locked.pk}", files=list(files)) as written:
        for w in written:
            LeadAttachment.objects.create(
                lead=locked,
                original_name=(w.item.upload.name or f"附件.{w.item.ext}")[:200],
                stored_name=w.stored_name,
                content_type=w.item.content_type,
                size=w.size,
                uploaded_by=actor,
            )
        lead_record(
            actor=actor,
            lead=locked,
            step=step,
            label=transition.label,
            before=before,
            on=on,
            note=text,
            data={"files": len(written), "released": released},
        )
    return locked


@transaction.atomic
def lead_hold(*, actor: User, lead: Lead, note: str = "", expected_version: int | None = None) -> int:
    """暂缓发放 while the lead is open: hold every payable case it concerns; how many were held."""
    locked = lead_lock(actor=actor, lead=lead, expected_version=expected_version)
    lead_transition_check("hold", state=locked.state, role=actor.role)
    count = holds_open(actor=actor, lead=locked, on=today(), note=(note or "").strip()[:200])
    if not count:
        raise Conflict("该线索涉及的在保对象已全部暂缓发放或不在发放中")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=f"线索{locked.number}：暂缓发放{count}个在保对象",
    )
    return count
