"""Payroll reads: the payrolls of the actor's county, the preview against the previous month, the lines,
one line's explanation, and the fund accounts (资金台账). Scoped on the payroll's county through
apps/core/scoping.py; money sums are exact (fen) in SQL. The bank side (files, 对账, 重发) is :mod:`.bank`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from apps.areas.models import Area
from apps.core.db import cents_sum_sql
from apps.core.scoping import area_q, code_in_scope, get_scoped, require
from apps.payroll.models import LineStatus, Payroll, PayrollLine, PayrollState
from policy.errors import NotFound
from policy.money import yuan_from_cents
from policy.months import month_add
from policy.payroll import REASON_LABELS
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

PREVIEW_ROWS = 100


def payroll_list_for(*, actor: User) -> QuerySet[Payroll]:
    require(actor, Capability.VIEW_PAYROLL)
    return Payroll.objects.filter(area_q(actor, "county")).select_related(
        "county", "prepared_by", "approved_by"
    )


def payroll_get_for(*, actor: User, payroll_id: int | str) -> Payroll:
    require(actor, Capability.VIEW_PAYROLL)
    return get_scoped(
        Payroll.objects.select_related("county", "prepared_by", "approved_by"),
        actor=actor,
        field="county",
        pk=payroll_id,
    )


def reason_text(codes: str) -> str:
    return "、".join(REASON_LABELS.get(code, code) for code in codes.split(",") if code)


# ---------------------------------------------------------------- preview


@dataclass
class DiffGroup:
    key: str
    label: str
    count: int = 0
    amount: Decimal = Decimal("0")
    rows: list[Any] = field(default_factory=list)


@dataclass
class Preview:
    previous: Payroll | None
    groups: list[DiffGroup]
    previous_total: Decimal | None
    previous_count: int | None


def _previous_payroll(payroll: Payroll) -> Payroll | None:
    month = payroll.month
    same = Payroll.objects.filter(county=payroll.county_id, month=month_add(month, -1))
    return same.filter(program=payroll.program).first() or same.filter(program="").first()


def _sum(qs: QuerySet[PayrollLine], column: str = "amount") -> Decimal:
    sql, params = qs.values("id").query.sql_with_params()
    table = PayrollLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cents_sum_sql(column)} FROM {table} WHERE id IN ({sql})", params)
        return yuan_from_cents(cursor.fetchone()[0])


def payroll_preview(*, actor: User, payroll: Payroll) -> Preview:
    """Against the previous month: new cases, cases no longer paid, changed amounts (with the reasons),
    and the holds (疑似问题) — each a count, a sum and the first rows."""
    require(actor, Capability.VIEW_PAYROLL)
    lines = PayrollLine.objects.filter(payroll=payroll)
    previous = _previous_payroll(payroll)
    groups: list[DiffGroup] = []
    if previous is not None:
        before = PayrollLine.objects.filter(payroll=previous, case_id=OuterRef("case_id"))
        new = lines.exclude(Exists(before))
        changed = (
            lines.filter(Exists(before), amount__gt=0)
            .annotate(previous_amount=Subquery(before.values("amount")[:1]))
            .exclude(amount=Subquery(before.values("amount")[:1]))
        )
        now = PayrollLine.objects.filter(payroll=payroll, case_id=OuterRef("case_id"))
        gone = PayrollLine.objects.filter(payroll=previous).exclude(Exists(now.filter(amount__gt=0)))
        stopped_here = lines.filter(amount=0)
        for key, label, qs in [
            ("new", "新增发放", new),
            ("changed", "金额变化", changed),
            ("gone", "本月不再发放", gone),
            ("zero", "本月金额为零（暂停、停发等）", stopped_here),
        ]:
            groups.append(_group(key, label, qs))
    groups.append(_group("held", "暂缓发放（疑似问题）", lines.filter(status=LineStatus.HELD)))
    # A failed payment stays on its own month's payroll (a case-month is paid once) and is re-issued from
    # there once the account is corrected; the next month's preview lists it so it is not forgotten.
    unpaid = PayrollLine.objects.filter(
        payroll__county=payroll.county_id, month__lt=payroll.month, status=LineStatus.FAILED
    )
    if payroll.program:
        unpaid = unpaid.filter(program=payroll.program)
    failed = _group("failed", "往月发放失败、尚待重发", unpaid)
    if failed.count:
        groups.append(failed)
    return Preview(
        previous=previous,
        groups=groups,
        previous_total=previous.total if previous else None,
        previous_count=previous.line_count if previous else None,
    )


def _group(key: str, label: str, qs: QuerySet[PayrollLine]) -> DiffGroup:
    rows = list(qs.order_by("township_id", "village_id", "id")[:PREVIEW_ROWS])
    for row in rows:
        row.reason_text = reason_text(row.reasons)
    count = qs.count() if len(rows) == PREVIEW_ROWS else len(rows)
    return DiffGroup(
        key=key, label=label, count=count, amount=_sum(qs) if count else Decimal("0.00"), rows=rows
    )


# ---------------------------------------------------------------- lines


@dataclass(frozen=True)
class LineFilter:
    township: str = ""
    status: str = ""
    reason: str = ""
    q: str = ""


def line_list_for(
    *, actor: User, payroll: Payroll, filters: LineFilter | None = None
) -> QuerySet[PayrollLine]:
    require(actor, Capability.VIEW_PAYROLL)
    f = filters or LineFilter()
    qs = PayrollLine.objects.filter(payroll=payroll)
    if f.township:
        qs = qs.filter(township_id=f.township)
    if f.status in LineStatus.values:
        qs = qs.filter(status=f.status)
    if f.reason:
        qs = qs.filter(reasons__contains=f.reason)
    if f.q:
        qs = qs.filter(payee_name__startswith=f.q.strip())
    return qs.order_by("township_id", "village_id", "id")


def line_get_for(*, actor: User, line_id: int | str) -> PayrollLine:
    require(actor, Capability.VIEW_PAYROLL)
    line = get_scoped(
        PayrollLine.objects.select_related("payroll", "payroll__county"),
        actor=actor,
        field="payroll__county",
        pk=line_id,
    )
    line.reason_text = reason_text(line.reasons)
    return line


def township_totals_for(*, actor: User, payroll: Payroll) -> list[dict[str, Any]]:
    """By township: lines, persons, and the money (exact), with the township's name."""
    require(actor, Capability.VIEW_PAYROLL)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT township_id, COUNT(*), SUM(covered_count), {cents_sum_sql('amount')}, "
            f"{cents_sum_sql('arrears')}, {cents_sum_sql('recovery')}, "
            "SUM(CASE WHEN status = %s THEN 1 ELSE 0 END) "
            "FROM payroll_payrollline WHERE payroll_id = %s GROUP BY township_id ORDER BY township_id",
            [LineStatus.HELD.value, payroll.pk],
        )
        rows = cursor.fetchall()
    names = dict(Area.objects.filter(pk__in=[r[0] for r in rows]).values_list("code", "name"))
    return [
        {
            "code": code,
            "name": names.get(code, code),
            "lines": count,
            "persons": persons or 0,
            "amount": yuan_from_cents(amount),
            "arrears": yuan_from_cents(arrears),
            "recovery": yuan_from_cents(recovery),
            "held": held,
        }
        for code, count, persons, amount, arrears, recovery, held in rows
    ]


