"""待办, the shape every office's items share: a group of rows that wait for the actor, with its total and
how many are overdue. Each app's selectors build their own groups from their own rows; the workbench's 待办
page (apps/workbench) joins the groups of every office the actor works in, so that no app below it has to
know another's rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

from django.db.models import Count, Q, QuerySet

from apps.core.clock import work_calendar
from policy.calendar import working_days_between

INBOX_ROWS = 50  # per group: the ones with the nearest deadline; the total says how many more wait


@dataclass
class InboxGroup:
    key: str
    label: str
    hint: str
    rows: Sequence[Any] = field(default_factory=list)
    total: int = 0
    overdue: int = 0
    kind: str = "application"  # how the page draws a row: "application", "case", "online", …


def days_late(due: date | None, on: date) -> int:
    """Working days past ``due`` on ``on`` (0 when not yet due, or when there is no deadline)."""
    if due is None or due >= on:
        return 0
    return working_days_between(due, on, calendar=work_calendar())


class FirstRows(Sequence[Any]):
    """The first :data:`INBOX_ROWS` of an ordered query, each marked with its ``days_late``, fetched when
    first read: the 待办 page lists them; the home page's 待办 block reads the counts only, fetching none."""

    def __init__(self, rows: QuerySet[Any], *, on: date, due_field: str | None) -> None:
        self._query, self._on, self._due_field = rows, on, due_field
        self._rows: list[Any] | None = None

    def _fetch(self) -> list[Any]:
        if self._rows is None:
            self._rows = list(self._query[:INBOX_ROWS])
            for row in self._rows:
                row.days_late = days_late(getattr(row, self._due_field), self._on) if self._due_field else 0
        return self._rows

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._fetch()[index]

    def __len__(self) -> int:
        return len(self._fetch())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fetch())

    def __eq__(self, other: object) -> bool:
        return self._fetch() == (list(other) if isinstance(other, FirstRows) else other)

    __hash__ = None  # type: ignore[assignment]


def inbox_group(
    *, key: str, label: str, hint: str, rows: QuerySet[Any], on: date, kind: str, due_field: str | None
) -> InboxGroup:
    """The group of ``rows`` (already ordered): the total and the number overdue by ``due_field`` (None:
    the rows have no time limit), counted in one query; the first :data:`INBOX_ROWS` rows only when read."""
    overdue = Count("pk", filter=Q(**{f"{due_field}__lt": on})) if due_field else None
    counts = rows.aggregate(total=Count("pk"), **({"overdue": overdue} if overdue is not None else {}))
    return InboxGroup(
        key=key,
        label=label,
        hint=hint,
        rows=FirstRows(rows, on=on, due_field=due_field),
        total=counts["total"],
        overdue=counts.get("overdue", 0),
        kind=kind,
    )
