"""补差 and 追回 after a 调标 whose new standard starts in a month already paid.

A standard is often announced after the date it takes effect from (“自1月1日起执行”, applied in March).
The months from the standard's month to each case's 已发放至 were paid at the old amount; the difference
is settled the way a single case's change is (:mod:`apps.payroll.adjustments`): owed money becomes a
:class:`PayAdjustment` paid with the next payroll, overpaid money a :class:`Recovery` under the monthly cap.

A 调标 can touch a million cases, so this is set-based. A case whose every settled month since the
standard's month was a whole month at the old amount — started before that month, 在保 throughout, no
other change taking effect since, no 渐退 — owes exactly (new − old) × months; one ``INSERT … SELECT``
each writes those 补差 and 追回, with the trace built in SQL. The few others (started, suspended or
changed within those months) go through :func:`~policy.payroll.retro.retro_difference` one by one, like
any single change. Everything happens inside the 调标's own transaction; one audit row sums it up.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from apps.assistance.models import Case, CaseEvent, StandardChangeRun
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.payroll.adjustments import settle_retroactive
from apps.payroll.models import CasePayState, PayAdjustment, Recovery
from apps.payroll.services.prepare_sql import cents
from policy.money import yuan

BASIS = "已审批的发放表不再改动，新标准涉及的已发月份在下月发放中调整"


def _months_between(first: str, last: str) -> str:
    """SQL for the number of months from ``first`` to ``last`` inclusive (both first days of months)."""
    if connection.vendor == "postgresql":
        return (
            f"((EXTRACT(YEAR FROM {last}) * 12 + EXTRACT(MONTH FROM {last}))::int"
            f" - (EXTRACT(YEAR FROM {first}) * 12 + EXTRACT(MONTH FROM {first}))::int + 1)"
        )
    return (
        f"((CAST(strftime('%%Y', {last}) AS INTEGER) * 12 + CAST(strftime('%%m', {last}) AS INTEGER))"
        f" - (CAST(strftime('%%Y', {first}) AS INTEGER) * 12 + CAST(strftime('%%m', {first}) AS INTEGER))"
        " + 1)"
    )


def _yuan_text(cents: str) -> str:
    """SQL: a non-negative integer of cents as the yuan text '680.50' (for traces and for DECIMAL)."""
    if connection.vendor == "postgresql":
        return f"(({cents}) / 100)::text || '.' || lpad((({cents}) %% 100)::text, 2, '0')"
    return f"printf('%%d.%%02d', ({cents}) / 100, ({cents}) %% 100)"


def _money(cents: str) -> str:
    if connection.vendor == "postgresql":
        return f"({cents})::numeric / 100"
    return _yuan_text(cents)


def _month_text(column: str) -> str:
    if connection.vendor == "postgresql":
        return f'to_char({column}, \'YYYY"年"MM"月"\')'
    return f"strftime('%%Y年%%m月', {column})"


def _trace(rule: str, detail: str) -> str:
    if connection.vendor == "postgresql":
        return (
            f"jsonb_build_array(jsonb_build_object('rule', CAST('{rule}' AS text), 'detail', {detail}, "
            "'basis', CAST(%s AS text), 'outcome', CAST('' AS text)))"
        )
    return f"json_array(json_object('rule', '{rule}', 'detail', {detail}, 'basis', %s, 'outcome', ''))"


def _plain_select(table: str, month: date, at: datetime) -> tuple[str, list[Any]]:
    """SELECT case_id, months, monthly difference in cents, paid_through — the plain cases only."""
    ops = connection.ops
    cases, events, states = Case._meta.db_table, CaseEvent._meta.db_table, CasePayState._meta.db_table
    first = ops.adapt_datefield_value(month)
    pg = connection.vendor == "postgresql"
    empty = "'[]'::jsonb" if pg else "'[]'"
    months = _months_between("CAST(%s AS date)" if pg else "%s", "s.paid_through")
    sql = (
        f"SELECT t.case_id, {months} AS months, "
        "t.amount - t.old_amount AS step, s.paid_through "
        f"FROM {table} t JOIN {cases} c ON c.id = t.case_id JOIN {states} s ON s.case_id = t.case_id "
        "WHERE t.reason = '' AND t.amount <> t.old_amount AND s.paid_through >= %s "
        f"AND c.start_month < %s AND c.status = 'active' AND c.phase_out = {empty} "
        f"AND NOT EXISTS (SELECT 1 FROM {events} e WHERE e.case_id = t.case_id AND e.change <> 'review' "
        "AND e.effective_month >= %s AND NOT (e.reason_code = 'restandard' AND e.at = %s))"
    )
    return sql, [first, first, first, first, first, ops.adapt_datetimefield_value(at)]  # months: twice


def _settle_plain(table: str, *, run: StandardChangeRun, month: date, actor: Any, at: datetime) -> None:
    plain, params = _plain_select(table, month, at)
    ops = connection.ops
    adjustments, recoveries = PayAdjustment._meta.db_table, Recovery._meta.db_table
    reason = f"调标{run.pk}：新标准自{month:%Y年%m月}起执行，涉及已发放月份"
    span = f"'{month:%Y年%m月}至' || {_month_text('p.paid_through')} || '共' || p.months || '个月，'"
    owed = (
        f"{span} || '每月增加' || {_yuan_text('p.step')} || '元，补差' || "
        f"{_yuan_text('p.step * p.months')} || '元'"
    )
    over = (
        f"{span} || '每月减少' || {_yuan_text('-p.step')} || '元，多发' || "
        f"{_yuan_text('-p.step * p.months')} || '元'"
    )
    first = ops.adapt_datefield_value(month)
    created = ops.adapt_datetimefield_value(at)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {adjustments} (case_id, amount, reason, trace, created_by_id, created_at) "
            f"SELECT p.case_id, {_money('p.step * p.months')}, %s, {_trace('补差', owed)}, %s, %s "
            f"FROM ({plain}) p WHERE p.step > 0 ORDER BY p.case_id",
            [reason, BASIS, actor.pk, created, *params],
        )
        cursor.execute(
            f"INSERT INTO {recoveries} (case_id, amount, recovered, reason, event_on, created_by_id, "
            f"created_at) SELECT p.case_id, {_money('-p.step * p.months')}, 0, "
            f"CAST(%s AS text) || '（' || {over} || '）', %s, %s, %s FROM ({plain}) p WHERE p.step < 0 "
            "ORDER BY p.case_id",
            [reason, first, actor.pk, created, *params],
        )


def _settle_others(table: str, *, month: date, actor: Any, at: datetime) -> None:
    """The changed cases paid past their 调标 event's month that the plain statement did not take."""
    plain, params = _plain_select(table, month, at)
    states = CasePayState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.case_id FROM {table} t JOIN {states} s ON s.case_id = t.case_id "
            "WHERE t.reason = '' AND t.amount <> t.old_amount "
            f"AND t.case_id NOT IN (SELECT p.case_id FROM ({plain}) p)",
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return
    events = {
        e.case_id: e
        for e in CaseEvent.objects.filter(case_id__in=ids, reason_code="restandard", at=at).order_by("id")
    }
    for case in Case.objects.filter(pk__in=ids).order_by("pk"):
        event = events[case.pk]
        previous = {"monthly_amount": event.amount_before, "phase_out": case.phase_out}
        settle_retroactive(None, case=case, event=event, actor=actor, previous=previous)


