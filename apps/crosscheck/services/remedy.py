"""处理 a confirmed lead — through the existing services only: :func:`apps.payroll.services.case_changes.
case_change` (暂停, 停发, 调整, 退出 with a reason, and the payroll's 补差 or 追回 of months already paid
that it reaches back into) and a payroll :class:`Recovery` whose amount is
:func:`policy.payroll.recovery_for` from the event date. The lead's payment holds are then released.

The case change takes effect where it settles nothing twice (:func:`policy.crosscheck.
remedy_effective_month`): 停发 and 退出 from the first month not yet paid, with the paid months after the
event recovered here; a 调整 with 追回 from the month after the event, the payroll settling the difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from apps.assistance.models import Case
from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.services import audit_record, snapshot
from apps.crosscheck.models import Lead
from apps.crosscheck.services.holds import holds_release
from apps.crosscheck.services.leads import AUDIT_FIELDS, PERSON_RULES, lead_lock, lead_record
from apps.crosscheck.services.paid import paid_months_for
from apps.payroll.mappers import pay_facts_for
from apps.payroll.models import CasePayState, Recovery
from apps.payroll.services.case_changes import case_change_settled
from apps.standards.selectors import standards_for
from policy.cases import CASE_REASONS, CASE_TRANSITIONS, CaseStatus
from policy.crosscheck import REMEDY_CHANGES, lead_transition_check, remedy_effective_month, risk_share
from policy.errors import ValidationFailed
from policy.payroll import pay_rules, recovery_for

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True)
class RemedyInput:
    """What the county decides on a confirmed lead: a case change (or none) and whether to recover."""

    change: str = ""  # "" or one of policy.crosscheck.REMEDY_CHANGES
    reason_code: str = ""
    reason: str = ""
    amount: Decimal | None = None  # 调整: the new monthly amount
    covered: Sequence[int] | None = None  # 调整: the covered members after it
    recover: bool = False  # 追回 what was paid after the event date
    note: str = ""
    cases: Sequence[int] = field(default_factory=tuple)  # which of the lead's cases; empty: all open ones


def _remedy_check(lead: Lead, data: RemedyInput, cases: list[Case]) -> None:
    errors: dict[str, list[str]] = {}
    if not data.change and not data.recover:
        errors[""] = ["请至少选择一项处理：变更在保对象（暂停、停发、调整、退出）或追回多发的保障金"]
    if data.change and data.change not in REMEDY_CHANGES:
        errors["change"] = ["请选择在保对象的变更：暂停、停发、调整或退出"]
    if data.change and data.reason_code not in CASE_REASONS.get(data.change, {}):
        errors["reason_code"] = ["请选择变更原因"]
    if data.recover and lead.event_on is None:
        errors["recover"] = ["该线索没有事件日期，无法按日期计算追回金额；请在发放中人工登记"]
    if not cases:
        errors[""] = ["该线索涉及的在保对象均已退出，无需变更或追回"]
    elif data.change == "adjust" and len(cases) > 1:
        errors["change"] = ["该线索涉及多个在保对象，调整金额请逐一在在保对象页面办理"]
    for case in cases:
        transition = CASE_TRANSITIONS.get(data.change)
        if transition is not None and case.status not in transition.sources:
            errors["change"] = [f"{case}当前为“{case.status_label}”，不能{transition.label}"]
    if errors:
        raise ValidationFailed(errors)


def _recover(*, actor: User, lead: Lead, case: Case, on: date) -> Recovery | None:
    """追回: what ``case`` was paid after the lead's event date, by :func:`policy.payroll.recovery_for`
    (a person's share where others stay covered), as a payroll Recovery deducted from later payments."""
    assert lead.event_on is not None
    facts = pay_facts_for([case])
    paid = paid_months_for([case.pk], facts=facts).get(case.pk, ())
    if not paid:
        return None
    rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=on))
    owed = recovery_for(facts=facts[case.pk], event_on=lead.event_on, paid_months=paid, rules=rules)
    amount = owed.total
    share = ""
    if lead.rule in PERSON_RULES:
        covered = set(case.covered.values_list("pk", flat=True))
        people = set(lead.items.values_list("person_id", flat=True))
        affected = len(people & covered) or len(people)
        total = max(len(covered), affected)
        amount = risk_share(overpaid=amount, affected=affected, covered=total)
        share = "" if affected >= total else f"，按{affected}/{total}人计"
    if amount <= 0:
        return None
    months = "、".join(f"{m.month:%Y年%m月}" for m in owed.months)
    recovery = Recovery.objects.create(
        case=case,
        amount=amount,
        reason=f"{lead.get_rule_display()}（线索{lead.number}）：{lead.event_on:%Y-%m-%d}之后多发{share}"[
            :200
        ],
        event_on=lead.event_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=recovery,
        area_code=case.area_id,
        household_id=case.household_id,
        summary=f"在保{case.number}追回{amount}元（线索{lead.number}；多发月份：{months}{share}）",
    )
    return recovery


