"""生成发放表: one county, one month, one programme or all, in one transaction, set-based.

One scan first sorts the cases into a temporary table. The plain majority — 在保 all month, unchanged
since the month they were last paid, paid through the month before, nothing to recover (exactly
:func:`policy.payroll.is_plain`) — is then written by one ``INSERT … SELECT``. Every other case (new,
changed, stopped, suspended, 渐退, 追回, unpaid months) goes through :func:`policy.payroll.pay_month`,
loaded and written in batches through a temporary table and the same ``INSERT … SELECT``, so both paths
freeze the same columns the same way; when there are many, they are computed on a thread of their own
while the plain lines are written (:mod:`apps.payroll.services.background`). Then the covered members are
copied, holds are marked, and the totals are summed in SQL. docs/benchmarks.md has the figures for a
million cases.

Safe to run: a second run for the same county, month and programme replaces the prepared payroll within
the same transaction (never duplicate lines: (case, month) is unique in the database); an approved one is
refused; a crash rolls the whole transaction back; a concurrent run is refused at once by a lease
(:class:`apps.payroll.models.PrepareLock`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.assistance.models import Case
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.payroll.adjustments import adjustments_due
from apps.payroll.facts import pay_facts_for
from apps.payroll.models import LineStatus, Payroll, PayrollLine, PayrollMember, PrepareLock
from apps.payroll.services.background import in_background
from apps.standards.selectors import standards_for, standards_for_many
from policy.areas import AreaLevel, area_code_range
from policy.cases import CaseStatus
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.facts import TraceStep
from policy.money import yuan
from policy.payroll import PayLine, pay_month, pay_rules
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Stage = Callable[[str, int, int], None]  # (stage label, done, total)
LEASE = timedelta(minutes=30)
BATCH = 20_000
TEMP = "payroll_rows"
SORTED = "payroll_sorted"
OWING = "payroll_owing"
OVERLAP_MIN = 2_000  # cases on the policy path worth a thread of their own


def _noop(stage: str, done: int, total: int) -> None:
    return None


def month_start(value: date) -> date:
    return value.replace(day=1)


def _previous(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


# ---------------------------------------------------------------- the lease


@contextmanager
def prepare_lock(*, key: str, holder: str) -> Iterator[None]:
    """Hold the lease for ``key`` while the block runs; refuse at once if someone else holds it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            PrepareLock.objects.filter(key=key, expires_at__lt=now).delete()  # a crashed run's lease
            PrepareLock.objects.create(key=key, holder=holder, taken_at=now, expires_at=now + LEASE)
    except (IntegrityError, OperationalError):
        lock = PrepareLock.objects.filter(key=key).first()
        who = f"（{lock.holder}于{timezone.localtime(lock.taken_at):%H:%M}开始）" if lock else ""
        raise Conflict(f"该县本月的发放表正在生成{who}，请等待完成后再试") from None
    try:
        yield
    finally:
        PrepareLock.objects.filter(key=key, holder=holder).delete()


# ---------------------------------------------------------------- SQL


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


def _sorted(cursor: Any, payroll: Payroll) -> int:
    """Sort the cases of the payroll once into a temporary table: plain (see the module docstring) or for
    the policy path, leaving out those already paid this month (by another payroll) and exited cases paid
    to their end with nothing owed. Returns how many are plain.

    The lines are then written from this table, never by a statement that also reads the line table it
    writes to: SQLite would first copy a million computed lines aside (about a second)."""
    month, prev = payroll.month, _previous(payroll.month)
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
        "AND s.paid_through = %s AND s.case_version = c.version AND o.case_id IS NULL THEN 1 ELSE 0 END "
        "FROM assistance_case c LEFT JOIN payroll_casepaystate s ON s.case_id = c.id "
        f"LEFT JOIN {OWING} o ON o.case_id = c.id "
        f"WHERE {scope} {paid if others else ''}"
        # An exited case still matters while months before its exit are unpaid, or 补差 is owed.
        "AND NOT (c.status = %s AND c.end_month IS NOT NULL AND s.paid_through IS NOT NULL "
        "AND s.paid_through >= c.end_month AND COALESCE(o.owed, 0) = 0)",
        [_day(month), _day(prev), *params, *([_day(month)] if others else []), CaseStatus.EXITED.value],
    )
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {SORTED}")
    cursor.execute(f"SELECT COUNT(*) FROM {SORTED} WHERE plain = 1")
    return int(cursor.fetchone()[0])


