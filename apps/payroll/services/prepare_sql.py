"""The SQL of 生成发放表 (:mod:`apps.payroll.services.prepare`): the temporary tables, the one
``INSERT … SELECT`` that both paths write lines through, the holds and the totals.

Kept apart from the orchestration so each reads on its own; every statement runs on the caller's cursor,
inside the caller's transaction. SQLite and PostgreSQL differ only where a branch says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from apps.assistance.choices import ONE_TIME_PROGRAMS
from apps.core.db import cents_sum_sql
from apps.payroll.models import LineStatus, Payroll, PayrollLine
from policy.areas import area_code_range
from policy.cases import CaseStatus
from policy.money import yuan_from_cents
from policy.months import month_add

TEMP = "payroll_rows"
SORTED = "payroll_sorted"
OWING = "payroll_owing"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: Any) -> str:
    return _q(model._meta.db_table)


LINE_COLUMNS = [
    "payroll_id",
    "month",
    "case_id",
    "case_version",
    "program",
    "household_id",
    "township_id",
    "village_id",
    "is_urban",
    "payee_name",
    "payee_id_number",
    "account_type",
    "bank_name",
    "account_number",
    "covered_count",
    "members",
    "monthly_amount",
    "regular",
    "arrears",
    "recovery",
    "amount",
    "reasons",
    "trace",
    "paid_through_after",
    "status",
    "hold_reason",
    "bank_result",
    "attempt",
    "failed_account",
]


NO_ACCOUNT = "未登记发放账户（请在家庭信息中登记银行账户或社保卡）"
_STATUS = (LineStatus.HELD.value, LineStatus.PENDING.value, NO_ACCOUNT)


def _members_json() -> str:
    """The case's covered members, frozen as [[person id, name, ID number], …] in person order."""
    covered = "FROM assistance_case_covered cc JOIN registry_person pp ON pp.id = cc.person_id "
    if connection.vendor == "postgresql":
        return (
            "(SELECT COALESCE(jsonb_agg(jsonb_build_array(pp.id, pp.name, pp.id_number) ORDER BY pp.id), "
            f"'[]'::jsonb) {covered}WHERE cc.case_id = c.id)"
        )
    member = "json_array(pp.id, pp.name, pp.id_number)"
    return f"(SELECT json_group_array({member}) {covered}WHERE cc.case_id = c.id)"


def _line_insert(*, computed: str, source: str, amount: str) -> str:
    """``INSERT INTO line … SELECT`` over cases ``c`` (and whatever ``source`` joins in), with the household,
    its head (the payee) and the covered count frozen alongside. ``computed`` gives monthly_amount, regular,
    arrears, recovery, amount, reasons, trace and paid_through_after, in that order; ``amount`` is the
    amount's expression again, for the status. A payment with nowhere to go (no account registered) is
    held with its reason, rather than refused by the bank file later: it is paid with a later month (as
    补发) once the account is registered. Parameters after the source's: held, pending, the reason."""
    return (
        f"INSERT INTO {_table(PayrollLine)} ({', '.join(_q(c) for c in LINE_COLUMNS)}) "
        "SELECT %s, %s, c.id, c.version, c.program, c.household_id, "
        "substr(c.area_id, 1, 9) || '000', c.area_id, c.is_urban, "
        "COALESCE(p.name, h.account_holder, ''), COALESCE(p.id_number, ''), "
        "h.account_type, h.bank_name, h.account_number, "
        "(SELECT COUNT(*) FROM assistance_case_covered cc WHERE cc.case_id = c.id), "
        f"{_members_json()}, "
        f"{computed}, CASE WHEN h.account_number = '' AND {amount} > 0 THEN %s ELSE %s END, "
        f"CASE WHEN h.account_number = '' AND {amount} > 0 THEN %s ELSE '' END, '', 1, '' "
        f"{source} "
        "JOIN registry_household h ON h.id = c.household_id "
        "LEFT JOIN registry_membership m ON m.household_id = c.household_id AND m.relation = 'head' "
        "AND m.end_date IS NULL "
        "LEFT JOIN registry_person p ON p.id = m.person_id "
    )


def _scope_sql(county: str, program: str) -> tuple[str, list[Any]]:
    low, high = area_code_range(county)
    sql = "c.area_id >= %s AND c.area_id <= %s"
    params: list[Any] = [low, high]
    if program:
        sql += " AND c.program = %s"
        params.append(program)
    else:
        sql += f" AND c.program NOT IN ({', '.join(['%s'] * len(ONE_TIME_PROGRAMS))})"
        params.extend(sorted(ONE_TIME_PROGRAMS))
    return sql, params


