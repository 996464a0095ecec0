"""Cases (在保对象) under dynamic management: enrolment on approval, then 调整, 暂停, 停发, 恢复, 退出, 渐退
and 定期核查, each with a reason, through policy.workflow's case table, each audited.

调整 changes the amount and may change the covered members (保障成员): a newborn joins, a member who died
or moved out leaves. The new set is checked against the household's current members, and the case's
history and audit row keep who was covered before and after.

A change takes effect from a month (default: the month after the decision), which is what payroll reads.
When that month is one the payroll has already paid, the payroll settles the difference: its own
``case_change`` (apps/payroll/services/case_changes.py) runs this one and then does so, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from apps.assistance.models import Application, Case, CaseEvent
from apps.assistance.services.basis import case_basis_record
from apps.core.clock import today
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.services import audit_record, snapshot
from apps.registry.models import Membership
from apps.registry.selectors import household_members
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.areas import area_code_level
from policy.cases import (
    CASE_REASONS,
    CaseStatus,
    case_transition_check,
    covered_change_text,
    covered_check,
    phase_out_schedule,
    review_due_on,
)
from policy.errors import PermissionDenied, ValidationFailed
from policy.money import yuan
from policy.months import month_add
from policy.numbers import case_code
from policy.roles import Capability
from policy.workflow import decision_authority, may_decide, start_month_after

if TYPE_CHECKING:
    from apps.accounts.models import User

AUDIT_FIELDS = [
    "status",
    "version",
    "monthly_amount",
    "end_month",
    "phase_out",
    "last_review_on",
    "next_review_on",
    "review_irregular",
]


def _next_review(case: Case, *, last: date) -> date:
    standards = standards_for(area_code=case.area_id, urban=case.is_urban, on=last)
    return review_due_on(
        last=last,
        irregular=case.review_irregular,
        months_stable=standards.integer("review.months_stable"),
        months_irregular=standards.integer("review.months_irregular"),
    )


def _irregular(case: Case, *, on: date) -> bool:
    """57号: households with members able to work (whose income is not fixed) are reviewed half-yearly."""
    standards = standards_for(area_code=case.area_id, urban=case.is_urban, on=on)
    facts = household_facts_from_registry(household=case.household, on=on, standards=standards)
    return any(m.employable for m in facts.members)


def case_enrol(*, actor: User, application: Application, on: date) -> Case:
    """纳入: the case an approval creates, inside the approval's transaction (which checks who decides)."""
    current = {m.person_id for m in household_members(household=application.household)}
    covered = [pid for pid in application.covered_ids if pid in current] or sorted(current)
    case = Case(
        number=number_for(kind_code=case_code(application.program), area_code=application.area_id, on=on),
        program=application.program,
        household=application.household,
        application=application,
        area=application.area,
        is_urban=application.is_urban,
        status=CaseStatus.ACTIVE,
        monthly_amount=application.decision_amount,
        start_month=application.start_month or start_month_after(on),
        last_review_on=on,
    )
    case.review_irregular = _irregular(case, on=on)
    case.next_review_on = _next_review(case, last=on)
    case.save()
    case.covered.set(covered)
    CaseEvent.objects.create(
        case=case,
        change="enrol",
        to_status=case.status,
        reason_label="审核确认同意",
        reason=f"申请{application.number}确认同意",
        amount_after=case.monthly_amount,
        effective_month=case.start_month,
        actor=actor,
        actor_name=str(actor),
        on=on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=case,
        area_code=case.area_id,
        household_id=case.household_id,
        summary=(
            f"纳入{case.get_program_display()}：{len(covered)}人，{case.monthly_amount}元/月，"
            f"自{case.start_month:%Y年%m月}起"
        ),
        after=snapshot(case, ["program", "status", "monthly_amount", "start_month", "next_review_on"]),
    )
    return case


def _lock(*, actor: User, case: Case, expected_version: int | None) -> Case:
    return locked_at_version(
        Case.objects.select_related("area", "household"),
        pk=case.pk,
        version=case.version if expected_version is None else expected_version,
        conflict=lambda row: f"该在保对象已被他人处理（现为“{row.status_label}”），请刷新页面后查看最新情况",
        actor=actor,
    )


def _may_change(actor: User, case: Case, on: date) -> None:
    standards = standards_for(area_code=case.area_id, urban=case.is_urban, on=on)
    authority = decision_authority(program=case.program, approval_level=standards.text("approval.level"))
    if not may_decide(actor_level=area_code_level(actor.area_id), authority=authority):
        raise PermissionDenied(f"在保对象的增发、减发、停发和退出由{authority.label}决定")


def _covered_after(case: Case, chosen: Sequence[int]) -> dict[int, str]:
    """The new 保障成员 (person id → name), checked against the household's members now; raises naming
    anyone ticked who is not one."""
    members = {m.person_id: m.person.name for m in household_members(household=case.household)}
    former = dict(
        Membership.objects.filter(household=case.household).values_list("person_id", "person__name")
    )
    ids = covered_check(chosen=chosen, members=members, former=former)
    return {pid: members[pid] for pid in ids}


def _people(names: dict[int, str]) -> list[dict[str, Any]]:
    return [{"id": pid, "name": name} for pid, name in sorted(names.items())]


