"""Benchmark: p50/p95 of lookups by ID number and of name searches, through the real selectors.

    .venv/bin/python bench/bench_lookup.py [--var-dir bench/out] [--samples 500] [--user county_approver]

Runs against the database ``bench_generate.py`` left (or the one ``DATABASE_URL`` names), as a demo user
(default the county-level approver of 曾都区, whose area holds about 40% of the population). For random
people of that county it times:

- ``person_list_for(q=<full ID number>)``, first page of 20;
- ``person_get_for(person_id=…)``;
- ``person_list_for(q=<full name>)`` and ``person_list_for(q=<surname + first given character>)``, first
  page of 20, and the ``count()`` a paginator would add.

Targets (issue 2, point 12): p95 ID lookup ≤ 20 ms, p95 name search ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(var_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("MINZHENG_VAR_DIR", str(var_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    import django

    django.setup()


def _percentiles(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return at(0.50), at(0.95), ordered[-1] * 1000


def _time(label: str, inputs: list, call: Callable[[object], object]) -> tuple[float, float]:
    for value in inputs[:20]:  # warm the page cache and the connection
        call(value)
    times = []
    for value in inputs:
        started = time.perf_counter()
        call(value)
        times.append(time.perf_counter() - started)
    p50, p95, worst = _percentiles(times)
    print(f"{label:<46} n={len(times):<4} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {worst:7.2f} ms")
    return p50, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--user", default="county_approver", help="a demo user name")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _setup(args.var_dir)

    from django.db import connection

    from apps.accounts.models import User
    from apps.registry.models import Person
    from apps.registry.selectors import person_get_for, person_list_for
    from policy.areas import area_code_range

    actor = User.objects.get(username=args.user)
    low, high = area_code_range(actor.area_id)
    total = Person.objects.count()
    ids = list(
        Person.objects.filter(hukou_area_id__gte=low, hukou_area_id__lte=high).values_list("id", flat=True)
    )
    rng = random.Random(args.seed)
    sample = list(
        Person.objects.filter(id__in=rng.sample(ids, min(args.samples, len(ids)))).values_list(
            "id", "id_number", "name"
        )
    )
    rng.shuffle(sample)
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; {total:,} people, "
        f"{len(ids):,} in {actor.area} ({actor.username}, {actor.role_label})"
    )

    results = {
        "id": _time(
            "person_list_for(q=full ID number)[:20]",
            [s[1] for s in sample],
            lambda v: list(person_list_for(actor=actor, q=str(v))[:20]),
        ),
        "get": _time(
            "person_get_for(person_id)",
            [s[0] for s in sample],
            lambda v: person_get_for(actor=actor, person_id=v),
        ),
        "name": _time(
            "person_list_for(q=full name)[:20]",
            [s[2] for s in sample],
            lambda v: list(person_list_for(actor=actor, q=str(v))[:20]),
        ),
        "prefix": _time(
            "person_list_for(q=surname+1 char)[:20]",
            [s[2][:2] for s in sample],
            lambda v: list(person_list_for(actor=actor, q=str(v))[:20]),
        ),
    }
    _time(
        "  … and its count() (paginator)",
        [s[2][:2] for s in sample[:100]],
        lambda v: person_list_for(actor=actor, q=str(v)).count(),
    )
    ok_id = max(results["id"][1], results["get"][1]) <= 20
    ok_name = max(results["name"][1], results["prefix"][1]) <= 100
    print(
        f"target p95 ID lookup ≤ 20 ms: {'met' if ok_id else 'MISSED'}; "
        f"p95 name search ≤ 100 ms: {'met' if ok_name else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
