"""Writing a generated caseload: every case with its covered members, its 纳入 event (and this month's
change), its pay state, and a few 追回 and holds, by a few statements over a temporary table
(``executemany`` on SQLite, ``COPY`` on PostgreSQL) in one transaction with one audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from apps.assistance.models import Case
from apps.core.models import AuditAction
from apps.core.numbers import numbers_take
from apps.core.services import audit_record
from apps.payroll.models import PaymentHold, Recovery
from apps.standards.selectors import standards_for_many
from policy.cases import CASE_REASONS, review_due_on
from policy.numbers import case_code
from policy.parameters import Standards
from policy.payroll import month_add

if TYPE_CHECKING:
    from apps.accounts.models import User

TEMP = "caseload_rows"
VARIETY = ("new", "late", "adjust", "suspend", "stop")
CHANGES = {  # variety kind → (change, status after, reason code, 情况说明)
    "adjust": ("adjust", "active", "income_change", "家庭收入变化，按核对结果调整月保障金额"),
    "suspend": ("suspend", "suspended", "whereabouts", "长期外出，待核实家庭情况"),
    "stop": ("stop", "stopped", "income_over", "家庭成员务工收入增加，人均收入超过保障标准"),
}


@dataclass(slots=True)
class NewCase:
    """One case to write (amounts in cents)."""

    household_id: int
    program: str
    area: str
    urban: bool
    amount: int
    person_id: int | None = None  # the one covered person; None covers the household's members
    start: date | None = None
    decided: date | None = None
    kind: str = ""  # "" (plain) or one of VARIETY
    changed_amount: int = 0  # the amount after a 调整


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _at(day: date, hour: int) -> str:
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return str(connection.ops.adapt_datetimefield_value(moment))


COLUMNS = (
    "household_id bigint, program text, area_id text, is_urban boolean, person_id bigint, status text, "
    "version integer, amount numeric, enrol_amount numeric, start_month date, decided_on date, "
    "enrol_at timestamptz, last_review_on date, next_review_on date, change text, change_on date, "
    "change_at timestamptz, reason_code text, reason_label text, reason text, paid_through date, "
    "number text, PRIMARY KEY (household_id, program)"
)


def _numbers(cases: list[NewCase], *, county: str) -> dict[tuple[int, str], str]:
    """A 保障编号 for each case, in the order the cases are inserted (household, programme): one sequence
    step per programme and year, not per row."""
    groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for c in sorted(cases, key=lambda c: (c.household_id, c.program)):
        assert c.decided is not None
        groups.setdefault((c.program, c.decided.year), []).append((c.household_id, c.program))
    numbers: dict[tuple[int, str], str] = {}
    for (program, year), keys in groups.items():
        taken = numbers_take(kind_code=case_code(program), county_code=county, year=year, count=len(keys))
        numbers.update(zip(keys, taken, strict=True))
    return numbers


def _rows(
    cases: list[NewCase], *, month: date, review: Standards, numbers: dict[tuple[int, str], str]
) -> Any:
    """One tuple per case for the temporary table, in its column order, all as text."""
    stable, irregular = review.integer("review.months_stable"), review.integer("review.months_irregular")
    change_on = month_add(month, -1).replace(day=18)
    change_at = _at(change_on, 10)
    paid = month_add(month, -1).isoformat()
    for c in cases:
        assert c.start is not None and c.decided is not None
        # The last 定期核查 within the past year, so reviews fall due through the coming year.
        last = c.decided
        if last < month_add(month, -11):
            last = month_add(month, -1 - c.household_id % 11).replace(day=c.decided.day)
        due = review_due_on(last=last, irregular=False, months_stable=stable, months_irregular=irregular)
        change, status, code, reason = CHANGES.get(c.kind, ("", "active", "", ""))
        after = c.changed_amount if change == "adjust" else c.amount
        yield (
            c.household_id,
            c.program,
            c.area,
            c.urban,
            c.person_id,
            status,
            2 if change else 1,
            _money(after),
            _money(c.amount),
            c.start.isoformat(),
            c.decided.isoformat(),
            _at(c.decided, 9),
            last.isoformat(),
            due.isoformat(),
            change,
            change_on.isoformat() if change else None,
            change_at if change else None,
            code,
            CASE_REASONS[change][code] if change else "",
            reason,
            None if c.kind in ("new", "late") else paid,
            numbers[(c.household_id, c.program)],
        )


def _load(cursor: Any, rows: Any) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMP TABLE {TEMP} ({COLUMNS}) ON COMMIT DROP")
        with cursor.cursor.copy(f"COPY {TEMP} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {TEMP}")
        return
    cursor.execute(f"DROP TABLE IF EXISTS temp.{TEMP}")
    cursor.execute(f"CREATE TEMP TABLE {TEMP} ({COLUMNS})")
    # Straight to the sqlite3 connection: Django's executemany peeks at every row through itertools.tee.
    connection.connection.executemany(f"INSERT INTO {TEMP} VALUES ({', '.join('?' * 22)})", rows)


def _new_cases(sql: str, join: str = "") -> str:
    """Join each case written here to its row: (household, programme) is unique among open cases."""
    return (
        f"{sql} FROM assistance_case c JOIN {TEMP} t "
        f"ON t.household_id = c.household_id AND t.program = c.program {join}WHERE c.id > %s"
    )


def cases_write(
    cases: list[NewCase],
    *,
    actor: User,
    county: str,
    month: date,
    plain_dibao: list[NewCase],
) -> None:
    """Write ``cases`` ready for ``month``'s payroll, and 追回 and holds on a few of ``plain_dibao``."""
    pg = connection.vendor == "postgresql"
    review = standards_for_many(area_codes=[county], on=month)[(county, False)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM assistance_case")
        top = cursor.fetchone()[0]
        _load(cursor, _rows(cases, month=month, review=review, numbers=_numbers(cases, county=county)))
        cursor.execute(
            "INSERT INTO assistance_case (number, program, household_id, area_id, is_urban, status, version, "
            "monthly_amount, start_month, phase_out, review_irregular, last_review_on, next_review_on, "
            "created_at, updated_at) SELECT number, program, household_id, area_id, is_urban, status, "
            f"version, amount, start_month, {'CAST(%s AS jsonb)' if pg else '%s'}, FALSE, last_review_on, "
            f"next_review_on, %s, %s FROM {TEMP} ORDER BY household_id, program",
            ["[]", now, now],
        )
        cursor.execute(
            "INSERT INTO assistance_case_covered (case_id, person_id) "
            + _new_cases(
                "SELECT c.id, m.person_id",
                join="JOIN registry_membership m ON m.household_id = c.household_id AND m.end_date IS NULL "
                "JOIN registry_person p ON p.id = m.person_id ",
            )
            + " AND (t.person_id IS NULL OR m.person_id = t.person_id) "
            "AND (p.death_date IS NULL OR p.death_date > %s) ORDER BY c.id, m.person_id",
            [top, connection.ops.adapt_datefield_value(month)],
        )
        covered = cursor.rowcount
        events = (
            "INSERT INTO assistance_caseevent (case_id, change, from_status, to_status, reason_code, "
            f"reason_label, reason, amount_before, amount_after, effective_month, actor_id, actor_name, "
            f"{q('on')}, at, data) "
        )
        data = "CAST('{}' AS jsonb)" if pg else "'{}'"
        cursor.execute(
            events
            + _new_cases(
                "SELECT c.id, 'enrol', '', 'active', '', %s, %s, NULL, t.enrol_amount, t.start_month, "
                f"%s, %s, t.decided_on, t.enrol_at, {data}"
            )
            + " ORDER BY c.id",
            ["审核确认同意", "原系统在保对象迁入：按原系统审批记录纳入", actor.pk, str(actor), top],
        )
        cursor.execute(
            events
            + _new_cases(
                "SELECT c.id, t.change, 'active', t.status, t.reason_code, t.reason_label, t.reason, "
                f"t.enrol_amount, t.amount, %s, %s, %s, t.change_on, t.change_at, {data}"
            )
            + " AND t.change <> '' ORDER BY c.id",
            [connection.ops.adapt_datefield_value(month), actor.pk, str(actor), top],
        )
        cursor.execute(
            "INSERT INTO payroll_casepaystate (case_id, paid_through, case_version, monthly_amount) "
            + _new_cases("SELECT c.id, t.paid_through, 1, t.enrol_amount")
            + " AND t.paid_through IS NOT NULL ORDER BY c.id",
            [top],
        )
        cursor.execute(f"DROP TABLE {TEMP}" if pg else f"DROP TABLE temp.{TEMP}")
        _recoveries_and_holds(plain_dibao, actor=actor, month=month, top=top)
        kinds = {k: sum(1 for c in cases if c.kind == k) for k in VARIETY}
        programs = {p: sum(1 for c in cases if c.program == p) for p in sorted({c.program for c in cases})}
        audit_record(
            actor=actor,
            action=AuditAction.LOAD,
            entity_type="assistance.case",
            area_code=county,
            summary=(
                f"生成在保对象：{len(cases)}件，保障{covered}人，已发放至{month_add(month, -1):%Y年%m月}"
                f"（{'、'.join(f'{p} {n}件' for p, n in programs.items())}）"
            ),
            after={"cases": len(cases), "covered": covered, "programs": programs, "variety": kinds},
        )


def _recoveries_and_holds(plain: list[NewCase], *, actor: User, month: date, top: int) -> None:
    """A few 追回 and one 暂缓发放 hold on otherwise plain 低保 cases (only with ``variety``)."""
    if not plain:
        return
    recoveries = max(2, len(plain) // 1000)
    holds = max(1, len(plain) // 2000)
    chosen = plain[: recoveries + holds]
    ids = dict(
        Case.objects.filter(
            pk__gt=top, program="dibao", household_id__in=[c.household_id for c in chosen]
        ).values_list("household_id", "pk")
    )
    previous = month_add(month, -1)
    Recovery.objects.bulk_create(
        Recovery(
            case_id=ids[c.household_id],
            amount=Decimal(c.amount * 2) / 100,
            reason="隐瞒家庭成员务工收入，多领两个月低保金",
            event_on=month_add(month, -4).replace(day=10),
            created_by=actor,
        )
        for c in chosen[:recoveries]
    )
    PaymentHold.objects.bulk_create(
        PaymentHold(
            case_id=ids[c.household_id],
            reason="疑似死亡未注销（与殡葬火化信息比对）",
            source="数据比对",
            opened_on=previous.replace(day=25),
            created_by=actor,
        )
        for c in chosen[recoveries:]
    )


__all__ = ["CHANGES", "VARIETY", "NewCase", "cases_write"]