@dataclass(frozen=True, slots=True)
class CaseChange:
    """One change made: the case as it is now, its history row, and what the case paid under before the
    change (the months already paid were paid that way; the payroll settles them from these)."""

    case: Case
    event: CaseEvent
    amount_before: Decimal
    phase_out_before: list[list[str]]


def case_change(
    *,
    actor: User,
    case: Case,
    change: str,
    reason_code: str,
    reason: str,
    amount: Decimal | None = None,
    covered: Sequence[int] | None = None,
    effective_month: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> Case:
    """One change of a case (调整 暂停 停发 恢复 退出 渐退 定期核查) with its reason, checked and recorded.

    ``covered`` (调整 only) is the new set of covered person ids; None keeps it as it is. Settles nothing
    in the payroll: callers that may reach back into paid months use the payroll's ``case_change``."""
    return case_change_apply(
        actor=actor,
        case=case,
        change=change,
        reason_code=reason_code,
        reason=reason,
        amount=amount,
        covered=covered,
        effective_month=effective_month,
        expected_version=expected_version,
        on=on,
    ).case


@transaction.atomic
def case_change_apply(
    *,
    actor: User,
    case: Case,
    change: str,
    reason_code: str,
    reason: str,
    amount: Decimal | None = None,
    covered: Sequence[int] | None = None,
    effective_month: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> CaseChange:
    """:func:`case_change`, answering what the change replaced along with the case and its history row."""
    on = on or today()
    locked = _lock(actor=actor, case=case, expected_version=expected_version)
    transition = case_transition_check(change, status=locked.status, role=actor.role)
    if transition.capability is Capability.APPROVE:
        _may_change(actor, locked, on)
    errors: dict[str, list[str]] = {}
    reasons = CASE_REASONS[change]
    if reason_code not in reasons:
        errors["reason_code"] = ["请选择原因"]
    text = (reason or "").strip()
    if len(text) < 2:
        errors["reason"] = ["请写明情况说明"]
    month = (effective_month or start_month_after(on)).replace(day=1)
    if month < locked.start_month:
        errors["effective_month"] = [f"生效月份不能早于起始月（{locked.start_month:%Y年%m月}）"]
    if change == "adjust" and (amount is None or amount <= 0):
        errors["amount"] = ["请填写调整后的月保障金额（大于0）"]
    covered_before = {p.pk: p.name for p in locked.covered.all()}
    covered_after = covered_before
    if covered is not None and change != "adjust":
        errors["covered"] = ["保障成员只能通过“调整”变更"]
    elif covered is not None:
        try:
            covered_after = _covered_after(locked, covered)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if change == "phase_out" and locked.program != "dibao":
        errors[""] = ["渐退仅适用于最低生活保障"]
    if change == "phase_out" and locked.phase_out:
        errors[""] = ["该对象已在渐退期内"]
    if errors:
        raise ValidationFailed(errors)
    # 保障成员 are a many-to-many, outside the row's snapshot: the audit row carries them by person id.
    before = {**(snapshot(locked, AUDIT_FIELDS) or {}), "covered": sorted(covered_before)}
    amount_before = locked.monthly_amount
    data: dict[str, Any] = {}
    members_text = covered_change_text(covered_before, covered_after)
    if change == "adjust":
        assert amount is not None
        locked.monthly_amount = yuan(amount)
        if members_text:
            locked.covered.set(list(covered_after))
            data["covered_before"] = _people(covered_before)
            data["covered_after"] = _people(covered_after)
            data["covered_change"] = members_text
    elif change == "phase_out":
        standards = standards_for(area_code=locked.area_id, urban=locked.is_urban, on=on)
        months = standards.integer("dibao.phase_out_months")
        schedule = phase_out_schedule(first_month=month, months=months, amount=locked.monthly_amount)
        locked.phase_out = [[m.isoformat(), str(a)] for m, a in schedule]
        data["until"] = schedule[-1][0].isoformat()
    elif change == "exit":
        locked.end_month = month_add(month, -1)
    elif change == "review":
        locked.last_review_on = on
        locked.review_irregular = _irregular(locked, on=on)
        locked.next_review_on = _next_review(locked, last=on)
        data["next_review_on"] = locked.next_review_on.isoformat()
    if change == "resume":
        locked.end_month = None
    from_status = locked.status
    if transition.target is not None:
        locked.status = transition.target
    locked.version += 1
    locked.save()
    if change in ("adjust", "review"):
        # The household was just looked at again: the next 调标 starts from what was found today.
        case_basis_record(case=locked, on=on)
    event = CaseEvent.objects.create(
        case=locked,
        change=change,
        from_status=from_status,
        to_status=locked.status,
        reason_code=reason_code,
        reason_label=reasons[reason_code],
        reason=text,
        amount_before=amount_before,
        amount_after=locked.monthly_amount,
        effective_month=None if change == "review" else month,
        actor=actor,
        actor_name=str(actor),
        on=on,
        data=data,
    )
    when = "" if change == "review" else f"，自{month:%Y年%m月}起"
    if members_text:
        when += f"；保障成员{members_text}（{len(covered_after)}人）"
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=f"{locked.get_program_display()}在保{locked.number}：{transition.label}（{reasons[reason_code]}）{when}；{text}",
        before=before,
        after={**(snapshot(locked, AUDIT_FIELDS) or {}), "covered": sorted(covered_after)},
    )
    return CaseChange(
        case=locked,
        event=event,
        amount_before=amount_before,
        phase_out_before=before.get("phase_out") or [],
    )
