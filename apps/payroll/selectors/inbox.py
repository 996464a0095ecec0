"""资金发放's 待办: the payrolls that wait for the approver (审批) or for finance (银行代发文件, 回盘,
失败重发), and the cases whose payments are held (暂缓发放) for whoever decides the lead behind the hold.
Scoped like every payroll read; the workbench's 待办 page and home page join these groups."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from apps.core.clock import today
from apps.core.inbox import InboxGroup, inbox_group
from apps.core.scoping import area_q
from apps.payroll.models import LineStatus, PaymentHold, Payroll, PayrollLine, PayrollState
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


def payroll_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """The payrolls of the actor's county at a step the actor's role takes: 审批 for the approver (never
    one they prepared themselves: maker-checker), the bank file, the return and the failed lines for
    finance. Payrolls have no time limit of their own."""
    on = on or today()
    if not actor.can(Capability.VIEW_PAYROLL):
        return []
    payrolls = (
        Payroll.objects.filter(area_q(actor, "county")).select_related("county").order_by("month", "id")
    )
    groups: list[InboxGroup] = []

    def group(key: str, label: str, hint: str, rows: QuerySet[Payroll]) -> InboxGroup:
        return inbox_group(key=key, label=label, hint=hint, rows=rows, on=on, kind="payroll", due_field=None)

    if actor.can(Capability.APPROVE_PAYROLL):
        waiting = payrolls.filter(state=PayrollState.PREPARED).exclude(prepared_by=actor)
        groups.append(group("payroll_approve", "发放表待审批", "核对预览和差异后审批并锁定", waiting))
    if actor.can(Capability.PREPARE_PAYROLL):
        failed = PayrollLine.objects.filter(payroll=OuterRef("pk"), status=LineStatus.FAILED)
        groups += [
            group(
                "payroll_export",
                "待生成银行代发文件",
                "发放表已审批，生成代发文件报送代发银行",
                payrolls.filter(state=PayrollState.APPROVED),
            ),
            group(
                "payroll_return",
                "待导入银行回盘",
                "代发文件已报送，收到银行回盘后导入对账",
                payrolls.filter(state=PayrollState.EXPORTED),
            ),
            group(
                "payroll_failed",
                "发放失败待重发",
                "更正账户信息后生成失败重发文件",
                payrolls.filter(Exists(failed)),
            ),
        ]
    return groups


def hold_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """暂缓发放 in the actor's area still in force, for the roles that decide what ends them (the remedy
    of the lead behind the hold: the county). Oldest first."""
    if not (actor.can(Capability.VIEW_PAYROLL) and actor.can(Capability.REMEDY_LEAD)):
        return []
    holds = (
        PaymentHold.objects.filter(area_q(actor, "case__area"), released_on__isnull=True)
        .select_related("case", "case__area")
        .order_by("opened_on", "id")
    )
    return [
        inbox_group(
            key="holds",
            label="暂缓发放中",
            hint="线索核实处理后，解除暂缓或办理停发、追回",
            rows=holds,
            on=on or today(),
            kind="hold",
            due_field=None,
        )
    ]