def _day(value: date | None) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _temp_table(cursor: Any, name: str, columns: str) -> None:
    """An empty temporary table for this transaction (PostgreSQL drops it at the commit)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns}) ON COMMIT DROP")
        cursor.execute(f"TRUNCATE {name}")
    else:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
        cursor.execute(f"CREATE TEMP TABLE {name} ({columns})")


# Unchanged since last paid: the version the last approved line froze, or, when a change since then
# (a 调标 bumps every version of a county) takes effect only before the previous month, the amount paid
# is still the case's amount and no 调整, 暂停, 停发… takes effect from the previous month on. The
# version is compared first, so an ordinary month never runs the probe of the case's history.
UNCHANGED = (
    "(s.case_version = c.version OR (s.monthly_amount = c.monthly_amount AND NOT EXISTS ("
    "SELECT 1 FROM assistance_caseevent e WHERE e.case_id = c.id AND e.change <> 'review' "
    "AND e.effective_month >= %s)))"
)


def sort_cases(cursor: Any, payroll: Payroll) -> int:
    """Sort the cases of the payroll once into a temporary table: plain (see the module docstring) or for
    the policy path, leaving out those already paid this month (by another payroll) and exited cases paid
    to their end with nothing owed. Returns how many are plain.

    The lines are then written from this table, never by a statement that also reads the line table it
    writes to: SQLite would first copy a million computed lines aside (about a second)."""
    month, prev = payroll.month, month_add(payroll.month, -1)
    scope, params = _scope_sql(payroll.county_id, payroll.program)
    no_phase_out = "c.phase_out = '[]'::jsonb" if connection.vendor == "postgresql" else "c.phase_out = '[]'"
    # The few cases owing 追回 (0) or owed 补差 (1), gathered once: one join on them costs less than two
    # correlated probes for each of a million cases.
    _temp_table(cursor, OWING, "case_id bigint PRIMARY KEY, owed smallint NOT NULL")
    cursor.execute(
        f"INSERT INTO {OWING} (case_id, owed) SELECT case_id, MAX(owed) FROM ("
        "SELECT case_id, 0 AS owed FROM payroll_recovery WHERE recovered < amount UNION ALL "
        "SELECT case_id, 1 FROM payroll_payadjustment WHERE settled_line_id IS NULL) AS o GROUP BY case_id"
    )
    # A line of this month can only be in another payroll of the month (this one's are deleted by now).
    others = Payroll.objects.filter(month=month).exclude(pk=payroll.pk).exists()
    paid = "AND NOT EXISTS (SELECT 1 FROM payroll_payrollline l WHERE l.case_id = c.id AND l.month = %s) "
    _temp_table(
        cursor, SORTED, "case_id bigint PRIMARY KEY, version bigint NOT NULL, plain smallint NOT NULL"
    )
    cursor.execute(
        f"INSERT INTO {SORTED} (case_id, version, plain) SELECT c.id, c.version, "
        f"CASE WHEN c.status = 'active' AND {no_phase_out} AND c.start_month < %s "
        f"AND s.paid_through = %s AND {UNCHANGED} AND o.case_id IS NULL THEN 1 ELSE 0 END "
        "FROM assistance_case c LEFT JOIN payroll_casepaystate s ON s.case_id = c.id "
        f"LEFT JOIN {OWING} o ON o.case_id = c.id "
        f"WHERE {scope} {paid if others else ''}"
        # An exited case still matters while months before its exit are unpaid, or 补差 is owed.
        "AND NOT (c.status = %s AND c.end_month IS NOT NULL AND s.paid_through IS NOT NULL "
        "AND s.paid_through >= c.end_month AND COALESCE(o.owed, 0) = 0)",
        [
            _day(month),
            _day(prev),
            _day(prev),
            *params,
            *([_day(month)] if others else []),
            CaseStatus.EXITED.value,
        ],
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {SORTED}")
    cursor.execute(f"SELECT COUNT(*) FROM {SORTED} WHERE plain = 1")
    return int(cursor.fetchone()[0])


def write_plain(cursor: Any, payroll: Payroll) -> int:
    """Every plain case, in one statement; a case changed since it was sorted (another transaction, on
    PostgreSQL) is left to the policy path."""
    cross = "JOIN" if connection.vendor == "postgresql" else "CROSS JOIN"  # SQLite: from the sorted table
    sql = _line_insert(
        computed="c.monthly_amount, c.monthly_amount, 0, 0, c.monthly_amount, 'regular', NULL, %s",
        source=f"FROM {SORTED} t {cross} assistance_case c ON c.id = t.case_id",
        amount="c.monthly_amount",
    ) + ("WHERE t.plain = 1 AND c.version = t.version")
    cursor.execute(sql, [payroll.pk, _day(payroll.month), _day(payroll.month), *_STATUS])
    return cursor.rowcount


def candidate_ids(cursor: Any) -> list[int]:
    """The cases sorted for the policy path."""
    cursor.execute(f"SELECT case_id FROM {SORTED} WHERE plain = 0 ORDER BY case_id")
    return [row[0] for row in cursor.fetchall()]


def raced_ids(cursor: Any, payroll: Payroll) -> list[int]:
    """Cases sorted as plain but changed before the plain statement ran: they take the policy path."""
    cursor.execute(
        f"SELECT t.case_id FROM {SORTED} t WHERE t.plain = 1 AND NOT EXISTS (SELECT 1 "
        "FROM payroll_payrollline l WHERE l.case_id = t.case_id AND l.month = %s) ORDER BY t.case_id",
        [_day(payroll.month)],
    )
    return [row[0] for row in cursor.fetchall()]


def _load_rows(cursor: Any, rows: list[tuple[Any, ...]]) -> None:
    """The policy path's lines into a temporary table (dropped with the transaction on PostgreSQL)."""
    columns = (
        "case_id bigint PRIMARY KEY, monthly_amount text, regular text, arrears text, recovery text, "
        "amount text, reasons text, trace text, paid_through_after text"
    )
    _temp_table(cursor, TEMP, columns)
    cursor.executemany(f"INSERT INTO {TEMP} VALUES ({', '.join(['%s'] * 9)})", rows)


