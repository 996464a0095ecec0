"""Benchmark: `minzheng demo --households 1000000` into a fresh SQLite file; prints wall time, peak RSS, rows.

    .venv/bin/python bench/bench_generate.py [--households 1000000] [--var-dir bench/out]

The demo runs in a child process with ``MINZHENG_VAR_DIR`` pointing at a fresh directory (or at the
PostgreSQL database that ``DATABASE_URL`` names, which is then reset first). Peak memory is the child's
maximum resident set size from ``getrusage(RUSAGE_CHILDREN)``. The database is kept for
``bench_lookup.py`` and ``bench_list_load.py``. Targets (issue 2, point 12): ≤ 180 s and ≤ 2 GiB.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    env = dict(os.environ, MINZHENG_VAR_DIR=str(args.var_dir), DJANGO_SETTINGS_MODULE="minzheng.settings")
    postgres = env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    command = [
        sys.executable,
        "-m",
        "minzheng.cli",
        "demo",
        "--no-serve",
        "--households",
        str(args.households),
        "--seed",
        str(args.seed),
    ]
    if postgres:
        command.append("--reset")
    else:
        env.pop("DATABASE_URL", None)
        shutil.rmtree(args.var_dir, ignore_errors=True)
    args.var_dir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    child = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if child.returncode:
        sys.exit(f"demo failed ({child.returncode}):\n{child.stdout}\n{child.stderr}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    generation = re.search(r"用时([\d.]+)秒", child.stdout)

    print(f"households requested   {args.households:>12,}")
    print(f"wall time, whole demo  {wall:>12.1f} s   (migrate + seed areas + users + population)")
    if generation:
        print(f"population generation  {float(generation.group(1)):>12.1f} s")
    print(f"peak RSS of the child  {peak_kib / 1024:>12.0f} MiB")
    totals = re.search(r"登记库共.*", child.stdout)
    if totals:
        print(f"registry after the run  {totals.group(0)}")
    if not postgres:
        database = args.var_dir / "minzheng.sqlite3"
        with sqlite3.connect(database) as db:
            for table in ("registry_household", "registry_person", "registry_membership", "registry_income"):
                count = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                print(f"{table:<22} {count:>12,}")
            audit = db.execute(
                "SELECT count(*) FROM core_auditlog WHERE action = 'load' "
                "AND entity_type = 'registry.household'"
            ).fetchone()[0]
            print(f"{'audit rows (load)':<22} {audit:>12,}")
        size = sum(p.stat().st_size for p in args.var_dir.glob("minzheng.sqlite3*"))
        print(f"database size          {size / 2**20:>12.0f} MiB  ({database})")


if __name__ == "__main__":
    main()
