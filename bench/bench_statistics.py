"""Benchmark: statistics over 1,000,000 cases in one county — the refresh, and every statistics page.

    .venv/bin/python bench/bench_statistics.py [--var-dir bench/out-statistics] [--base FILE] [--reuse]
                                               [--repeat 7]

The database is bench_payroll.py's generated county (``bench/out-payroll/base.sqlite3``: 曾都区, about
950,000 households and 1,000,000 cases started 3–48 months back, with November 2026's variety); when it
is missing, bench_payroll.py's own generate phase makes it first. A copy goes to ``--var-dir``, where a
child process (``--phase prepare``) migrates it, prepares and approves November 2026's payroll and marks
its lines paid as a bank return would (one UPDATE; a twentieth fail). ``--reuse`` keeps that copy.

Then ``--phase run`` times, in a child process:

- ``stats_refresh`` of the county for January 2025 – November 2026 (23 months), then for one month;
- each statistics page as a county user sees it, through Django's test client (the whole request: URL
  resolution, session, selectors, template, charts), ``--repeat`` times after one warm-up: the
  dashboard's figures (``workbench:home_stats``), the 民政统计 page at county and township level, its XLSX
  export, the API's monthly table and trend, the annual appendix (county and township), the 目标管理
  progress page and their API. Target (issue 6, point 8): each ≤ 500 ms.

It prints the figures; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out-statistics"
DEFAULT_BASE = ROOT / "bench" / "out-payroll" / "base.sqlite3"
COUNTY, TOWN = "421303000000", "421303001000"
MONTH = date(2026, 11, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE)
    parser.add_argument("--reuse", action="store_true", help="keep the prepared copy of an earlier run")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--phase", choices=["prepare", "run"], default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        os.environ["MINZHENG_VAR_DIR"] = str(args.var_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        (prepare if args.phase == "prepare" else run)(args)
        return
    env = dict(os.environ, MINZHENG_DEBUG="0", MINZHENG_TODAY="2026-11-23")
    env.pop("DATABASE_URL", None)
    live = args.var_dir / "minzheng.sqlite3"
    if not (args.reuse and live.exists()):
        if not args.base.exists():
            generate = ROOT / "bench" / "bench_payroll.py"
            _child([generate, "--phase", "generate", "--var-dir", args.base.parent], env)
        shutil.rmtree(args.var_dir, ignore_errors=True)
        args.var_dir.mkdir(parents=True)
        (args.var_dir / ".gitignore").write_text("*\n")
        shutil.copyfile(args.base, live)
        _child([__file__, "--phase", "prepare", "--var-dir", args.var_dir], env)
    _child([__file__, "--phase", "run", "--var-dir", args.var_dir, "--repeat", args.repeat], env)


def _child(command: list[object], env: dict[str, str]) -> None:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *map(str, command)], cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"{command[0]} failed ({done.returncode})")
    name = Path(str(command[0])).name
    print(f"[{name} {command[2]}] wall {time.perf_counter() - started:.1f} s", flush=True)


def prepare(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from apps.accounts.models import User
    from apps.payroll.models import LineStatus, Payroll, PayrollLine
    from apps.payroll.services.approve import payroll_approve
    from apps.workbench.services.payroll import payroll_prepare

    call_command("migrate", verbosity=0)
    finance = User.objects.get(username="bench_finance")
    approver = User.objects.get(username="bench_approver")
    started = time.perf_counter()
    payroll = Payroll.objects.filter(county_id=COUNTY, month=MONTH).first()
    if payroll is None:
        payroll = payroll_prepare(actor=finance, county=COUNTY, month=MONTH)
    if payroll.state == "prepared":
        payroll = payroll_approve(actor=approver, payroll=payroll)
    # The bank's answer, set-based: every line not held is paid, but one in twenty fails.
    lines = PayrollLine.objects.filter(payroll=payroll).exclude(status=LineStatus.HELD)
    lines.update(status=LineStatus.PAID)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE payroll_payrollline SET status = %s "
            "WHERE payroll_id = %s AND status = %s AND id % 20 = 0",
            [LineStatus.FAILED.value, payroll.pk, LineStatus.PAID.value],
        )
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    User.objects.get_or_create(
        username="bench_leader", defaults={"role": "supervisor", "area_id": COUNTY, "is_active": True}
    )
    User.objects.get_or_create(
        username="bench_town", defaults={"role": "township_reviewer", "area_id": TOWN, "is_active": True}
    )
    took = time.perf_counter() - started
    print(f"[prepare] payroll {payroll.line_count:,} lines approved and paid in {took:.1f} s")


def _time(label: str, call, repeat: int) -> None:  # type: ignore[no-untyped-def]
    call()  # warm-up: the first request of a process pays for imports and template compilation
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = call()
        runs.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    print(f"  {label:<44} median {statistics.median(runs):7.1f} ms   max {max(runs):7.1f} ms")


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User
    from apps.statistics.models import StatFact
    from apps.statistics.services import stats_refresh
    from policy.months import month_range

    call_command("migrate", verbosity=0)  # a copy kept by --reuse gets the newer (empty) tables
    load = os.getloadavg()[0]
    with connection.cursor() as cursor:
        counts = {}
        for table in ("registry_household", "assistance_case", "assistance_caseevent", "payroll_payrollline"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    print(f"database               sqlite, load average {load:.2f} at the start")
    for table, n in counts.items():
        print(f"{table:<22} {n:>12,}")
    months = month_range(date(2025, 1, 1), MONTH)
    started = time.perf_counter()
    result = stats_refresh(actor=None, county=COUNTY, months=months)
    took = time.perf_counter() - started
    print(f"stats_refresh, {len(months)} months  {took:8.1f} s   ({result.rows:,} fact rows)")
    started = time.perf_counter()
    stats_refresh(actor=None, county=COUNTY, months=[MONTH])
    print(f"stats_refresh, 1 month    {time.perf_counter() - started:8.1f} s")
    print(f"fact rows in total     {StatFact.objects.count():>12,}")

    from apps.demo.targets import targets_demo_seed

    targets_demo_seed()  # 曾都区's year of targets, bound and manual, as the demo has them
    leader, town = User.objects.get(username="bench_leader"), User.objects.get(username="bench_town")
    county_client, town_client = Client(), Client()
    county_client.force_login(leader)
    town_client.force_login(town)
    q = "?month=2026-11"
    print(f"pages (Django test client, {args.repeat} runs after a warm-up; target ≤ 500 ms):")
    pages = [
        ("首页统计图表 workbench:home_stats (county)", county_client, "/stats/"),
        ("民政统计月报 (county)", county_client, f"/statistics/{q}"),
        ("民政统计月报 (township)", town_client, f"/statistics/{q}"),
        ("民政统计月报 drill-down to a village", county_client, f"/statistics/{q}&area=421303001001"),
        ("导出Excel (county)", county_client, f"/statistics/export/{q}"),
        ("API statistics/monthly (county)", county_client, f"/api/v1/statistics/monthly/{q}"),
        ("API statistics/trend (county)", county_client, f"/api/v1/statistics/trend/{q}"),
        ("年度工作总结数据附录 (county)", county_client, f"/annual/?area={COUNTY}&year={MONTH.year}"),
        ("年度工作总结数据附录 (township)", town_client, f"/annual/?area={TOWN}&year={MONTH.year}"),
        ("目标管理 progress (county)", county_client, f"/targets/{COUNTY}/{MONTH.year}/"),
        ("API annual (county)", county_client, f"/api/v1/annual/?area={COUNTY}&year={MONTH.year}"),
        ("API targets (county)", county_client, f"/api/v1/targets/{COUNTY}/{MONTH.year}/"),
    ]
    for label, client, url in pages:
        _time(label, lambda c=client, u=url: c.get(u), args.repeat)
    # Informational, not a statistics page: the case list behind a figure (the first page of 20).
    behind = "/assistance/cases/?program=dibao&month=2026-11&flow=in_care&urban=1"
    _time("case list behind a figure (informational)", lambda: county_client.get(behind), 3)


if __name__ == "__main__":
    main()
