"""审批发放表 (maker-checker): the county approves what finance prepared, never the same person, and the
payroll is locked from then on. Approval moves each paid case's 已发放至 forward and books the 追回
deducted, set-based; held lines move nothing, so the next month pays them once the hold is lifted."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.payroll.models import LineStatus, Payroll, PayrollLine, PayrollState, Recovery
from policy.errors import Conflict, NotFound, PermissionDenied
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


def _pay_states(cursor, payroll: Payroll) -> None:
    cursor.execute(
        "INSERT INTO payroll_casepaystate (case_id, paid_through, case_version, monthly_amount) "
        "SELECT case_id, paid_through_after, case_version, monthly_amount FROM payroll_payrollline "
        "WHERE payroll_id = %s AND status <> %s AND paid_through_after IS NOT NULL "
        "ON CONFLICT (case_id) DO UPDATE SET paid_through = excluded.paid_through, "
        "case_version = excluded.case_version, monthly_amount = excluded.monthly_amount",
        [payroll.pk, LineStatus.HELD.value],
    )


def _adjustments(cursor, payroll: Payroll) -> None:
    """补差 paid with this payroll are settled — only those that existed when it was prepared."""
    cursor.execute(
        "UPDATE payroll_payadjustment SET settled_line_id = (SELECT l.id FROM payroll_payrollline l "
        "WHERE l.payroll_id = %s AND l.case_id = payroll_payadjustment.case_id) "
        "WHERE settled_line_id IS NULL AND created_at <= %s AND case_id IN (SELECT case_id FROM "
        "payroll_payrollline WHERE payroll_id = %s AND status <> %s AND reasons LIKE %s)",
        [
            payroll.pk,
            connection.ops.adapt_datetimefield_value(payroll.prepared_at),
            payroll.pk,
            LineStatus.HELD.value,
            "%adjustment%",
        ],
    )


def _recoveries(payroll: Payroll) -> None:
    """Book each line's 追回 against the case's open recoveries, oldest first (few rows: only the lines
    with a deduction)."""
    deducted = PayrollLine.objects.filter(payroll=payroll, recovery__gt=0).exclude(status=LineStatus.HELD)
    for case_id, amount in deducted.values_list("case_id", "recovery"):
        left = Decimal(amount)
        for recovery in (
            Recovery.objects.select_for_update().filter(case_id=case_id).order_by("created_at", "id")
        ):
            take = min(left, recovery.amount - recovery.recovered)
            if take > 0:
                recovery.recovered += take
                recovery.save(update_fields=["recovered"])
                left -= take


@transaction.atomic
def payroll_approve(*, actor: User, payroll: Payroll, expected_version: int | None = None) -> Payroll:
    require(actor, Capability.APPROVE_PAYROLL)
    if not code_in_scope(actor, payroll.county_id):
        raise NotFound()
    locked = locked_at_version(
        Payroll.objects.all(),
        pk=payroll.pk,
        version=payroll.version if expected_version is None else expected_version,
        conflict="发放表已重新生成，请刷新页面核对后再审批",
    )
    if locked.state != PayrollState.PREPARED:
        raise Conflict(f"{locked}{locked.get_state_display()}，不能重复审批")
    if locked.prepared_by_id == actor.pk:
        raise PermissionDenied("发放表的制表人不能审批自己生成的发放表（制表与审批须由不同人员办理）")
    locked.state = PayrollState.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["state", "approved_by", "approved_at", "version"])
    with connection.cursor() as cursor:
        _pay_states(cursor, locked)
        _adjustments(cursor, locked)
    _recoveries(locked)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.county_id,
        summary=f"审批{locked.county.name}{locked}：{locked.line_count}笔，应发{locked.total}元",
    )
    return locked
