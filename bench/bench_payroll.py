"""Benchmark: the monthly payroll of 1,000,000 active cases in one county, against the INSERT … SELECT floor.

    .venv/bin/python bench/bench_payroll.py [--cases 1000000] [--var-dir bench/out-payroll] [--reuse]
                                            [--runs N] [--variety 0.015] [--after-restandard]

Phase 1, ``generate`` (a child process): migrate a fresh database, load the seed areas and the demo
standards, generate 曾都区's people with the demo's population generator
(:func:`apps.demo.generator.population_generate`, its villages narrowed to the one county), then the
caseload with :func:`apps.demo.caseload.generate.caseload_generate`: every household gets its cases until
there are ``--cases`` of them, paid through October 2026, with ``--variety`` (1.5%) of them not plain in
November: new, approved late (补发), 调整, 暂停, 停发, plus 追回 and holds. On SQLite the database is kept
as base.sqlite3 under ``--var-dir``, so ``--reuse`` skips this phase.

Phase 2, ``run`` (a child process per run, each on a fresh copy of base.sqlite3): time ``payroll_prepare``
for November 2026 as finance runs it — the sorting, the computation, the lines, their members and the
totals, committed — with its stages and the process's peak RSS; then, in the same process and database,
time the floor: one ``INSERT … SELECT`` of the same lines into a copy of the line table (same columns,
keys and indexes), committed. Targets (issue 4, point 11): ≤ 10 s, ≤ 2 GiB, and ≤ 5 × the floor.
``--after-restandard`` first gives every case a 调整 from August and a new version, as the months after
an applied 调标 have them (untimed), to time such a month.

PostgreSQL: with ``DATABASE_URL=postgres://…`` the phases run in a database of their own, named after the
URL's with ``_bench_payroll`` appended (dropped and created again unless ``--reuse``); each run first
deletes the previous run's November payroll and vacuums.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out-payroll"
COUNTY = "421303000000"  # 曾都区
PAID_THROUGH, MONTH = date(2026, 10, 1), date(2026, 11, 1)
HOUSEHOLDS_PER_CASE = 0.95  # some households have a 残疾人两项补贴 or 高龄津贴 case besides 低保


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--variety", type=float, default=0.015, help="share of cases not plain this month")
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep the generated database of an earlier run")
    parser.add_argument("--runs", type=int, default=1, help="timing runs, each on a fresh copy")
    parser.add_argument(
        "--after-restandard",
        action="store_true",
        help="time the month after a 调标 that took effect in August: every case has a new version",
    )
    parser.add_argument("--phase", choices=["generate", "run"], default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        os.environ["MINZHENG_VAR_DIR"] = str(args.var_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        (generate if args.phase == "generate" else run)(args)
        return

    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    base = args.var_dir / "base.sqlite3"
    fresh = not (args.reuse and (postgres or base.exists()))
    if fresh:
        shutil.rmtree(args.var_dir, ignore_errors=True)
        args.var_dir.mkdir(parents=True)
        (args.var_dir / ".gitignore").write_text("*\n")  # a database of gigabytes never goes into git
    env = dict(os.environ, MINZHENG_DEBUG="0")
    if postgres:
        env["DATABASE_URL"] = _bench_database(url, recreate=fresh)
    else:
        env.pop("DATABASE_URL", None)
    if fresh:
        _child(args, "generate", env)
    for _ in range(args.runs):
        if not postgres:
            _fresh_copy(args.var_dir)
        _child(args, "run", env)


def _bench_database(url: str, *, recreate: bool) -> str:
    """The URL of the benchmark's own PostgreSQL database beside ``url``'s, made empty if ``recreate``."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_payroll"
    if recreate:
        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _fresh_copy(var_dir: Path) -> None:
    live = var_dir / "minzheng.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(var_dir / "base.sqlite3", live)
    # Flush the copy to disk now: otherwise the commit's checkpoint (an fsync) would wait for it.
    with open(live, "rb+") as copy:
        os.fsync(copy.fileno())


def _child(args: argparse.Namespace, phase: str, env: dict[str, str]) -> None:
    command = [sys.executable, __file__, "--phase", phase, "--cases", str(args.cases)]
    command += ["--var-dir", str(args.var_dir), "--seed", str(args.seed), "--variety", str(args.variety)]
    command += ["--after-restandard"] if args.after_restandard else []
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"phase {phase} failed ({done.returncode})")
    print(f"[{phase}] wall {time.perf_counter() - started:.1f} s", flush=True)