def _plain(cursor: Any, payroll: Payroll) -> int:
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


def _candidate_ids(cursor: Any) -> list[int]:
    """The cases sorted for the policy path."""
    cursor.execute(f"SELECT case_id FROM {SORTED} WHERE plain = 0 ORDER BY case_id")
    return [row[0] for row in cursor.fetchall()]


def _raced_ids(cursor: Any, payroll: Payroll) -> list[int]:
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


def _exceptional(cursor: Any, payroll: Payroll, rows: list[tuple[Any, ...]]) -> int:
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


def _exceptional_rows(payroll: Payroll, ids: list[int]) -> Iterator[tuple[list[tuple[Any, ...]], int, int]]:
    """The policy path, a batch at a time, with how many candidates are done of how many: the rules are
    resolved once per village and urban/rural, those of a batch in one query."""
    rules_by_area: dict[tuple[str, bool], Any] = {}
    for start in range(0, len(ids), BATCH):
        cases = list(Case.objects.filter(pk__in=ids[start : start + BATCH]))
        facts = pay_facts_for(cases)
        owed = adjustments_due([c.pk for c in cases])
        missing = {(c.area_id, c.is_urban) for c in cases} - rules_by_area.keys()
        if missing:
            found = standards_for_many(area_codes={code for code, _ in missing}, on=payroll.month)
            rules_by_area.update({key: pay_rules(found[key]) for key in missing})
        batch = []
        for case in cases:
            key = (case.area_id, case.is_urban)
            line = pay_month(facts=facts[case.pk], month=payroll.month, rules=rules_by_area[key])
            extra = owed.get(case.pk)
            if line is not None or extra is not None:
                batch.append(_row(case, line, extra))
        yield batch, min(start + BATCH, len(ids)), len(ids)


def _step(step: TraceStep) -> dict[str, str]:
    # dataclasses.asdict deep-copies field by field: ten times slower over tens of thousands of lines.
    return {"rule": step.rule, "detail": step.detail, "basis": step.basis, "outcome": step.outcome}


def _row(
    case: Case, line: PayLine | None, extra: tuple[Decimal, list[dict[str, Any]], list[int]] | None
) -> tuple[Any, ...]:
    """One computed line for the temporary table; 补差 owed (``extra``) is paid with it, as arrears."""
    trace = [_step(step) for step in line.trace] if line else []
    reasons = list(line.reasons) if line else []
    arrears = line.arrears_total if line else Decimal("0.00")
    net = line.net if line else Decimal("0.00")
    if extra is not None:
        amount, steps, _ = extra
        trace += steps
        reasons.append("adjustment")
        arrears += amount
        net += amount
    return (
        case.pk,
        str(line.amount if line else case.monthly_amount),
        str(line.regular if line else Decimal("0.00")),
        str(arrears),
        str(line.recovery if line else Decimal("0.00")),
        str(net),
        ",".join(reasons),
        json.dumps(trace, ensure_ascii=False),
        line.paid_through_after.isoformat() if line and line.paid_through_after else None,
    )


STAGES = ("生成常规发放明细", "计算补发、停发与变动", "保存保障成员快照", "标记暂缓发放并汇总")


def _members(cursor: Any, payroll: Payroll) -> None:
    cursor.execute(
        f"INSERT INTO {_table(PayrollMember)} (line_id, person_id, name, id_number) "
        "SELECT l.id, p.id, p.name, p.id_number FROM payroll_payrollline l "
        "JOIN assistance_case_covered cc ON cc.case_id = l.case_id "
        "JOIN registry_person p ON p.id = cc.person_id WHERE l.payroll_id = %s",
        [payroll.pk],
    )


