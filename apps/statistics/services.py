"""Refreshing the monthly fact table (统计刷新), set-based: per county, a few ``INSERT … SELECT … GROUP BY``.

For one county and a run of months, inside one transaction:

1. two temporary tables are built from the cases' history — ``stat_spans``: each status-changing event of
   each case (纳入, 暂停, 停发, 恢复, 退出) with the months it governs, ``[since, until)``, up to the next
   such event; ``stat_persons``: how many 保障成员 the case had over which months (from the 调整 events
   that changed them, otherwise the case's covered members now);
2. the county's rows for those months are deleted, and each month is inserted by one statement that
   groups, per village × programme × 城乡, the cases in care at the month's end, the month's 纳入 and
   退出, the paid payroll lines of the month (the 资金台账's 实发) and the 临时救助 grants decided in it;
3. a :class:`~apps.statistics.models.StatRefresh` row per month records when, by whom, and the source
   watermark, and one audit row records the refresh.

Definitions: :mod:`policy.statistics.measures`. Nothing goes through a per-row ORM loop; a county of a
million cases takes seconds per month (docs/benchmarks.md). Readers see the old figures or the new, never a
mix, as the whole refresh is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from apps.areas.models import Area
from apps.areas.selectors import counties_for
from apps.assistance.choices import ONE_TIME_PROGRAMS
from apps.assistance.models import ApplicationEvent, CaseEvent
from apps.core.db import cents_sum_sql
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.payroll.models import LineStatus, Payroll, PayrollState, ReturnFile
from apps.statistics.models import StatFact, StatRefresh
from policy.areas import AreaLevel, area_code_level, area_code_range
from policy.errors import NotFound, ValidationFailed
from policy.months import month_add
from policy.roles import Capability
from policy.statistics import IN_CARE, STATUS_CHANGES
from policy.workflow import AppState

if TYPE_CHECKING:
    from apps.accounts.models import User

Progress = Callable[[str, int, int], None]  # (stage label, done, total)
SPANS, PERSONS = "stat_spans", "stat_persons"
BEGINNING, FOREVER = "0001-01-01", "9999-12-01"
MAX_MONTHS = 60
PAID_STATES = (PayrollState.APPROVED, PayrollState.EXPORTED, PayrollState.RECONCILED)


def _noop(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class RefreshResult:
    county: str
    months: tuple[date, ...]
    rows: int  # fact rows written


# ---------------------------------------------------------------- what may be refreshed


def counties_for_refresh(*, actor: User) -> list[str]:
    """The counties whose statistics the actor may refresh: their own county (a township's or village's
    refresh covers its county, as the figures are built per county), or every county inside their area."""
    chosen = counties_for(actor=actor, capability=Capability.PRODUCE_REPORTS, own_county=True)
    return [county.code for county in chosen]


def source_watermark(*, county: str) -> dict[str, Any]:
    """What the sources looked like: the newest case and application events, and the county's payrolls
    (their count, versions and latest bank return). A change to any of them moves the watermark."""
    payrolls = Payroll.objects.filter(county_id=county).aggregate(n=Max("id"), v=Sum("version"))
    return {
        "case_event": CaseEvent.objects.aggregate(m=Max("id"))["m"] or 0,
        "application_event": ApplicationEvent.objects.aggregate(m=Max("id"))["m"] or 0,
        "payroll": payrolls["n"] or 0,
        "payroll_versions": payrolls["v"] or 0,
        "return_file": ReturnFile.objects.filter(payroll__county_id=county).aggregate(m=Max("id"))["m"] or 0,
        "states": sorted(Payroll.objects.filter(county_id=county).values_list("state", flat=True).distinct()),
    }


# ---------------------------------------------------------------- SQL


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _d() -> str:
    """A date placeholder (SQLite keeps dates as ISO text; PostgreSQL needs the type)."""
    return "CAST(%s AS date)" if _pg() else "%s"


def _day(value: date | str) -> Any:
    return connection.ops.adapt_datefield_value(
        date.fromisoformat(value) if isinstance(value, str) else value
    )


def _json_len(key: str) -> tuple[str, str]:
    """(is an array, its length) for ``data[key]`` of a case event, in the database's dialect."""
    if _pg():
        return f"jsonb_typeof(e.data->'{key}') = 'array'", f"jsonb_array_length(e.data->'{key}')"
    return f"json_type(e.data, '$.{key}') = 'array'", f"json_array_length(e.data, '$.{key}')"


def _temp(cursor: Any, name: str, select: str, params: list[Any]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}" if _pg() else f"DROP TABLE IF EXISTS temp.{name}")
    cursor.execute(f"CREATE TEMP TABLE {name} AS {select}", params)


def _drop(cursor: Any, name: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}" if _pg() else f"DROP TABLE IF EXISTS temp.{name}")


