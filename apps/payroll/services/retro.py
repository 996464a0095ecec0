"""补差 and 追回 for a change that reaches back into months already paid: one case's change, or a 调标.

An approved payroll is never reopened. When 调整, 暂停, 停发, 恢复 or 退出 takes effect in a month the
payroll has already settled (on or before the case's 已发放至), the months from the effective month to
已发放至 are recomputed under the facts as paid and as they are now (:func:`policy.payroll.retro.
retro_difference`): money still owed becomes a :class:`PayAdjustment`, paid with the next payroll; money
overpaid becomes a :class:`Recovery`, deducted under the monthly cap (:func:`case_change_settle`).

A standard is often announced after the date it takes effect from (“自1月1日起执行”, applied in March), so
a 调标 settles the same way (:func:`restandard_settle`). It can touch a million cases, so that is
set-based: the cases are the run's own history rows (one 调整 per changed case, written at the moment
the run was applied). A case whose every settled month since the standard's month was a whole month at
the old amount — started before that month, 在保 throughout, no other change taking effect since, no 渐退
— owes exactly (new − old) × months; one ``INSERT … SELECT`` lists those into a temporary table, and one
statement each writes their 补差 and 追回 from it, with the trace built in SQL. The few others (started,
suspended or changed within those months) go through :func:`case_change_settle` one by one.

Neither runs on its own: :mod:`apps.payroll.services.case_changes` calls them inside the change's own
transaction, right after the change, and each is audited there.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from apps.assistance.models import Case, CaseEvent, StandardChangeRun
from apps.assistance.services.restandard_write import REASON_CODE
from apps.core.db import cents_sql, yuan_sql, yuan_text_sql
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.payroll.mappers import pay_facts_for
from apps.payroll.models import CasePayState, PayAdjustment, Recovery
from apps.standards.selectors import standards_for
from policy.areas import area_code_range
from policy.money import yuan, yuan_from_cents
from policy.payroll import pay_rules
from policy.payroll.retro import retro_difference

if TYPE_CHECKING:
    from apps.accounts.models import User

BASIS = "已审批的发放表不再改动，新标准涉及的已发月份在下月发放中调整"
PAID = "restandard_paid"  # the plain cases of one 调标, for as long as restandard_settle runs


@transaction.atomic
def case_change_settle(
    *,
    actor: User,
    case: Case,
    event: CaseEvent,
    amount_before: Decimal,
    phase_out_before: list[list[str]],
) -> PayAdjustment | Recovery | None:
    """The 补差 or 追回 that ``event`` (just written for ``case``, as it is now) makes for the months already
    paid; ``amount_before`` and ``phase_out_before`` are what the case paid under until then. None when it
    reaches no month paid, or changes nothing paid."""
    state = CasePayState.objects.filter(case=case).first()
    if state is None or event.effective_month is None or event.effective_month > state.paid_through:
        return None  # nothing paid yet for the months the change touches
    as_paid = copy.copy(case)
    as_paid.phase_out = phase_out_before or []
    # A zero before reads as the amount now (nothing to settle), as it always has: kept as it was.
    as_paid.monthly_amount = amount_before or case.monthly_amount
    now = pay_facts_for([case])[case.pk]
    paid = pay_facts_for([as_paid], exclude_events=[event.pk])[case.pk]
    rules = pay_rules(standards_for(area_code=case.area_id, urban=case.is_urban, on=event.effective_month))
    diff = retro_difference(
        paid=paid, now=now, first=event.effective_month, through=state.paid_through, rules=rules
    )
    if diff.amount == 0:
        return None
    reason = f"{event.get_change_display()}自{event.effective_month:%Y年%m月}起，涉及已发放月份"
    made: PayAdjustment | Recovery
    if diff.amount > 0:
        made = PayAdjustment.objects.create(
            case=case,
            amount=diff.amount,
            reason=reason,
            trace=[asdict(step) for step in diff.trace],
            created_by=actor,
            created_at=timezone.now(),
        )
        summary = f"在保{case.number}补差{diff.amount}元（{reason}），随下月发放"
    else:
        made = Recovery.objects.create(
            case=case, amount=-diff.amount, reason=reason, event_on=event.effective_month, created_by=actor
        )
        summary = f"在保{case.number}多发{-diff.amount}元应追回（{reason}），按月从发放中扣减"
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=made,
        area_code=case.area_id,
        household_id=case.household_id,
        summary=summary,
    )
    return made


def adjustments_due(case_ids: list[int]) -> dict[int, tuple[Decimal, list[dict[str, Any]], list[int]]]:
    """The unsettled 补差 of each case, for the payroll that pays them: (total, trace steps, ids)."""
    due: dict[int, tuple[Decimal, list[dict[str, Any]], list[int]]] = {}
    rows = PayAdjustment.objects.filter(case_id__in=case_ids, settled_line__isnull=True).order_by("id")
    for adjustment in rows:
        total, trace, ids = due.get(adjustment.case_id, (Decimal("0.00"), [], []))
        due[adjustment.case_id] = (total + adjustment.amount, trace + adjustment.trace, [*ids, adjustment.pk])
    return due


@dataclass(frozen=True, slots=True)
class RestandardSettlement:
    """What one 调标 settled: how many cases got a 补差 or a 追回, and the sums (yuan)."""

    adjustments: int = 0
    adjusted: Decimal = Decimal("0.00")
    recoveries: int = 0
    recovered: Decimal = Decimal("0.00")


@transaction.atomic
def restandard_settle(*, actor: User, run: StandardChangeRun) -> RestandardSettlement:
    """补差 and 追回 for the months the applied ``run`` reaches back into (see the module docstring); one
    audit row sums them up. The cases are read from the run's own history rows, so a run settles exactly
    its own cases, whatever else is written meanwhile."""
    assert run.applied_at is not None, "only an applied run has changed amounts"
    month = run.on.replace(day=1)
    with connection.cursor() as cursor:
        _paid_load(cursor, run=run, month=month)
        owed, overpaid = _settle_plain(cursor, run=run, month=month, actor=actor)
        others = _others(cursor, run=run)
        cursor.execute(f"DROP TABLE {PAID}")
    events = CaseEvent.objects.filter(pk__in=others).select_related("case").order_by("case_id")
    for event in events:
        made = case_change_settle(
            actor=actor,
            case=event.case,
            event=event,
            amount_before=event.amount_before or Decimal("0.00"),
            phase_out_before=event.case.phase_out,
        )
        if isinstance(made, PayAdjustment):
            owed = (owed[0] + 1, owed[1] + made.amount)
        elif isinstance(made, Recovery):
            overpaid = (overpaid[0] + 1, overpaid[1] + made.amount)
    settled = RestandardSettlement(
        adjustments=owed[0], adjusted=yuan(owed[1]), recoveries=overpaid[0], recovered=yuan(overpaid[1])
    )
    if settled.adjustments or settled.recoveries:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            entity=run,
            area_code=run.county_id,
            summary=(
                f"调标{run.number}涉及已发放月份：{settled.adjustments}户补差共{settled.adjusted}元随下月发放，"
                f"{settled.recoveries}户多发共{settled.recovered}元按月追回"
            ),
            after={
                "adjustments": settled.adjustments,
                "adjusted": str(settled.adjusted),
                "recoveries": settled.recoveries,
                "recovered": str(settled.recovered),
            },
        )
    return settled


# The set-based statements of restandard_settle. Money is read from the history rows into integer fen
# (SQLite keeps a DECIMAL as REAL) and written back as exact text (SQLite) or numeric (PostgreSQL).

_PG = "postgresql"


def _months_between(first: str, last: str) -> str:
    """SQL for the number of months from ``first`` to ``last`` inclusive (both first days of months)."""
    if connection.vendor == _PG:
        return (
            f"((EXTRACT(YEAR FROM {last}) * 12 + EXTRACT(MONTH FROM {last}))::int"
            f" - (EXTRACT(YEAR FROM {first}) * 12 + EXTRACT(MONTH FROM {first}))::int + 1)"
        )
    return (
        f"((CAST(strftime('%%Y', {last}) AS INTEGER) * 12 + CAST(strftime('%%m', {last}) AS INTEGER))"
        f" - (CAST(strftime('%%Y', {first}) AS INTEGER) * 12 + CAST(strftime('%%m', {first}) AS INTEGER))"
        " + 1)"
    )


def _month_text(column: str) -> str:
    if connection.vendor == _PG:
        return f'to_char({column}, \'YYYY"年"MM"月"\')'
    return f"strftime('%%Y年%%m月', {column})"


def _trace(rule: str, detail: str) -> str:
    if connection.vendor == _PG:
        return (
            f"jsonb_build_array(jsonb_build_object('rule', CAST('{rule}' AS text), 'detail', {detail}, "
            "'basis', CAST(%s AS text), 'outcome', CAST('' AS text)))"
        )
    return f"json_array(json_object('rule', '{rule}', 'detail', {detail}, 'basis', %s, 'outcome', ''))"


def _run_events(run: StandardChangeRun) -> tuple[str, list[Any]]:
    """FROM and WHERE of the run's history rows ``r`` with their case ``c`` and pay state ``s``: the cases
    whose amount the run changed (one row each, written at the moment it was applied) that were ever paid."""
    ops = connection.ops
    cases, events, states = Case._meta.db_table, CaseEvent._meta.db_table, CasePayState._meta.db_table
    low, high = area_code_range(run.county_id)
    sql = (
        f"FROM {events} r JOIN {cases} c ON c.id = r.case_id JOIN {states} s ON s.case_id = r.case_id "
        "WHERE r.reason_code = %s AND r.at = %s AND c.area_id >= %s AND c.area_id <= %s "
        "AND r.amount_after <> r.amount_before"
    )
    return sql, [REASON_CODE, ops.adapt_datetimefield_value(run.applied_at), low, high]


def _paid_load(cursor: Any, *, run: StandardChangeRun, month: date) -> None:
    """Fill the temporary table with the plain cases: (case, months, monthly difference, paid through)."""
    first = connection.ops.adapt_datefield_value(month)
    events = CaseEvent._meta.db_table
    pg = connection.vendor == _PG
    if pg:
        cursor.execute(
            f"CREATE TEMP TABLE {PAID} (case_id bigint PRIMARY KEY, months integer NOT NULL, "
            "step bigint NOT NULL, paid_through date NOT NULL) ON COMMIT DROP"
        )
    else:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{PAID}")
        cursor.execute(
            f"CREATE TEMP TABLE {PAID} (case_id INTEGER PRIMARY KEY, months INTEGER NOT NULL, "
            "step INTEGER NOT NULL, paid_through DATE NOT NULL)"
        )
    joined, params = _run_events(run)
    months = _months_between("CAST(%s AS date)" if pg else "%s", "s.paid_through")
    empty = "'[]'::jsonb" if pg else "'[]'"
    cursor.execute(
        f"INSERT INTO {PAID} (case_id, months, step, paid_through) "
        f"SELECT r.case_id, {months}, {cents_sql('r.amount_after')} - {cents_sql('r.amount_before')}, "
        f"s.paid_through {joined} AND s.paid_through >= %s AND c.start_month < %s AND c.status = 'active' "
        f"AND c.phase_out = {empty} "
        f"AND NOT EXISTS (SELECT 1 FROM {events} e WHERE e.case_id = r.case_id AND e.change <> 'review' "
        "AND e.effective_month >= %s AND e.id <> r.id) ORDER BY r.case_id",
        [first, first, *params, first, first, first],  # the months take the first month twice
    )


def _settle_plain(
    cursor: Any, *, run: StandardChangeRun, month: date, actor: User
) -> tuple[tuple[int, Decimal], tuple[int, Decimal]]:
    """Write the plain cases' 补差 and 追回; answer (count, sum) of each, from what was written."""
    ops = connection.ops
    adjustments, recoveries = PayAdjustment._meta.db_table, Recovery._meta.db_table
    reason = f"调标{run.number}：新标准自{month:%Y年%m月}起执行，涉及已发放月份"
    span = f"'{month:%Y年%m月}至' || {_month_text('p.paid_through')} || '共' || p.months || '个月，'"
    owed = (
        f"{span} || '每月增加' || {yuan_text_sql('p.step')} || '元，补差' || "
        f"{yuan_text_sql('p.step * p.months')} || '元'"
    )
    over = (
        f"{span} || '每月减少' || {yuan_text_sql('-p.step')} || '元，多发' || "
        f"{yuan_text_sql('-p.step * p.months')} || '元'"
    )
    created = ops.adapt_datetimefield_value(run.applied_at)
    cursor.execute(
        f"INSERT INTO {adjustments} (case_id, amount, reason, trace, created_by_id, created_at) "
        f"SELECT p.case_id, {yuan_sql('p.step * p.months')}, %s, {_trace('补差', owed)}, %s, %s "
        f"FROM {PAID} p WHERE p.step > 0 ORDER BY p.case_id",
        [reason, BASIS, actor.pk, created],
    )
    cursor.execute(
        f"INSERT INTO {recoveries} (case_id, amount, recovered, reason, event_on, created_by_id, "
        f"created_at) SELECT p.case_id, {yuan_sql('-p.step * p.months')}, 0, "
        f"CAST(%s AS text) || '（' || {over} || '）', %s, %s, %s FROM {PAID} p WHERE p.step < 0 "
        "ORDER BY p.case_id",
        [reason, ops.adapt_datefield_value(month), actor.pk, created],
    )
    cursor.execute(
        "SELECT COALESCE(SUM(CASE WHEN step > 0 THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN step > 0 THEN step * months ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN step < 0 THEN 1 ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN step < 0 THEN -step * months ELSE 0 END), 0) FROM {PAID}"
    )
    owed_n, owed_fen, over_n, over_fen = cursor.fetchone()
    return (int(owed_n), yuan_from_cents(int(owed_fen))), (int(over_n), yuan_from_cents(int(over_fen)))


def _others(cursor: Any, *, run: StandardChangeRun) -> list[int]:
    """The history rows of the run's other cases paid past the month their change takes effect in."""
    joined, params = _run_events(run)
    cursor.execute(
        f"SELECT r.id {joined} AND r.effective_month <= s.paid_through "
        f"AND r.case_id NOT IN (SELECT case_id FROM {PAID})",
        params,
    )
    return [row[0] for row in cursor.fetchall()]


__all__ = ["RestandardSettlement", "adjustments_due", "case_change_settle", "restandard_settle"]