def _holds(cursor: Any, payroll: Payroll) -> None:
    """疑似问题 holds: the line stays (it explains what would be paid) but is not sent to the bank."""
    # From the few open holds to their lines, never one probe of the holds per line: a million lines,
    # and on PostgreSQL their statistics are not yet updated within this transaction.
    cursor.execute(
        "UPDATE payroll_payrollline AS l SET status = %s, hold_reason = h.reason "
        "FROM (SELECT case_id, MIN(reason) AS reason FROM payroll_paymenthold WHERE released_on IS NULL "
        "GROUP BY case_id) AS h WHERE l.case_id = h.case_id AND l.month = %s AND l.payroll_id = %s",
        [LineStatus.HELD.value, _day(payroll.month), payroll.pk],
    )


def cents(column: str) -> str:
    """A money column summed exactly, in fen (SQLite keeps DECIMAL as REAL, so round each row first)."""
    if connection.vendor == "postgresql":
        return f"COALESCE(SUM({column} * 100), 0)::bigint"
    return f"COALESCE(SUM(CAST(ROUND({column} * 100) AS INTEGER)), 0)"


def _totals(cursor: Any, payroll: Payroll) -> None:
    cursor.execute(
        f"SELECT COUNT(*), COALESCE(SUM(covered_count), 0), {cents('amount')}, {cents('regular')}, "
        f"{cents('arrears')}, {cents('recovery')}, "
        f"COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0), "
        f"{cents('CASE WHEN status = %s THEN amount ELSE 0 END')} "
        "FROM payroll_payrollline WHERE payroll_id = %s",
        [LineStatus.HELD.value, LineStatus.HELD.value, payroll.pk],
    )
    count, persons, total, regular, arrears, recovery, held, held_total = cursor.fetchone()
    payroll.line_count, payroll.person_count, payroll.held_count = count, persons, held
    payroll.total = yuan(Decimal(total) / 100)
    payroll.regular_total = yuan(Decimal(regular) / 100)
    payroll.arrears_total = yuan(Decimal(arrears) / 100)
    payroll.recovery_total = yuan(Decimal(recovery) / 100)
    payroll.held_total = yuan(Decimal(held_total) / 100)


def _check_request(*, actor: User, county: str, month: date, program: str) -> Area:
    require(actor, Capability.PREPARE_PAYROLL)
    area = Area.objects.filter(pk=county).first()
    if area is None or not code_in_scope(actor, county):
        raise NotFound()
    if area.level != AreaLevel.COUNTY:
        raise ValidationFailed.on("county", "发放表按县(市、区)生成，请选择县级区划")
    if program and (program not in Program.values or program in ONE_TIME_PROGRAMS):
        raise ValidationFailed.on("program", "该项目不按月发放（临时救助按次发放）")
    others = Payroll.objects.filter(county=area, month=month).exclude(program=program)
    if program:
        others = others.filter(program="")
    clash = others.first()
    if clash is not None:
        raise Conflict(f"{clash}已存在：同一月份不能既按全部项目又按单个项目生成发放表")
    return area


@dataclass(frozen=True)
class Step:
    """Where a running preparation is: a stage of :data:`STAGES`, done of total."""

    stage: str
    done: int
    total: int


def payroll_prepare(
    *, actor: User, county: str, month: date, program: str = "", progress: Stage = _noop
) -> Payroll:
    """生成 (or re-generate, while not yet approved) the payroll of ``county`` for ``month``."""
    result: Payroll | None = None
    # Drain the generator to its end: leaving it early would roll its transaction back.
    for item in payroll_prepare_steps(actor=actor, county=county, month=month, program=program):
        if isinstance(item, Step):
            progress(item.stage, item.done, item.total)
        else:
            result = item
    assert result is not None
    return result