@transaction.atomic
def lead_remedy(*, actor: User, lead: Lead, data: RemedyInput, expected_version: int | None = None) -> Lead:
    """处理 a confirmed lead: change its cases through ``case_change_settled`` and recover what was paid
    after the event through a payroll Recovery; then release its holds. Never acts beside those services."""
    locked = lead_lock(actor=actor, lead=lead, expected_version=expected_version)
    transition = lead_transition_check("remedy", state=locked.state, role=actor.role)
    cases = [c for c in locked.cases.order_by("pk") if c.status != CaseStatus.EXITED.value]
    if data.cases:
        cases = [c for c in cases if c.pk in set(data.cases)]
    _remedy_check(locked, data, cases)
    on = today()
    done: list[dict[str, Any]] = []
    for case in cases:
        entry: dict[str, Any] = {"case": case.pk, "program": case.get_program_display()}
        if data.change:
            state = CasePayState.objects.filter(case=case).first()
            rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=on))
            month = remedy_effective_month(
                change=data.change,
                event_on=locked.event_on,
                paid_through=state.paid_through if state else None,
                start_month=case.start_month,
                stop_rule=rules.stop_rule.value,
                recover=data.recover,
            )
            made = case_change_settled(
                actor=actor,
                case=case,
                change=data.change,
                reason_code=data.reason_code,
                reason=f"{data.reason.strip() or locked.explanation}（线索{locked.number}）",
                amount=data.amount,
                covered=data.covered,
                effective_month=month,
                on=on,
            )
            changed = made.case
            entry.update(change=CASE_TRANSITIONS[data.change].label, status=changed.status_label)
            if month is not None:
                entry["effective_month"] = month.isoformat()
            # A 调整 reaching back into paid months: the payroll settled the difference in that change.
            entry["recovered"] = [str(made.settled.amount)] if isinstance(made.settled, Recovery) else []
            case = changed
        if data.recover and data.change != "adjust":
            recovery = _recover(actor=actor, lead=locked, case=case, on=on)
            entry.setdefault("recovered", [])
            if recovery is not None:
                entry["recovered"].append(str(recovery.amount))
        done.append(entry)
    released = holds_release(actor=actor, lead=locked, on=on, why="已处理")
    before = snapshot(locked, AUDIT_FIELDS)
    locked.state, locked.remedied_by, locked.remedied_on = transition.target, actor, on
    total = sum((Decimal(a) for e in done for a in e.get("recovered", [])), Decimal("0"))
    locked.remedy = {
        "cases": done,
        "recovered_total": str(total),
        "released": released,
        "note": data.note.strip(),
    }
    locked.version += 1
    locked.save()
    words = "；".join(
        f"在保{e['case']}"
        + (f"{e['change']}" if "change" in e else "")
        + (f"，追回{'、'.join(e['recovered'])}元" if e.get("recovered") else "")
        for e in done
    )
    lead_record(
        actor=actor,
        lead=locked,
        step="remedy",
        label="处理",
        before=before,
        on=on,
        note=words,
        data=locked.remedy,
    )
    return locked
