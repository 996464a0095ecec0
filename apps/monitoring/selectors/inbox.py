"""监测预警's 待办: the open alerts of the actor's area that wait for the township's 主动发现 visit, and those
visited that wait for the outcome (启动救助 or 无需救助), each by its 核实期限 (``due_on``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from apps.core.clock import today
from apps.core.inbox import InboxGroup, inbox_group
from apps.core.scoping import area_q
from apps.monitoring.models import Alert
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


def alert_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """For the roles that visit and close alerts (``Capability.HANDLE_ALERT``: the township): alerts to
    visit and alerts to close, nearest 核实期限 first, those past it overdue."""
    if not (actor.can(Capability.VIEW_MONITORING) and actor.can(Capability.HANDLE_ALERT)):
        return []
    on = on or today()
    alerts = (
        Alert.objects.filter(area_q(actor, "area"), closed_on__isnull=True)
        .select_related("area", "household")
        .order_by("due_on", "id")
    )

    def group(key: str, label: str, hint: str, visited: bool) -> InboxGroup:
        rows = alerts.filter(visited_on__isnull=not visited)
        return inbox_group(
            key=key, label=label, hint=hint, rows=rows, on=on, kind="alert", due_field="due_on"
        )

    return [
        group("alerts_visit", "预警待入户核实", "在核实期限内入户核实并登记情况", visited=False),
        group("alerts_close", "预警待处置", "已入户核实：启动救助或写明无需救助的理由", visited=True),
    ]