def settle_restandard(
    sender: Any, *, run: StandardChangeRun, month: date, actor: Any, at: datetime, rows_table: str, **kw: Any
) -> None:
    """Receiver of :data:`~apps.assistance.signals.cases_restandarded` (see the module docstring)."""
    before_adj = PayAdjustment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    before_rec = Recovery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _settle_plain(rows_table, run=run, month=month, actor=actor, at=at)
    _settle_others(rows_table, month=month, actor=actor, at=at)
    made_adj = PayAdjustment.objects.filter(pk__gt=before_adj, created_by=actor)
    made_rec = Recovery.objects.filter(pk__gt=before_rec, created_by=actor)
    owed, overpaid = _count_sum(made_adj), _count_sum(made_rec)
    if owed[0] == 0 and overpaid[0] == 0:
        return
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=run,
        area_code=run.county_id,
        summary=(
            f"调标{run.pk}涉及已发放月份：{owed[0]}户补差共{owed[1]}元随下月发放，"
            f"{overpaid[0]}户多发共{overpaid[1]}元按月追回"
        ),
        after={
            "adjustments": owed[0],
            "adjusted": str(owed[1]),
            "recoveries": overpaid[0],
            "recovered": str(overpaid[1]),
        },
    )


def _count_sum(qs: Any) -> tuple[int, Decimal]:
    """Count and exact sum, in fen in the database (SQLite would add the DECIMAL values as floats)."""
    sql, params = qs.values("id").query.sql_with_params()
    table = qs.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), {cents('amount')} FROM {table} WHERE id IN ({sql})", params)
        count, fen = cursor.fetchone()
    return int(count), yuan(Decimal(fen) / 100)


__all__ = ["settle_restandard"]