# ---------------------------------------------------------------- fund accounts


@dataclass
class FundRow:
    program: str
    program_label: str
    township: str
    township_name: str
    is_urban: bool
    months: dict[int, Decimal]
    year_total: Decimal
    due_total: Decimal


@dataclass
class FundAccounts:
    county: Area
    year: int
    through_month: int
    rows: list[FundRow]
    month_totals: dict[int, Decimal]
    paid_total: Decimal
    due_total: Decimal
    paid_lines: int


def fund_accounts_for(*, actor: User, county: Area, year: int, through_month: int = 12) -> FundAccounts:
    """资金台账: money by programme × township × urban/rural × month, and the year to date, from the lines.

    实发 (paid) counts the lines the bank confirmed; 应发 every line of an approved payroll not held."""
    require(actor, Capability.VIEW_PAYROLL)
    if not code_in_scope(actor, county.pk):
        raise NotFound()
    from apps.assistance.choices import Program

    labels = dict(Program.choices)
    approved = [PayrollState.APPROVED, PayrollState.EXPORTED, PayrollState.RECONCILED]
    month_expr = "CAST(strftime('%%m', l.month) AS INTEGER)"
    if connection.vendor == "postgresql":
        month_expr = "CAST(EXTRACT(MONTH FROM l.month) AS INTEGER)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.program, l.township_id, l.is_urban, {month_expr}, "
            f"{cents_sum_sql('CASE WHEN l.status = %s THEN l.amount ELSE 0 END')}, "
            f"{cents_sum_sql('CASE WHEN l.status <> %s THEN l.amount ELSE 0 END')}, "
            "SUM(CASE WHEN l.status = %s THEN 1 ELSE 0 END) "
            "FROM payroll_payrollline l JOIN payroll_payroll p ON p.id = l.payroll_id "
            f"WHERE p.county_id = %s AND p.state IN ({', '.join(['%s'] * len(approved))}) "
            "AND l.month >= %s AND l.month <= %s "
            f"GROUP BY l.program, l.township_id, l.is_urban, {month_expr}",
            [
                LineStatus.PAID.value,
                LineStatus.HELD.value,
                LineStatus.PAID.value,
                county.pk,
                *approved,
                connection.ops.adapt_datefield_value(date(year, 1, 1)),
                connection.ops.adapt_datefield_value(date(year, through_month, 1)),
            ],
        )
        raw = cursor.fetchall()
    names = dict(Area.objects.filter(pk__in={r[1] for r in raw}).values_list("code", "name"))
    table: dict[tuple[str, str, bool], FundRow] = {}
    month_totals: dict[int, Decimal] = {m: Decimal("0.00") for m in range(1, through_month + 1)}
    paid_lines = 0
    for program, township, urban, month, paid, due, count in raw:
        key = (program, township, bool(urban))
        row = table.setdefault(
            key,
            FundRow(
                program,
                labels.get(program, program),
                township,
                names.get(township, township),
                bool(urban),
                {m: Decimal("0.00") for m in range(1, through_month + 1)},
                Decimal("0.00"),
                Decimal("0.00"),
            ),
        )
        amount = yuan_from_cents(paid)
        row.months[int(month)] += amount
        row.year_total += amount
        row.due_total += yuan_from_cents(due)
        month_totals[int(month)] += amount
        paid_lines += count
    rows = sorted(table.values(), key=lambda r: (r.program, r.township, not r.is_urban))
    return FundAccounts(
        county=county,
        year=year,
        through_month=through_month,
        rows=rows,
        month_totals=month_totals,
        paid_total=sum((r.year_total for r in rows), Decimal("0.00")),
        due_total=sum((r.due_total for r in rows), Decimal("0.00")),
        paid_lines=paid_lines,
    )