def _bar():  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("  {task.description:<16}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )


def generate(args: argparse.Namespace) -> None:
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from apps.accounts.models import User
    from apps.areas.services import areas_import_seed
    from apps.demo import generator
    from apps.demo.caseload.generate import caseload_generate
    from apps.standards.services import standards_demo_load

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    areas_import_seed()
    standards_demo_load()
    approver = User.objects.create_user(
        username="bench_approver", password="Bench-pass-2026", role="county_approver", area_id=COUNTY
    )
    User.objects.create_user(
        username="bench_finance", password="Bench-pass-2026", role="finance", area_id=COUNTY
    )
    every = generator.villages_load()
    mine = np.char.startswith(every.code.astype(str), COUNTY[:6])
    narrowed = type(every)(
        code=every.code[mine],
        county=every.county[mine],
        is_urban=every.is_urban[mine],
        address_prefix=every.address_prefix[mine],
    )
    generator.villages_load = lambda: narrowed  # the demo's generator, one county only
    households = int(args.cases * HOUSEHOLDS_PER_CASE)
    with _bar() as bar:
        task = bar.add_task("生成家庭", total=households)
        generator.population_generate(
            households=households,
            seed=args.seed,
            today=date(2026, 9, 15),
            progress=lambda n: bar.advance(task, n),
            stage=lambda text: bar.update(task, description=text),
        )
        print(f"[generate] population in {time.perf_counter() - started:.1f} s", flush=True)
        tasks: dict[str, int] = {}

        def stage(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        made = caseload_generate(
            county=COUNTY,
            paid_through=PAID_THROUGH,
            actor=approver,
            share=1.0,
            limit=args.cases,
            variety=args.variety,
            seed=args.seed,
            progress=stage,
        )
    tables = ("registry_household", "registry_person", "assistance_case", "assistance_case_covered")
    tables += ("assistance_caseevent", "payroll_casepaystate", "payroll_recovery", "payroll_paymenthold")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        shutil.copyfile(args.var_dir / "minzheng.sqlite3", args.var_dir / "base.sqlite3")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[generate] {made:,} cases; {counts}", flush=True)
    print(f"[generate] {time.perf_counter() - started:.1f} s, peak RSS {peak:.0f} MiB", flush=True)


def _previous_run_clear() -> None:
    """PostgreSQL keeps its database between runs: remove the last run's payroll and tidy up."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS floor_payrollline")
        cursor.execute(
            "DELETE FROM payroll_payrollline WHERE payroll_id IN "
            "(SELECT id FROM payroll_payroll WHERE month = %s)",
            [MONTH],
        )
        cursor.execute("DELETE FROM payroll_payroll WHERE month = %s", [MONTH])
        cursor.execute("VACUUM ANALYZE")


def _floor(payroll_id: int) -> tuple[float, int]:
    """One INSERT … SELECT of the payroll's lines into a copy of the line table, committed."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE floor_payrollline (LIKE payroll_payrollline INCLUDING ALL)")
        else:
            cursor.execute(
                "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'payroll_payrollline' "
                "AND sql IS NOT NULL ORDER BY type DESC"  # the table first, then its indexes
            )
            for _, sql in cursor.fetchall():
                sql = re.sub(r'INDEX "(\w+)"', r'INDEX "floor_\1"', sql)
                cursor.execute(sql.replace('"payroll_payrollline"', '"floor_payrollline"'))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO floor_payrollline SELECT * FROM payroll_payrollline WHERE payroll_id = %s",
            [payroll_id],
        )
        rows = cursor.rowcount
    return time.perf_counter() - started, rows


def _restandard_history() -> None:
    """As after a 调标 applied in September from August and paid since: every case has a 调整 event
    effective from August (at the same amount, so the November figures compare) and a new version that
    no approved line has frozen. Untimed, committed before the payroll starts."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO assistance_caseevent (case_id, change, from_status, to_status, reason_code, "
            'reason_label, reason, amount_before, amount_after, effective_month, actor_id, actor_name, "on", '
            "at, data) SELECT case_id, 'adjust', to_status, to_status, 'restandard', '调标', "
            "'调标（基准测试）', amount_after, amount_after, %s, actor_id, actor_name, %s, at, data "
            "FROM assistance_caseevent "
            "WHERE change = 'enrol' AND effective_month < %s",
            ["2026-08-01", "2026-09-10", "2026-08-01"],
        )
        cursor.execute("UPDATE assistance_case SET version = version + 1")
    print(f"[after a 调标] {cursor.rowcount:,} cases with a new version and a 调整 from August")


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from apps.accounts.models import User
    from apps.workbench.services.payroll import payroll_prepare

    call_command("migrate", verbosity=0)  # a base from an older tree gets the newer (empty) tables
    if connection.vendor == "postgresql":
        _previous_run_clear()
    if args.after_restandard:
        _restandard_history()
    finance = User.objects.get(username="bench_finance")
    calls: list[tuple[float, str]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if not calls or calls[-1][1] != stage:
            calls.append((time.perf_counter(), stage))

    load = os.getloadavg()[0]
    started = time.perf_counter()
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=MONTH, progress=progress)
    ended = time.perf_counter()
    wall = ended - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    length = "jsonb_array_length" if connection.vendor == "postgresql" else "json_array_length"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM({length}(members)) FROM payroll_payrollline WHERE payroll_id = %s", [payroll.pk]
        )
        members = cursor.fetchone()[0] or 0
    floor, rows = _floor(payroll.pk)
    marks = [(started, "检查、加锁"), *calls, (ended, "")]
    for (at, stage), (after, _) in itertools.pairwise(marks):
        label = stage if stage != calls[-1][1] else f"{stage}、提交"
        print(f"  {after - at:6.2f} s  {label}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0] / 2**20
    else:
        size = sum(p.stat().st_size for p in args.var_dir.glob("minzheng.sqlite3*")) / 2**20
    print()
    print(f"database               {connection.vendor}, load average {load:.2f} at the start")
    print(f"lines                  {payroll.line_count:>12,}   held {payroll.held_count:,}")
    print(f"members snapshotted    {members:>12,}   (person count {payroll.person_count:,})")
    print(f"total 应发             {payroll.total:>15,} 元")
    print(f"  of which 补发 {payroll.arrears_total:,}, 追回 −{payroll.recovery_total:,}")
    print(f"payroll_prepare        {wall:>12.2f} s   (target ≤ 10 s)")
    print(f"peak RSS               {peak:>12.0f} MiB (target ≤ 2048)")
    print(f"floor: INSERT … SELECT {floor:>12.2f} s   ({rows:,} lines into a copy of the line table)")
    print(f"ratio to the floor     {wall / floor:>12.1f} ×   (target ≤ 5)")
    print(f"database size          {size:>12.0f} MiB")


if __name__ == "__main__":
    main()