def write_computed(cursor: Any, payroll: Payroll, rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    _load_rows(cursor, rows)
    pg = connection.vendor == "postgresql"
    money = "::numeric" if pg else ""
    trace = "x.trace::jsonb" if pg else "x.trace"
    ptd = "x.paid_through_after::date" if pg else "x.paid_through_after"
    sql = _line_insert(
        computed=(
            f"x.monthly_amount{money}, x.regular{money}, x.arrears{money}, x.recovery{money}, "
            f"x.amount{money}, x.reasons, {trace}, {ptd}"
        ),
        # CROSS JOIN makes SQLite start from the few computed lines instead of scanning every case.
        source=f"FROM {TEMP} x {'JOIN' if pg else 'CROSS JOIN'} assistance_case c ON c.id = x.case_id",
        amount="x.amount::numeric" if pg else "CAST(x.amount AS REAL)",
    )
    cursor.execute(sql, [payroll.pk, _day(payroll.month), *_STATUS])
    return len(rows)


def mark_holds(cursor: Any, payroll: Payroll) -> None:
    """疑似问题 holds: the line stays (it explains what would be paid) but is not sent to the bank."""
    # From the few open holds to their lines, never one probe of the holds per line: a million lines,
    # and on PostgreSQL their statistics are not yet updated within this transaction.
    cursor.execute(
        "UPDATE payroll_payrollline AS l SET status = %s, hold_reason = h.reason "
        "FROM (SELECT case_id, MIN(reason) AS reason FROM payroll_paymenthold WHERE released_on IS NULL "
        "GROUP BY case_id) AS h WHERE l.case_id = h.case_id AND l.month = %s AND l.payroll_id = %s",
        [LineStatus.HELD.value, _day(payroll.month), payroll.pk],
    )


def sum_totals(cursor: Any, payroll: Payroll) -> None:
    cursor.execute(
        f"SELECT COUNT(*), COALESCE(SUM(covered_count), 0), {cents_sum_sql('amount')}, "
        f"{cents_sum_sql('regular')}, {cents_sum_sql('arrears')}, {cents_sum_sql('recovery')}, "
        f"COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0), "
        f"{cents_sum_sql('CASE WHEN status = %s THEN amount ELSE 0 END')} "
        "FROM payroll_payrollline WHERE payroll_id = %s",
        [LineStatus.HELD.value, LineStatus.HELD.value, payroll.pk],
    )
    count, persons, total, regular, arrears, recovery, held, held_total = cursor.fetchone()
    payroll.line_count, payroll.person_count, payroll.held_count = count, persons, held
    payroll.total = yuan_from_cents(total)
    payroll.regular_total = yuan_from_cents(regular)
    payroll.arrears_total = yuan_from_cents(arrears)
    payroll.recovery_total = yuan_from_cents(recovery)
    payroll.held_total = yuan_from_cents(held_total)
