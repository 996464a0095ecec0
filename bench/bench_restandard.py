"""Benchmark: 调标 of 1,000,000 低保 cases — preview, then apply — on a fresh SQLite file.

    .venv/bin/python bench/bench_restandard.py [--cases 1000000] [--var-dir bench/out-restandard] [--reuse]

Phase 1, ``generate`` (a child process): migrate a fresh database under ``--var-dir`` and seed one county
(曾都区: 20 townships, 300 villages, the first five townships urban), its 低保 standards (2023: 城市 680,
农村 617; from 2024-01-01: 700 and 650, with one township's own rural 660 — or with ``--lower``, 620,
560 and 600, so that many cases go down or stop qualifying), a county approver, and N
active 低保 cases with their frozen bases (members, incomes, assets), written with set-based inserts.
Each case's amount is what the 2023 standards give for its basis. The database is kept as base.sqlite3,
so ``--reuse`` skips this phase.

Phase 2, ``run`` (a child process, on a fresh copy of base.sqlite3): time the preview and the apply
through the real services (``restandard_preview_steps``, ``restandard_apply_steps``) stage by stage, as
the 调标 page and ``minzheng cases restandard`` run them, and report the child's peak RSS.
Target (issue 3, point 9): preview and apply together ≤ 20 s, peak memory ≤ 2 GiB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out-restandard"
COUNTY = "421303000000"
OLD, ASSESSED, NEW = date(2023, 1, 1), date(2023, 6, 1), date(2024, 1, 1)
TOWNSHIPS, VILLAGES_EACH, URBAN_TOWNSHIPS = 20, 15, 5
CHUNK = 200_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reuse", action="store_true", help="keep base.sqlite3 from an earlier run")
    parser.add_argument(
        "--lower", action="store_true", help="generate a lowered standard (620 / 560) instead of a raise"
    )
    parser.add_argument("--phase", choices=["generate", "run"], default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        os.environ["MINZHENG_VAR_DIR"] = str(args.var_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
        os.environ.pop("DATABASE_URL", None)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        (generate if args.phase == "generate" else run)(args)
        return

    base = args.var_dir / "base.sqlite3"
    if not (args.reuse and base.exists()):
        shutil.rmtree(args.var_dir, ignore_errors=True)
        args.var_dir.mkdir(parents=True)
        (args.var_dir / ".gitignore").write_text("*\n")  # a database of a gigabyte never goes into git
        _child(args, "generate")
    _fresh_copy(args.var_dir)
    _child(args, "run")
    # Together, as an operator runs it: `minzheng cases restandard --apply` in a process of its own.
    _fresh_copy(args.var_dir)
    command = [sys.executable, "-m", "minzheng.cli", "cases", "restandard", "--county", COUNTY]
    command += ["--on", NEW.isoformat(), "--apply", "--user", "bench_approver"]
    env = dict(os.environ, MINZHENG_VAR_DIR=str(args.var_dir), MINZHENG_DEBUG="0", COLUMNS="100")
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"command failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(done.stdout.splitlines()[-1])
    print(f"command, preview + apply {wall:>10.2f} s   (whole process, Django start-up included)")
    print(f"peak RSS of the children {peak:>10.0f} MiB (the largest child, generation included if run)")


def _fresh_copy(var_dir: Path) -> None:
    live = var_dir / "minzheng.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(var_dir / "base.sqlite3", live)


def _child(args: argparse.Namespace, phase: str) -> None:
    command = [sys.executable, __file__, "--phase", phase, "--cases", str(args.cases)]
    command += ["--var-dir", str(args.var_dir), "--seed", str(args.seed)] + ["--lower"] * args.lower
    env = dict(os.environ, MINZHENG_DEBUG="0")
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"phase {phase} failed ({done.returncode})")
    print(f"[{phase}] wall {time.perf_counter() - started:.1f} s", flush=True)


def generate(args: argparse.Namespace) -> None:
    import numpy as np
    from django.core.management import call_command
    from django.db import connection

    from apps.accounts.models import User
    from apps.areas.models import Area
    from apps.assistance.services.basis import excluded_text
    from apps.standards.models import StandardVersion
    from apps.standards.selectors import standards_for
    from policy.programs.bulk import BulkHouseholds, dibao_bulk

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    areas = [
        Area(code="420000000000", name="湖北省", level=1),
        Area(code="421300000000", name="随州市", level=2),
    ]
    areas[1].parent_id = "420000000000"
    areas.append(Area(code=COUNTY, name="曾都区", level=3, parent_id="421300000000"))
    villages, urban_of = [], []
    for t in range(1, TOWNSHIPS + 1):
        town = f"421303{t:03d}000"
        urban = t <= URBAN_TOWNSHIPS
        areas.append(Area(code=town, name=f"{'街道' if urban else '镇'}{t}", level=4, parent_id=COUNTY))
        for v in range(1, VILLAGES_EACH + 1):
            code = f"421303{t:03d}{v:03d}"
            areas.append(Area(code=code, name=f"{t}-{v}{'社区' if urban else '村'}", level=5, parent_id=town))
            areas[-1].is_urban = urban
            villages.append(code)
            urban_of.append(urban)
    Area.objects.bulk_create(areas)
    User.objects.create_user(
        username="bench_approver", password="Bench-pass-2026", role="county_approver", area_id=COUNTY
    )
    new_values = ("620", "560", "600") if args.lower else ("700", "650", "660")
    for urban, old, new in ((True, "680", new_values[0]), (False, "617", new_values[1])):
        StandardVersion.objects.create(
            area_id=COUNTY,
            key="dibao.standard",
            urban=urban,
            value=old,
            effective_from=OLD,
            effective_to=date(2023, 12, 31),
        )
        StandardVersion.objects.create(
            area_id=COUNTY, key="dibao.standard", urban=urban, value=new, effective_from=NEW
        )
    StandardVersion.objects.create(
        area_id=f"421303{TOWNSHIPS:03d}000",
        key="dibao.standard",
        urban=False,
        value=new_values[2],
        effective_from=NEW,
    )
    old = {u: standards_for(area_code=COUNTY, urban=u, on=ASSESSED) for u in (True, False)}

    # Candidate households as columns; those the 2023 standards cover become cases.
    rng = np.random.default_rng(args.seed)
    candidates = int(args.cases * 1.25)
    village = np.sort(rng.integers(0, len(villages), candidates))  # ids follow villages, as enrolment does
    urban = np.array(urban_of)[village]
    size = rng.choice([1, 2, 3, 4, 5], p=[0.3, 0.3, 0.2, 0.12, 0.08], size=candidates)
    row = np.repeat(np.arange(candidates), size)
    m = len(row)
    birth = np.datetime64("1930-01-01") + rng.integers(0, 92 * 365, m).astype("timedelta64[D]")
    year, month = birth.astype("datetime64[Y]"), birth.astype("datetime64[M]")
    born = (year.astype(np.int64) + 1970) * 10000 + ((month - year).astype(np.int64) + 1) * 100
    born += (birth - month).astype(np.int64) + 1
    age = (ASSESSED.year * 10000 + ASSESSED.month * 100 + ASSESSED.day - born) // 10000
    line = np.where(urban, 68000, 61700)
    per_capita = (rng.uniform(0, 0.95, candidates) * line // 100 * 100).astype(np.int64)
    earner = (age >= 18) & (rng.random(m) < 0.5)
    earners = np.maximum(np.bincount(row, weights=earner, minlength=candidates), 1).astype(np.int64)
    own = np.where(earner, (per_capita * size // earners)[row] // 100 * 100, 0)
    employed = earner & (rng.random(m) < 0.4)
    severe, ill = rng.random(m) < 0.03, rng.random(m) < 0.05
    income = np.bincount(row, weights=own, minlength=candidates).astype(np.int64)
    deposits = rng.integers(0, 300_000, candidates)
    homes = (rng.random(candidates) < 0.9).astype(np.int64)
    zero = np.zeros(candidates, dtype=np.int64)
    amount = np.zeros(candidates, dtype=np.int64)
    for kind in (True, False):
        keep = np.flatnonzero(urban == kind)
        position = np.full(candidates, -1)
        position[keep] = np.arange(len(keep))
        mk = position[row] >= 0
        columns = BulkHouseholds(
            members=size[keep],
            income=income[keep],
            deposits=deposits[keep],
            homes=homes[keep],
            vehicles=zero[keep],
            business=zero[keep],
            member_household=position[row[mk]],
            member_age=age[mk],
            member_severe=severe[mk],
            member_ill=ill[mk],
            member_wage=np.where(employed, own, 0)[mk],
            member_income=own[mk],
        )
        amount[keep] = dibao_bulk(columns, old[kind]).amount
    eligible = np.flatnonzero(amount > 0)
    if len(eligible) < args.cases:
        sys.exit(f"only {len(eligible)} eligible candidates; raise the candidate factor")
    chosen = np.sort(rng.choice(eligible, args.cases, replace=False))  # still in village order
    case_of = np.full(candidates, 0)
    case_of[chosen] = np.arange(1, len(chosen) + 1)
    member_keep = case_of[row] > 0
    print(
        f"[generate] columns for {len(chosen):,} cases in {time.perf_counter() - started:.1f} s", flush=True
    )

    connection.close()
    db = sqlite3.connect(args.var_dir / "minzheng.sqlite3", isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")
    db.execute("BEGIN")
    stamp, excluded = "2023-06-15 08:00:00", excluded_text(old[True])
    codes, kinds = np.array(villages)[village[chosen]].tolist(), urban[chosen].tolist()
    ids = range(1, len(chosen) + 1)
    cents = amount[chosen].tolist()
    for start in range(0, len(chosen), CHUNK):
        part = slice(start, start + CHUNK)
        db.executemany(
            "INSERT INTO registry_household (id, is_urban, address, account_type, bank_name,"
            " account_number, account_holder, status, created_at, updated_at, area_id, number)"
            " VALUES (?,?,?,'bank','','','','active',?,?,?,?)",
            (
                (i, k, f"演示路{i}号", stamp, stamp, c, f"{c[:6]}-2024-JT-{i:05d}")
                for i, k, c in zip(ids[part], kinds[part], codes[part], strict=True)
            ),
        )
        db.executemany(
            "INSERT INTO assistance_case (id, program, is_urban, status, version, monthly_amount,"
            " start_month, phase_out, review_irregular, last_review_on, next_review_on, created_at,"
            " updated_at, area_id, household_id, number)"
            " VALUES (?,'dibao',?,'active',1,?,'2023-07-01','[]',0,?,'2024-06-01',?,?,?,?,?)",
            (
                (
                    i,
                    k,
                    f"{a // 100}.{a % 100:02d}",
                    ASSESSED.isoformat(),
                    stamp,
                    stamp,
                    c,
                    i,
                    f"{c[:6]}-2024-DBZ-{i:05d}",
                )
                for i, k, a, c in zip(ids[part], kinds[part], cents[part], codes[part], strict=True)
            ),
        )
    rows = [a[chosen].tolist() for a in (size, income, deposits, homes)]
    db.executemany(
        "INSERT INTO assistance_casebasis (case_id, assessed_on, area_code, urban, members, income, deposits,"
        " homes, vehicles, business, income_excluded, amount, recorded_at)"
        " VALUES (?,?,?,?,?,?,?,?,0,0,?,?,?)",
        (
            (i, ASSESSED.isoformat(), c, k, n, inc, dep, h, excluded, a, stamp)
            for i, c, k, n, inc, dep, h, a in zip(ids, codes, kinds, *rows, cents, strict=True)
        ),
    )
    member_case = case_of[row[member_keep]].tolist()
    birth_text = np.datetime_as_string(birth[member_keep]).tolist()
    member_cols = [a[member_keep].tolist() for a in (severe, ill, np.where(employed, own, 0), own)]
    db.executemany(
        "INSERT INTO assistance_casebasismember (basis_id, birth_date, severe, ill, wage, income)"
        " VALUES (?,?,?,?,?,?)",
        zip(member_case, birth_text, *member_cols, strict=True),
    )
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("assistance_case", "assistance_casebasis", "assistance_casebasismember")
    }
    db.close()
    shutil.copyfile(args.var_dir / "minzheng.sqlite3", args.var_dir / "base.sqlite3")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[generate] {counts}; {time.perf_counter() - started:.1f} s, peak RSS {peak:.0f} MiB", flush=True)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from apps.accounts.models import User
    from apps.areas.models import Area
    from apps.assistance.models import CaseEvent, StandardChangeReview
    from apps.assistance.services.restandard import Progress, restandard_preview_steps
    from apps.payroll.services.case_changes import restandard_apply_steps

    actor = User.objects.get(username="bench_approver")
    county = Area.objects.get(pk=COUNTY)

    def timed(label: str, steps: object) -> tuple[object, float]:
        started = last = time.perf_counter()
        result = None
        for step in steps:  # type: ignore[attr-defined]
            now = time.perf_counter()
            if isinstance(step, Progress):
                print(f"  {label:<8} +{now - last:6.2f} s  → {step.text}", flush=True)
            else:
                result = step
            last = now
        total = time.perf_counter() - started
        print(f"  {label:<8} +{time.perf_counter() - last:6.2f} s  (done)", flush=True)
        return result, total

    run_row, preview = timed("preview", restandard_preview_steps(actor=actor, county=county, on=NEW))
    applied, apply = timed("apply", restandard_apply_steps(actor=actor, run=run_row))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    events = CaseEvent.objects.filter(reason_code="restandard").count()
    reviews = StandardChangeReview.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assistance_case WHERE version = 2")
        bumped = cursor.fetchone()[0]
    size = (args.var_dir / "minzheng.sqlite3").stat().st_size / 2**20
    r = applied
    print()
    print(f"cases re-assessed      {r.cases:>12,}")  # type: ignore[attr-defined]
    print(f"up / down / unchanged  {r.up:,} / {r.down:,} / {r.unchanged:,}")  # type: ignore[attr-defined]
    print(f"newly ineligible       {r.ineligible:>12,}   (listed for review: {reviews:,})")  # type: ignore[attr-defined]
    print(f"monthly cost change    {r.cost_difference / 100:>14,.2f} 元")  # type: ignore[attr-defined]
    print(f"history rows written   {events:>12,}   cases with a new version {bumped:,}")
    print(f"preview                {preview:>12.2f} s")
    print(f"apply                  {apply:>12.2f} s")
    print(f"preview + apply        {preview + apply:>12.2f} s   (target ≤ 20 s)")
    print(f"peak RSS               {peak:>12.0f} MiB (target ≤ 2048)")
    print(f"database size          {size:>12.0f} MiB")


if __name__ == "__main__":
    main()