def _spans(cursor: Any, low: str, high: str) -> None:
    """``stat_spans``: every status-changing event of the county's cases, with the months it governs."""
    changes = ", ".join(["%s"] * len(STATUS_CHANGES))
    _temp(
        cursor,
        SPANS,
        "SELECT e.case_id AS case_id, c.program AS program, c.area_id AS village, c.is_urban AS is_urban, "
        "e.change AS change, e.to_status AS status, e.effective_month AS since, "
        "COALESCE(LEAD(e.effective_month) OVER (PARTITION BY e.case_id ORDER BY e.effective_month, e.id), "
        f"{_d()}) AS until "
        "FROM assistance_caseevent e JOIN assistance_case c ON c.id = e.case_id "
        f"WHERE c.area_id >= %s AND c.area_id <= %s AND e.change IN ({changes}) "
        "AND e.effective_month IS NOT NULL",
        [_day(FOREVER), low, high, *STATUS_CHANGES],
    )


def _persons(cursor: Any, low: str, high: str) -> None:
    """``stat_persons``: a case's number of 保障成员 over months. A 调整 that changed them records who was
    covered before and after; before the first such change the case had the first change's "before",
    and a case never so changed has its covered members as they are now."""
    has_after, len_after = _json_len("covered_after")
    _, len_before = _json_len("covered_before")
    where = (
        "FROM assistance_caseevent e JOIN assistance_case c ON c.id = e.case_id "
        f"WHERE c.area_id >= %s AND c.area_id <= %s AND e.change = 'adjust' AND {has_after} "
        "AND e.effective_month IS NOT NULL"
    )
    _temp(
        cursor,
        PERSONS,
        "SELECT case_id, since, COALESCE(LEAD(since) OVER (PARTITION BY case_id ORDER BY since, k), "
        f"{_d()}) AS until, n FROM ("
        f"SELECT e.case_id AS case_id, e.effective_month AS since, e.id AS k, {len_after} AS n {where} "
        f"UNION ALL SELECT f.case_id, {_d()}, 0, f.n FROM (SELECT e.case_id AS case_id, {len_before} AS n, "
        f"ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY e.effective_month, e.id) AS rn {where}) f "
        "WHERE f.rn = 1) x",
        [_day(FOREVER), low, high, _day(BEGINNING), low, high],
    )
    cursor.execute(f"CREATE INDEX {PERSONS}_case ON {PERSONS} (case_id, since)")
    cursor.execute(
        f"INSERT INTO {PERSONS} (case_id, since, until, n) "
        f"SELECT cc.case_id, {_d()}, {_d()}, COUNT(*) FROM assistance_case_covered cc "
        "JOIN assistance_case c ON c.id = cc.case_id WHERE c.area_id >= %s AND c.area_id <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {PERSONS} p WHERE p.case_id = cc.case_id) GROUP BY cc.case_id",
        [_day(BEGINNING), _day(FOREVER), low, high],
    )


FACT_COLUMNS = (
    "month, county, township, village, program, is_urban, households, persons, new_households, new_persons, "
    "exit_households, exit_persons, paid_lines, paid_cents, grants, grant_cents"
)


def _zeros(n: int) -> str:
    return ", ".join(["0"] * n)


def _month_sql(county: str, low: str, high: str, month: date) -> tuple[str, list[Any]]:
    """One month's fact rows for the county, in one ``INSERT … SELECT … GROUP BY``."""
    m, before, after = _day(month), _day(month_add(month, -1)), _day(month_add(month, 1))
    d = _d()
    persons_at = f"LEFT JOIN {PERSONS} p ON p.case_id = s.case_id AND p.since <= {d} AND p.until > {d}"
    one_time = ", ".join(["%s"] * len(ONE_TIME_PROGRAMS))
    states = ", ".join(["%s"] * len(PAID_STATES))
    town = "SUBSTR(village, 1, 9) || '000'"
    money = cents_sum_sql("l.amount")
    sql = (
        f"INSERT INTO statistics_statfact ({FACT_COLUMNS}) "
        f"SELECT {d}, %s, {town}, village, program, is_urban, SUM(h), SUM(pp), SUM(nh), SUM(np), SUM(xh), "
        "SUM(xp), SUM(pl), SUM(pc), SUM(g), SUM(gc) FROM ("
        # in care at the month's end
        f"SELECT s.village AS village, s.program AS program, s.is_urban AS is_urban, 1 AS h, "
        "COALESCE(p.n, 0) AS pp, 0 AS nh, 0 AS np, 0 AS xh, 0 AS xp, 0 AS pl, 0 AS pc, 0 AS g, 0 AS gc "
        f"FROM {SPANS} s {persons_at} "
        f"WHERE s.status = %s AND s.since <= {d} AND s.until > {d} "
        # 纳入 this month
        f"UNION ALL SELECT s.village, s.program, s.is_urban, 0, 0, 1, COALESCE(p.n, 0), {_zeros(6)} "
        f"FROM {SPANS} s {persons_at} WHERE s.change = 'enrol' AND s.since = {d} "
        # 退出 this month, with the persons of the month before
        f"UNION ALL SELECT s.village, s.program, s.is_urban, {_zeros(4)}, 1, COALESCE(p.n, 0), {_zeros(4)} "
        f"FROM {SPANS} s {persons_at} WHERE s.change = 'exit' AND s.since = {d} "
        # 实发: the bank-confirmed lines of the county's approved payrolls for this month
        f"UNION ALL SELECT l.village_id, l.program, l.is_urban, {_zeros(6)}, COUNT(*), {money}, 0, 0 "
        "FROM payroll_payrollline l JOIN payroll_payroll y ON y.id = l.payroll_id "
        f"WHERE y.county_id = %s AND y.state IN ({states}) AND l.status = %s AND l.month = {d} "
        "GROUP BY l.village_id, l.program, l.is_urban "
        # 临时救助 granted this month
        f"UNION ALL SELECT a.area_id, a.program, a.is_urban, {_zeros(8)}, COUNT(*), "
        f"{cents_sum_sql('a.decision_amount')} FROM assistance_application a "
        f"WHERE a.area_id >= %s AND a.area_id <= %s AND a.program IN ({one_time}) AND a.state = %s "
        f"AND a.decided_on >= {d} AND a.decided_on < {d} GROUP BY a.area_id, a.program, a.is_urban"
        ") x GROUP BY village, program, is_urban"
    )
    params = [
        m,
        county,
        m,
        m,
        IN_CARE,
        m,
        m,
        m,
        m,
        m,
        before,
        before,
        m,
        county,
        *PAID_STATES,
        LineStatus.PAID.value,
        m,
        low,
        high,
        *sorted(ONE_TIME_PROGRAMS),
        AppState.APPROVED.value,
        m,
        after,
    ]
    return sql, params