def payroll_prepare_steps(
    *, actor: User, county: str, month: date, program: str = ""
) -> Iterator[Step | Payroll]:
    """:func:`payroll_prepare` as a generator of :class:`Step`, ending with the payroll, for a page that
    streams its progress. The lease and the transaction span the whole iteration: drain it."""
    month = month_start(month)
    area = _check_request(actor=actor, county=county, month=month, program=program)
    # 发放前死亡比对 (issue 5, apps/crosscheck): before the lease and the transaction, match the county's
    # latest death and cremation lists against the people its cases cover and hold (PaymentHold) the
    # payments of anyone matched, so _holds() below marks those lines 暂缓 until a person decides.
    from apps.crosscheck.services.holds import death_holds_refresh

    death_holds_refresh(county=county, actor=actor)
    key = f"{county}:{month:%Y-%m}:{program or 'all'}"
    # Inside someone else's transaction (a test's) another connection cannot see the cases: no overlap.
    overlap = not connection.in_atomic_block
    with prepare_lock(key=key, holder=str(actor)), transaction.atomic():
        yield from _prepare(actor=actor, county=area, month=month, program=program, overlap=overlap)


def _prepare(
    *, actor: User, county: Area, month: date, program: str, overlap: bool = False
) -> Iterator[Step | Payroll]:
    now = timezone.now()
    payroll = Payroll.objects.select_for_update().filter(county=county, month=month, program=program).first()
    if payroll is not None and payroll.locked:
        raise Conflict(f"{payroll}{payroll.get_state_display()}，不能重新生成；之后的变化将在下月发放中调整")
    rules = pay_rules(standards_for(area_code=county.pk, urban=False, on=month))
    if payroll is None:
        payroll = Payroll.objects.create(
            county=county, month=month, program=program, prepared_by=actor, prepared_at=now
        )
        action = AuditAction.CREATE
    else:
        with connection.cursor() as cursor:  # set-based: a million lines cannot go through the collector
            cursor.execute(
                "DELETE FROM payroll_payrollmember WHERE line_id IN "
                "(SELECT id FROM payroll_payrollline WHERE payroll_id = %s)",
                [payroll.pk],
            )
            cursor.execute("DELETE FROM payroll_payrollline WHERE payroll_id = %s", [payroll.pk])
        payroll.version += 1
        payroll.prepared_by, payroll.prepared_at = actor, now
        action = AuditAction.UPDATE
    payroll.rules = dict(rules.basis)
    with connection.cursor() as cursor:
        yield Step(STAGES[0], 0, 1)
        sorted_plain = _sorted(cursor, payroll)
        ids = _candidate_ids(cursor)
        rows = _exceptional_rows(payroll, ids)
        # The policy path computes on a thread of its own while the plain lines are written.
        background = overlap and len(ids) >= OVERLAP_MIN
        with in_background(rows) if background else nullcontext(rows) as batches:
            plain = _plain(cursor, payroll)
            yield Step(STAGES[0], 1, 1)
            special = 0
            yield Step(STAGES[1], 0, 1)
            for batch, done, total in batches:
                special += _exceptional(cursor, payroll, batch)
                yield Step(STAGES[1], done, total)
        if plain != sorted_plain:
            for batch, _, _ in _exceptional_rows(payroll, _raced_ids(cursor, payroll)):
                special += _exceptional(cursor, payroll, batch)
        if connection.vendor == "postgresql":
            # The planner would take the new lines for none and probe them one by one in what follows.
            cursor.execute("ANALYZE payroll_payrollline")
        else:  # PostgreSQL drops them at the commit
            cursor.execute(f"DROP TABLE temp.{SORTED}")
            cursor.execute(f"DROP TABLE temp.{OWING}")
        yield Step(STAGES[2], 0, 1)
        _members(cursor, payroll)
        yield Step(STAGES[2], 1, 1)
        yield Step(STAGES[3], 0, 1)
        _holds(cursor, payroll)
        _totals(cursor, payroll)
        yield Step(STAGES[3], 1, 1)
    payroll.save()
    audit_record(
        actor=actor,
        action=action,
        entity=payroll,
        area_code=county.pk,
        summary=(
            f"生成{county.name}{payroll}：{payroll.line_count}笔，应发{payroll.total}元"
            f"（常规{plain}笔，变动{special}笔，暂缓{payroll.held_count}笔）"
        ),
    )
    yield payroll
