"""Benchmark: an import of 100,000 rows that all give one ID number (issue 19, point 1), through the pages.

    .venv/bin/python bench/bench_import_dupes.py [--rows 100000] [--var-dir bench/out-dupes]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_import_dupes.py

Phase 1, ``setup`` (a child process): migrate a fresh database, load the seed areas, and make a village
worker of 乌龙巷社区 and a county approver of 曾都区.

Phase 2, ``registry`` (a child process): write the household import CSV a village worker would upload —
``--rows`` one-person households, every row the same ID number — and post it to ``/registry/import/`` with
Django's test client, through the middleware, the upload handling and the streamed page, as the browser
would; print the time until the last byte of the page, the size of the page and of the error report, the
issues found, and the process's peak RSS (and its growth over the RSS before the upload).

Phase 3, ``crosscheck`` (a child process): the same for the cross-check: a death list of ``--rows`` rows
naming one ID number, uploaded on ``/crosscheck/import/`` and imported on ``/crosscheck/import/confirm/``
(the list is valid, so it is kept as a batch).

PostgreSQL: with ``DATABASE_URL=postgres://…`` the phases run in a database of their own, named after the
URL's with ``_bench_dupes`` appended, dropped and created again first.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VAR = ROOT / "bench" / "out-dupes"
VILLAGE = "421303001001"  # 乌龙巷社区
COUNTY = "421303000000"  # 曾都区
ID_NUMBER = "421303195001011236"  # one valid number, on every row
PAGE = os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--var-dir", type=Path, default=DEFAULT_VAR)
    parser.add_argument(
        "--phase", choices=["setup", "registry", "crosscheck"], default="", help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.phase:
        os.environ["MINZHENG_VAR_DIR"] = str(args.var_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        {"setup": setup, "registry": registry, "crosscheck": crosscheck}[args.phase](args)
        return
    url = os.environ.get("DATABASE_URL", "")
    shutil.rmtree(args.var_dir, ignore_errors=True)
    args.var_dir.mkdir(parents=True)
    (args.var_dir / ".gitignore").write_text("*\n")
    env = dict(os.environ, MINZHENG_DEBUG="0")
    if url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = _bench_database(url)
        print(f"database: PostgreSQL ({urlsplit(env['DATABASE_URL']).path.lstrip('/')})")
    else:
        env.pop("DATABASE_URL", None)
        print("database: SQLite (WAL) under", args.var_dir)
    for phase in ("setup", "registry", "crosscheck"):
        _child(args, phase, env)


def _bench_database(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_dupes"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _child(args: argparse.Namespace, phase: str, env: dict[str, str]) -> None:
    command = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--rows",
        str(args.rows),
        "--var-dir",
        str(args.var_dir),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"phase {phase} failed ({done.returncode})")


def _resident_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.areas.services import areas_import_seed

    call_command("migrate", verbosity=0)
    areas_import_seed()
    User.objects.create_user(
        username="bench_worker", password="Bench-pass-2026", role="village_worker", area_id=VILLAGE
    )
    User.objects.create_user(
        username="bench_approver", password="Bench-pass-2026", role="county_approver", area_id=COUNTY
    )
    print("[setup] migrated, seed areas loaded, two users")


def _client(username: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    from apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _report(
    label: str, *, rows: int, size: int, seconds: float, before: float, page: int, extra: str
) -> None:
    peak = _peak_mib()
    print(f"[{label}] {rows:,} rows sharing one ID number, file {size / 2**20:.1f} MiB")
    print(f"[{label}]   upload to last byte of the page  {seconds:6.2f} s")
    print(f"[{label}]   page                             {page / 1024:6.1f} KiB")
    print(f"[{label}]   {extra}")
    print(
        f"[{label}]   peak RSS {peak:,.0f} MiB "
        f"(growth over the {before:,.0f} MiB before the upload: {peak - before:,.0f} MiB)"
    )


def registry(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.registry.services.import_format import COLUMNS

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    cells = {"与户主关系": "户主", "姓名": "王建华", "公民身份号码": ID_NUMBER, "村(社区)区划代码": VILLAGE}
    cells["家庭住址"] = "乌龙巷12号"
    for i in range(args.rows):
        writer.writerow([str(i) if c.header == "户序号" else cells.get(c.header, "") for c in COLUMNS])
    content = out.getvalue().encode("utf-8")
    del out
    client = _client("bench_worker")
    client.get("/registry/import/")  # warm: templates, URLs, the session
    before = _resident_mib()
    started = time.perf_counter()
    response = client.post("/registry/import/", {"file": SimpleUploadedFile("全村.csv", content)})
    page = b"".join(response.streaming_content)
    seconds = time.perf_counter() - started
    reports = list((Path(settings.VAR_DIR) / "import-reports").glob("*.xlsx"))
    text = page.decode()
    found = text[text.find("发现") :].split("处错误")[0] + "处错误" if "发现" in text else "no errors?"
    _report(
        "registry",
        rows=args.rows,
        size=len(content),
        seconds=seconds,
        before=before,
        page=len(page),
        extra=f"{found}; error report {sum(p.stat().st_size for p in reports) / 1024:.1f} KiB",
    )


def crosscheck(args: argparse.Namespace) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.crosscheck.models import Batch

    content = (
        "姓名,身份证号,死亡日期,注销原因\r\n" + f"王建华,{ID_NUMBER},2025-10-15,死亡\r\n" * args.rows
    ).encode()
    client = _client("bench_approver")
    client.get("/crosscheck/import/")
    before = _resident_mib()
    started = time.perf_counter()
    preview = client.post(
        "/crosscheck/import/",
        {
            "county": COUNTY,
            "source": "death",
            "received_on": time.strftime("%Y-%m-%d"),
            "list_date": time.strftime("%Y-%m-%d"),
            "file": SimpleUploadedFile("死亡名单.csv", content),
        },
    )
    html = preview.content.decode()
    data = {}
    for name in ("token", "county", "source", "received_on", "list_date", "note"):  # the hidden fields
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
        value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
        data[name] = value.group(1) if value else ""
    data.update(map_name="姓名", map_id_number="身份证号", map_event_date="死亡日期")
    response = client.post("/crosscheck/import/confirm/", data)
    page = b"".join(response.streaming_content)
    seconds = time.perf_counter() - started
    batch = Batch.objects.order_by("-pk").first()
    kept = f"kept as {batch} with {batch.row_count:,} rows" if batch else "not kept"
    _report(
        "crosscheck",
        rows=args.rows,
        size=len(content),
        seconds=seconds,
        before=before,
        page=len(page) + len(preview.content),
        extra=kept,
    )


if __name__ == "__main__":
    main()
