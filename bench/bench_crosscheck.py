"""Benchmark: 10,000,000 external records against 1,000,000 registry persons, and a 10,000,000-row import.

    .venv/bin/python bench/bench_crosscheck.py [--persons 1000000] [--records 10000000] [--reuse]
                                               [--var-dir bench/out-crosscheck] [--skip-import]

Each phase runs in its own child process, so that its peak memory is its own:

1. ``generate``: the registry as a Polars frame (:func:`apps.demo.crosscheck.noise.registry_persons`:
   the demo's names and ID sequencer, the seed counties' villages; not the demo database) and an external
   list with known truth (:func:`~apps.demo.crosscheck.noise.noisy_records`, made in parts of a million,
   sharing one ID sequencer): ``--match-share`` of the records are registry persons with the usual slips,
   the rest are other people, ``--namesake-share`` of them namesakes of registry persons. Kept as Parquet,
   and written as the CSV a 人社 pension list would arrive as (UTF-8). ``--reuse`` keeps all three.
2. ``match``: read the Parquet files and time :func:`apps.crosscheck.services.matcher.match_frames` at the
   default threshold; then precision and recall against the truth, overall and by slip, and again on a small
   list (20,000 persons, 5,000 records) like the tests'.
3. ``import``: a fresh SQLite database (migrated, seed areas, one county approver), then time the
   cross-check app's own import, :func:`apps.crosscheck.services.imports.batch_import`: read the CSV,
   check every row, write the batch's Parquet file and its row.

Targets (issue 5, point 8): match ≤ 30 s and ≤ 6 GiB; import ≤ 60 s; recall ≥ 0.98 at precision ≥ 0.95.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out-crosscheck"
COUNTY = "421303000000"  # 曾都区
PART = 1_000_000
PENSION_TYPES = ("城乡居民基本养老保险", "企业职工基本养老保险", "机关事业单位养老保险")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--match-share", type=float, default=0.15)
    parser.add_argument("--namesake-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument("--reuse", action="store_true", help="keep the generated files of an earlier run")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--phase", choices=["generate", "match", "import"], default="", help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.phase:
        {"generate": generate, "match": match, "import": import_}[args.phase](args)
        return
    if not (args.reuse and (args.var_dir / "records.parquet").exists()):
        shutil.rmtree(args.var_dir, ignore_errors=True)
        args.var_dir.mkdir(parents=True)
        (args.var_dir / ".gitignore").write_text("*\n")  # gigabytes of generated data never go into git
        _child(args, "generate")
    _child(args, "match")
    if not args.skip_import:
        _child(args, "import")


def _child(args: argparse.Namespace, phase: str) -> None:
    command = [sys.executable, __file__, "--phase", phase, "--persons", str(args.persons)]
    command += ["--records", str(args.records), "--match-share", str(args.match_share)]
    command += ["--namesake-share", str(args.namesake_share), "--seed", str(args.seed)]
    command += ["--var-dir", str(args.var_dir)]
    env = dict(os.environ, MINZHENG_DEBUG="0", MINZHENG_VAR_DIR=str(args.var_dir / "var"))
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"phase {phase} failed ({done.returncode})")
    print(f"[{phase}] wall {time.perf_counter() - started:.1f} s", flush=True)


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns, a Chinese character taking two."""
    return text + " " * max(0, width - sum(2 if ord(c) > 0x2E80 else 1 for c in text))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bar():  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("  {task.description:<20}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    )


def generate(args: argparse.Namespace) -> None:
    import numpy as np
    import polars as pl

    from apps.demo.crosscheck.noise import noisy_records, registry_persons, sequencer_after

    today = date.today()
    with _bar() as bar:
        task = bar.add_task("登记人员", total=args.persons)
        persons = registry_persons(args.persons, seed=args.seed, today=today)
        persons.write_parquet(args.var_dir / "persons.parquet")
        bar.update(task, completed=args.persons)
        sequencer = sequencer_after(persons, today)
        task = bar.add_task("外部名单（含噪声）", total=args.records)
        parts = []
        for first in range(0, args.records, PART):
            part = noisy_records(
                persons,
                n_records=min(PART, args.records - first),
                match_share=args.match_share,
                namesake_share=args.namesake_share,
                seed=args.seed + 1 + first // PART,
                today=today,
                first_id=first + 1,
                sequencer=sequencer,
            )
            parts.append(part)
            bar.advance(task, part.height)
        records = pl.concat(parts)
        del parts
        records.write_parquet(args.var_dir / "records.parquet")
        task = bar.add_task("写出CSV（养老金名单）", total=1)
        rng = np.random.default_rng(args.seed)
        n = records.height
        # A pension starts at 60 (some earlier); for the young it is a survivor's or disability benefit.
        start = pl.Series(rng.integers(0, 20 * 365, n)).cast(pl.Duration("ms")) * 86_400_000
        csv = records.select(
            姓名="name",
            公民身份号码="id_number",
            出生日期="birth_date_text",
            区划代码="area_code",
            待遇起始日期=pl.min_horizontal(pl.lit(today), pl.lit(date(2005, 1, 1)) + start).dt.strftime(
                "%Y-%m-%d"
            ),
            **{"月领取金额(元)": pl.Series(np.round(rng.uniform(150, 6000, n), 2)).cast(pl.String)},
            待遇类型=pl.Series(np.asarray(PENSION_TYPES)[rng.integers(0, len(PENSION_TYPES), n)]),
        )
        csv.write_csv(args.var_dir / "pension.csv")
        bar.update(task, completed=1)
    size = (args.var_dir / "pension.csv").stat().st_size / 2**20
    print(f"persons {persons.height:,}  records {records.height:,}  CSV {size:,.0f} MiB", end="  ")
    print(f"peak {_peak_mib():,.0f} MiB")


def match(args: argparse.Namespace) -> None:
    import polars as pl

    from apps.crosscheck.services.matcher import match_frames
    from apps.demo.crosscheck.noise import noisy_records, registry_persons

    today = date.today()
    persons = pl.read_parquet(args.var_dir / "persons.parquet")
    wanted = ["record_id", "id_number", "name", "birth_date", "area_code"]
    records = pl.read_parquet(args.var_dir / "records.parquet", columns=wanted)
    loaded = _peak_mib()
    started = time.perf_counter()
    last: list[tuple[str, float]] = []

    def progress(label: str, done: int, total: int) -> None:
        # Each call starts a step: print the one before it, with its time.
        now = time.perf_counter()
        if last:
            print(f"  {_padded(last[-1][0], 36)}{now - last[-1][1]:6.2f} s", flush=True)
        last.append((label, now))

    result = match_frames(persons=persons, records=records, progress=progress, today=today)
    seconds = time.perf_counter() - started
    peak = _peak_mib()
    del records
    truth = pl.read_parquet(
        args.var_dir / "records.parquet", columns=["record_id", "true_person_id", "noise"]
    )
    print(f"persons {persons.height:,}  records {truth.height:,}  matched {result.height:,}")
    print(f"match_frames         {seconds:6.1f} s   (target ≤ 30 s)")
    print(
        f"peak RSS             {peak:6,.0f} MiB (target ≤ 6144; {loaded:,.0f} MiB of it is the loaded frames)"
    )
    counts = result["method"].value_counts().sort("count", descending=True).rows()
    print("by method            " + "   ".join(f"{method} {count:,}" for method, count in counts))
    _quality(f"{truth.height:,} list", truth.join(result, on="record_id", how="left"))
    small = registry_persons(20_000, seed=11, today=today)
    listed = noisy_records(small, n_records=5_000, match_share=0.5, seed=12, today=today)
    _quality(
        "20,000 / 5,000 list",
        listed.join(match_frames(persons=small, records=listed), on="record_id", how="left"),
    )


def _quality(label: str, joined) -> None:  # type: ignore[no-untyped-def]
    import polars as pl

    right = (pl.col("person_id") == pl.col("true_person_id")).fill_null(False)
    truth = pl.col("true_person_id").is_not_null()
    tp = joined.filter(right).height
    reported = joined.filter(pl.col("person_id").is_not_null()).height
    positives = joined.filter(truth).height
    print(f"{label}: precision {tp / reported:.4f}  recall {tp / positives:.4f}  "
          f"(right {tp:,}, wrong {reported - tp:,}, missed {positives - tp:,})")  # fmt: skip
    slips = joined.filter(truth).with_columns(slip=pl.col("noise").str.split(" ")).explode("slip")
    by_slip = slips.group_by("slip").agg(records=pl.len(), recall=right.mean()).sort("recall")
    print(
        "  recall by slip (lowest first):",
        ", ".join(f"{s} {r:.3f} ({n:,})" for s, n, r in by_slip.head(8).rows()),
    )


def import_(args: argparse.Namespace) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.areas.services import areas_import_seed
    from apps.crosscheck.services.imports import BatchInput, batch_import
    from apps.crosscheck.services.reading import BatchRejected

    shutil.rmtree(args.var_dir / "var", ignore_errors=True)
    (args.var_dir / "var").mkdir(parents=True)
    call_command("migrate", verbosity=0)
    areas_import_seed()
    actor = User.objects.create_user(
        username="bench_approver", password="Bench-pass-2026", role="county_approver", area_id=COUNTY
    )
    path = args.var_dir / "pension.csv"
    today = date.today()
    data = BatchInput(
        county=COUNTY,
        source_code="pension",
        file_name="养老金领取人员名单.csv",
        received_on=today,
        list_date=today,
    )
    started = time.perf_counter()
    last = [started]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done:  # a stage reports 0 when it starts and its total when it ends
            label = f"{stage} {done:,} 行" if total > 1 else stage
            print(f"  {_padded(label, 36)}{now - last[0]:6.2f} s", flush=True)
        last[0] = now

    try:
        batch = batch_import(actor=actor, data=data, path=path, progress=progress)
    except BatchRejected as rejected:
        for issue in rejected.issues[:20]:
            print(f"  第{issue.row}行 {issue.column}“{issue.value}”：{issue.reason}")
        raise
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 2**20
    print(f"CSV {size:,.0f} MiB, {batch.row_count:,} rows", end="  ")
    print(f"(缺身份证号 {batch.id_missing:,}, 校验位不符 {batch.id_unchecked:,})")
    print(f"batch_import         {seconds:6.1f} s   (target ≤ 60 s)")
    print(f"peak RSS             {_peak_mib():6,.0f} MiB")


if __name__ == "__main__":
    main()
