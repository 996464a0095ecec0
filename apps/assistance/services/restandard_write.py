"""The writes of an applied 调标, as a few set-based statements inside the caller's transaction.

The (case, version read, new amount, review reason) rows go into a temporary table — PostgreSQL
``COPY``, SQLite ``executemany`` — and then:

1. one ``INSERT … SELECT`` writes a history row (:class:`~apps.assistance.models.CaseEvent`, 调整 with
   reason 调标, the amount before copied from the case) per changed case, effective from the standard's
   month or the case's start month if later;
2. one ``UPDATE … FROM`` sets the changed cases' amounts (and their bases' amounts, so that they stay in
   step), another brings the flagged cases' next review
   forward (two, because SQLite rewrites an index whenever a column of it is SET, and next_review_on is
   indexed); each bumps the version and matches on the version read, so a case changed by someone else
   in the meantime makes the row count fall short and the whole run roll back (PostgreSQL; SQLite's
   write lock already keeps others out);
3. one ``INSERT … SELECT`` lists the flagged cases (:class:`~apps.assistance.models.StandardChangeReview`).

The months already paid at the old amount (补差 or 追回) are the payroll's to settle, from the run's history
rows, in the same transaction (apps/payroll/services/case_changes.py); the temporary table ends here.

Money is written as exact text (SQLite) or numeric (PostgreSQL) from integer cents, never as a float.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection

from apps.assistance.models import (
    Case,
    CaseBasis,
    CaseEvent,
    ReviewReason,
    StandardChangeReview,
    StandardChangeRun,
)
from apps.core.db import yuan_sql
from policy.errors import Conflict

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.assistance.services.restandard import Reassessment

TEMP = "restandard_rows"
REASON_CODE = "restandard"
REASON_LABEL = "调标"


Row = tuple[int, int, int, int, str]


def _rows(result: Reassessment) -> Iterable[Row]:
    """(case id, version read, new and old amounts in cents, review reason — '' for a changed case)."""
    c = result.columns
    parts = [(result.up | result.down, ""), (result.ineligible, ReviewReason.INELIGIBLE.value)]
    parts.append((result.rules_changed, ReviewReason.RULES.value))
    parts.append((result.departed, ReviewReason.DEPARTED.value))
    chains: list[Iterable[Row]] = []
    for mask, reason in parts:
        new, old = result.new[mask].tolist(), result.old[mask].tolist()
        ids, versions = c.ids[mask].tolist(), c.version[mask].tolist()
        chains.append(zip(ids, versions, new, old, itertools.repeat(reason)))
    ids, versions = result.no_basis
    no_basis = itertools.repeat(ReviewReason.NO_BASIS.value)
    zero = itertools.repeat(0)
    chains.append(zip(ids.tolist(), versions.tolist(), zero, itertools.repeat(0), no_basis))
    return itertools.chain.from_iterable(chains)


def _load(cursor: Any, rows: Iterable[Row]) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(
            f"CREATE TEMP TABLE {TEMP} (case_id bigint PRIMARY KEY, seen_version bigint NOT NULL, "
            "amount bigint NOT NULL, old_amount bigint NOT NULL, reason text NOT NULL) ON COMMIT DROP"
        )
        columns = "case_id, seen_version, amount, old_amount, reason"
        with cursor.cursor.copy(f"COPY {TEMP} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    cursor.execute(f"DROP TABLE IF EXISTS temp.{TEMP}")
    cursor.execute(
        f"CREATE TEMP TABLE {TEMP} (case_id INTEGER PRIMARY KEY, seen_version INTEGER NOT NULL, "
        "amount INTEGER NOT NULL, old_amount INTEGER NOT NULL, reason TEXT NOT NULL)"
    )
    # Straight to the sqlite3 connection (same connection, same transaction): Django's executemany peeks
    # at the rows through itertools.tee, which costs a fifth more on a million of them.
    connection.connection.executemany(f"INSERT INTO {TEMP} VALUES (?, ?, ?, ?, ?)", rows)


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def restandard_rows_write(
    *, result: Reassessment, run: StandardChangeRun, actor: User, now: datetime
) -> None:
    """Write what ``result`` decided for ``run`` (see the module docstring); Conflict if a case moved."""
    ops = connection.ops
    on: date = result.on
    month = on.replace(day=1)
    figures = result.figures()
    changed = figures["up"] + figures["down"]
    flagged = figures["ineligible"] + figures["rules_changed"] + figures["departed"] + figures["no_basis"]
    cases, events, bases = Case._meta.db_table, CaseEvent._meta.db_table, CaseBasis._meta.db_table
    reviews = StandardChangeReview._meta.db_table
    at, day = ops.adapt_datetimefield_value(now), ops.adapt_datefield_value(on)
    first = ops.adapt_datefield_value(month)
    matches = f"FROM {TEMP} t WHERE {cases}.id = t.case_id AND {cases}.version = t.seen_version"
    with connection.cursor() as cursor:
        _load(cursor, _rows(result))
        names = [
            "case",
            "change",
            "from_status",
            "to_status",
            "reason_code",
            "reason_label",
            "reason",
            "amount_before",
            "amount_after",
            "effective_month",
            "actor",
            "actor_name",
            "on",
            "at",
            "data",
        ]
        data = json.dumps({"run": run.pk})
        cursor.execute(
            f"INSERT INTO {events} ({', '.join(_column(CaseEvent, n) for n in names)}) "
            "SELECT t.case_id, 'adjust', c.status, c.status, %s, %s, %s, "
            f"c.monthly_amount, {yuan_sql('t.amount')}, "
            "CASE WHEN c.start_month > %s THEN c.start_month ELSE %s END, %s, %s, %s, %s, "
            f"{'CAST(%s AS jsonb)' if connection.vendor == 'postgresql' else '%s'} "
            f"FROM {TEMP} t JOIN {cases} c ON c.id = t.case_id WHERE t.reason = '' ORDER BY t.case_id",
            [
                REASON_CODE,
                REASON_LABEL,
                f"调标{run.number}：按{on:%Y-%m-%d}起执行的低保标准重新核算",
                first,
                first,
                actor.pk,
                str(actor),
                day,
                at,
                data,
            ],
        )
        cursor.execute(
            f"UPDATE {cases} SET monthly_amount = {yuan_sql('t.amount')}, version = version + 1, "
            f"updated_at = %s {matches} AND t.reason = ''",
            [at],
        )
        moved = cursor.rowcount
        # The basis now gives the new amount: the case stays in step with it for the next 调标.
        cursor.execute(
            f"UPDATE {bases} SET amount = t.amount FROM {TEMP} t "
            f"WHERE {bases}.case_id = t.case_id AND t.reason = ''"
        )
        cursor.execute(
            f"UPDATE {cases} SET next_review_on = CASE WHEN next_review_on IS NULL OR next_review_on > %s "
            "THEN %s ELSE next_review_on END, "
            f"version = version + 1, updated_at = %s {matches} AND t.reason <> ''",
            [day, day, at],
        )
        if moved != changed or cursor.rowcount != flagged:
            raise Conflict("调标期间有在保对象被他人修改，未作任何调整；请重新预览后再确认")
        cursor.execute(
            f"INSERT INTO {reviews} ({_column(StandardChangeReview, 'run')}, "
            f"{_column(StandardChangeReview, 'case')}, {_column(StandardChangeReview, 'reason')}) "
            f"SELECT %s, t.case_id, t.reason FROM {TEMP} t WHERE t.reason <> '' ORDER BY t.case_id",
            [run.pk],
        )
        if connection.vendor != "postgresql":
            cursor.execute(f"DROP TABLE temp.{TEMP}")


__all__ = ["restandard_rows_write"]
