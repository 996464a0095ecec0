"""待办 across offices: each office's items come from its own apps' selectors, each knowing only its own
rows; this module only joins them, office by office, in the navigation table's order.

A new office lists its providers in :data:`PROVIDERS` under its key in ``apps.core.navigation.OFFICES``;
a provider takes the actor and the day and returns its groups (``apps.core.inbox.InboxGroup``), empty
for a role that has nothing to do there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps

from apps.assistance.selectors import inbox_for as assistance_inbox_for
from apps.core.clock import today
from apps.core.inbox import InboxGroup
from apps.core.navigation import OFFICES
from apps.crosscheck.selectors import lead_inbox_for
from apps.monitoring.selectors.inbox import alert_inbox_for
from apps.payroll.selectors.inbox import hold_inbox_for, payroll_inbox_for
from apps.portal.selectors import account_inbox_for, online_inbox_for

if TYPE_CHECKING:
    from apps.accounts.models import User

Provider = Callable[..., list[InboxGroup]]  # (*, actor, on) → groups

PROVIDERS: dict[str, tuple[Provider, ...]] = {
    # 网上申请 and the accounts waiting for 核实 first: nobody has taken them up yet, and the village or the
    # township takes them; then the workflow's steps, the 主动发现 visits, the leads, the holds and the
    # payrolls (资金发放, 数据比对 and 监测预警 are 社会救助's menu items: one office). Each provider gives a
    # role only the groups it can act on.
    "assistance": (
        online_inbox_for,
        account_inbox_for,
        assistance_inbox_for,
        alert_inbox_for,
        lead_inbox_for,
        hold_inbox_for,
        payroll_inbox_for,
    ),
}


@dataclass
class OfficeInbox:
    key: str
    label: str
    groups: list[InboxGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.groups)


def inbox_for(*, actor: User, on: date | None = None) -> list[OfficeInbox]:
    """What waits for the actor in their area, office by office (an office with no group for the actor's
    role is left out), overdue rows flagged."""
    on = on or today()
    offices = []
    for office in OFFICES:
        providers = PROVIDERS.get(office.key, ())
        if not providers or not apps.is_installed(office.app):
            continue
        groups = [group for provider in providers for group in provider(actor=actor, on=on)]
        if groups:
            offices.append(OfficeInbox(office.key, office.label, groups))
    return offices