# ---------------------------------------------------------------- the refresh


def _check(actor: User | None, county: str, months: Sequence[date]) -> list[date]:
    if actor is not None and county not in counties_for_refresh(actor=actor):
        raise NotFound()
    try:
        level = area_code_level(county)
    except ValueError:
        raise ValidationFailed.on("county", f"县（区）代码“{county}”应为12位数字") from None
    if level != AreaLevel.COUNTY:
        raise ValidationFailed.on("county", f"“{county}”不是县（区）级区划代码")
    chosen = sorted({m.replace(day=1) for m in months})
    if not chosen:
        raise ValidationFailed.on("months", "请至少选择一个统计月份")
    if len(chosen) > MAX_MONTHS:
        raise ValidationFailed.on("months", f"一次最多刷新{MAX_MONTHS}个月")
    return chosen


def stats_refresh_steps(
    *, actor: User | None, county: str, months: Sequence[date]
) -> Iterator[tuple[str, int, int]]:
    """The refresh of ``county`` for ``months`` as a generator of progress steps (stage, done, total), for
    a progress bar; the work is committed when the generator is exhausted. ``actor`` None is the system
    (the command line, the demo)."""
    chosen = _check(actor, county, months)
    low, high = area_code_range(county)
    total = len(chosen) + 2
    with transaction.atomic(), connection.cursor() as cursor:
        yield "读取在保对象变更记录", 0, total
        _spans(cursor, low, high)
        _persons(cursor, low, high)
        yield "读取在保对象变更记录", 2, total
        StatFact.objects.filter(county=county, month__in=chosen).delete()
        rows = 0
        for n, month in enumerate(chosen, start=1):
            sql, params = _month_sql(county, low, high, month)
            cursor.execute(sql, params)
            rows += max(cursor.rowcount, 0)
            yield f"统计{month:%Y年%m月}", n + 2, total
        _drop(cursor, PERSONS)
        _drop(cursor, SPANS)
        now, mark = timezone.now(), source_watermark(county=county)
        StatRefresh.objects.filter(county=county, month__in=chosen).delete()
        StatRefresh.objects.bulk_create(
            [
                StatRefresh(county=county, month=m, refreshed_at=now, refreshed_by=actor, watermark=mark)
                for m in chosen
            ]
        )
        name = Area.objects.filter(pk=county).values_list("name", flat=True).first() or county
        span = f"{chosen[0]:%Y年%m月}" + (f"至{chosen[-1]:%Y年%m月}" if len(chosen) > 1 else "")
        audit_record(
            actor=actor,
            action=AuditAction.LOAD,
            entity_type="statistics.statfact",
            area_code=county,
            summary=f"刷新统计：{name}{span}，{rows}行",
            after={"months": [m.isoformat() for m in chosen], "rows": rows},
        )
    yield "完成", total, total


def stats_refresh(
    *, actor: User | None, county: str, months: Sequence[date], progress: Progress | None = None
) -> RefreshResult:
    """Refresh ``county``'s statistics for ``months`` (see the module docstring); returns what was written."""
    say = progress or _noop
    for stage, done, total in stats_refresh_steps(actor=actor, county=county, months=months):
        say(stage, done, total)
    chosen = tuple(sorted({m.replace(day=1) for m in months}))
    return RefreshResult(county, chosen, StatFact.objects.filter(county=county, month__in=chosen).count())
