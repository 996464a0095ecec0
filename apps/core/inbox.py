"""待办, the shape every office's items share: a group of rows that wait for the actor, with its total and
how many are overdue. Each app's selectors build their own groups from their own rows; the workbench's 待办
page (apps/workbench) joins the groups of every office the actor works in, so that no app below it has to
know another's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from apps.core.clock import work_calendar
from policy.calendar import working_days_between

INBOX_ROWS = 50  # per group: the ones with the nearest deadline; the total says how many more wait


@dataclass
class InboxGroup:
    key: str
    label: str
    hint: str
    rows: list[Any] = field(default_factory=list)
    total: int = 0
    overdue: int = 0
    kind: str = "application"  # how the page draws a row: "application", "case", "online", …


def days_late(due: date | None, on: date) -> int:
    """Working days past ``due`` on ``on`` (0 when not yet due, or when there is no deadline)."""
    if due is None or due >= on:
        return 0
    return working_days_between(due, on, calendar=work_calendar())


def inbox_group(
    *, key: str, label: str, hint: str, rows: QuerySet[Any], on: date, kind: str, due_field: str | None
) -> InboxGroup:
    """The first :data:`INBOX_ROWS` of ``rows`` (already ordered), each marked with its ``days_late`` by
    ``due_field`` (None: the rows have no time limit), the total and the number overdue."""
    first = list(rows[:INBOX_ROWS])
    for row in first:
        row.days_late = days_late(getattr(row, due_field), on) if due_field else 0
    total = rows.count() if len(first) == INBOX_ROWS else len(first)
    overdue = rows.filter(**{f"{due_field}__lt": on}).count() if due_field else 0
    return InboxGroup(key=key, label=label, hint=hint, rows=first, total=total, overdue=overdue, kind=kind)
