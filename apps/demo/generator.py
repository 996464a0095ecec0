"""Writing the synthetic population into the database: chunk by chunk, in bulk, in one transaction.

The people come from :mod:`apps.demo.population` as numpy columns. Here they become plain tuples and go
to the database the fastest way each engine offers:

- SQLite: ``executemany`` of plain tuples on the raw connection, with a large page cache, foreign-key
  checks off for the load (the generator builds the links itself) and the secondary indexes dropped
  and rebuilt once at the end, which sorts instead of inserting at random places two million times;
- PostgreSQL: ``COPY … FROM STDIN`` through psycopg's ``cursor.copy``.

Primary keys are handed out from the tables' current maximum, so memberships and incomes can point at
their people before anything is written. Memory stays flat: one chunk (50,000 households) at a time.
One audit row records the whole load, inside the same transaction.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.numbers import number_year, numbers_take
from apps.core.services import audit_record
from apps.demo import population, population_people, vocab
from apps.registry.models import Household, Income, Membership, Person
from policy.areas import AreaLevel
from policy.errors import ValidationFailed
from policy.numbers import HOUSEHOLD

CHUNK = 50_000
DEMO_VILLAGE = "421303001001"  # 乌龙巷居委会（社区）, where the demo village worker works
TABLES: tuple[tuple[str, type[models.Model]], ...] = (
    ("households", Household),
    ("persons", Person),
    ("memberships", Membership),
    ("incomes", Income),
)


@dataclass(frozen=True, slots=True)
class GenerationResult:
    households: int
    persons: int
    memberships: int
    incomes: int
    seconds: float
    seed: int


def villages_load() -> population.Villages:
    """The villages of the five seed counties, with the address prefix ``<乡镇><村/社区>``."""
    rows = list(
        Area.objects.filter(level=AreaLevel.VILLAGE)
        .filter(models.Q(*[models.Q(code__startswith=c) for c in vocab.COUNTIES], _connector=models.Q.OR))
        .order_by("code")
        .values_list("code", "name", "is_urban", "parent__name")
    )
    if not rows:
        raise ValidationFailed.on(
            "areas", "没有找到五个示范县的村(社区)，请先导入区划（minzheng areas import）"
        )
    return population.Villages(
        code=np.array([r[0] for r in rows]),
        county=np.array([vocab.COUNTIES.index(r[0][:6]) for r in rows], dtype=np.int64),
        is_urban=np.array([r[2] for r in rows], dtype=bool),
        address_prefix=np.array([f"{r[3]}{population.village_short_name(r[1])}" for r in rows]),
    )


def _column(value: Any, n: int) -> Iterable[Any]:
    """One column as Python values the drivers accept: str dates, None for masked (NULL) entries."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            value = value.astype(str)
        return value.tolist()  # a masked array turns its masked entries into None
    if isinstance(value, date):
        value = value.isoformat()
    return itertools.repeat(value, n)


def _rows(
    model: type[models.Model], columns: dict[str, Any], now: Any
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The model's columns in order, and one tuple per row; fields not generated take their default."""
    n = len(columns["id"])
    fields = model._meta.concrete_fields
    unknown = set(columns) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
    values: list[Iterable[Any]] = []
    for f in fields:
        if f.attname in columns:
            values.append(_column(columns[f.attname], n))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(itertools.repeat(now, n))
        elif f.has_default() or f.null or f.empty_strings_allowed:
            values.append(itertools.repeat(f.get_db_prep_save(f.get_default(), connection), n))
        else:
            raise ValueError(f"{model.__name__}.{f.attname} needs a generated value")
    return [f.column for f in fields], zip(*values, strict=True)


class _SqliteWriter:
    """executemany on the raw sqlite3 connection, secondary indexes rebuilt once at the end."""

    def __init__(self) -> None:
        self.raw = connection.connection
        self.indexes: list[tuple[str, str]] = []

    def begin(self) -> None:
        self.raw.execute("PRAGMA cache_size = -262144")  # 256 MiB of page cache for the load
        tables = [m._meta.db_table for _, m in TABLES]
        marks = ",".join("?" * len(tables))
        # Unique indexes stay (they must check every row); the others are rebuilt by one sort each.
        self.indexes = self.raw.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND sql NOT LIKE '%UNIQUE%' AND tbl_name IN ({marks})",
            tables,
        ).fetchall()
        for name, _ in self.indexes:
            self.raw.execute(f'DROP INDEX "{name}"')

    def write(self, model: type[models.Model], columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        self.raw.executemany(f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES ({marks})', rows)

    def end(self) -> None:
        for _, sql in self.indexes:
            self.raw.execute(sql)
        self.raw.execute("ANALYZE")
        self.raw.execute("PRAGMA cache_size = -2000")


class _PostgresWriter:
    """COPY FROM STDIN through psycopg, then the id sequences moved past the new rows."""

    def __init__(self) -> None:
        self.raw = connection.connection

    def begin(self) -> None:
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for _, m in TABLES)
        with connection.cursor() as cursor:
            # The keys are handed out from max(id): no one else may write until the load commits.
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
            # Check foreign keys at the end of each COPY rather than queueing millions of checks to commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def write(self, model: type[models.Model], columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with (
            self.raw.cursor() as cursor,
            cursor.copy(
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def end(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for sql in connection.ops.sequence_reset_sql(no_style(), [m for _, m in TABLES]):
                cursor.execute(sql)
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for _, m in TABLES)
            )


def _high_water(model: type[models.Model]) -> int:
    """The highest id the table's sequence ever handed out, deleted rows included."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        else:
            cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id'))", [table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _first_ids() -> population.FirstIds:
    # Never reuse the id of a deleted row: audit rows still name it, and a household's history page would
    # show a stranger's past.
    def after(model: type[models.Model]) -> int:
        return max(model.objects.aggregate(top=Max("id"))["top"] or 0, _high_water(model)) + 1

    return population.FirstIds(
        household=after(Household), person=after(Person), membership=after(Membership), income=after(Income)
    )


def household_numbers(area_ids: np.ndarray, *, year: int) -> np.ndarray:
    """A 户编号 for each household of a chunk, in row (id) order: one sequence step per county."""
    counties = np.array([code[:6] for code in area_ids.tolist()])
    numbers = np.empty(len(area_ids), dtype=object)
    for county in np.unique(counties):
        where = np.flatnonzero(counties == county)
        numbers[where] = numbers_take(
            kind_code=HOUSEHOLD, county_code=str(county), year=year, count=len(where)
        )
    return numbers


def _taken_id_numbers() -> np.ndarray | None:
    """ID numbers already registered in the five counties (None when there are none, the usual case)."""
    county_q = models.Q(*[models.Q(id_number__startswith=c) for c in vocab.COUNTIES], _connector=models.Q.OR)
    if not Person.objects.filter(county_q).exists():
        return None
    return np.array(list(Person.objects.filter(county_q).values_list("id_number", flat=True)), dtype="U18")


def population_generate(
    *,
    households: int,
    seed: int = 2026,
    today: date | None = None,
    chunk_size: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Generate ``households`` households with their people and last year's incomes, all or nothing.

    ``progress`` is called with the number of households written after each chunk, ``stage`` with a
    Chinese label when a new step starts (generating, rebuilding indexes, committing).
    """
    say = stage or (lambda text: None)
    if households < 1:
        raise ValidationFailed.on("households", "家庭户数必须大于0")
    started = time.perf_counter()
    today = today or timezone.localdate()
    villages = villages_load()
    rng = np.random.default_rng(seed)
    favour = np.flatnonzero(villages.code == DEMO_VILLAGE)
    counts = population.village_counts(
        rng=rng, villages=villages, households=households, favour=int(favour[0]) if len(favour) else None
    )
    village_of = np.repeat(np.arange(len(villages.code), dtype=np.int32), counts)
    sequencer = population_people.IdSequencer(today, taken=_taken_id_numbers())
    totals = dict.fromkeys([name for name, _ in TABLES], 0)

    sqlite = connection.vendor == "sqlite"
    # Foreign-key checks cost a lookup per row and can only be switched off outside a transaction;
    # inside one (e.g. a test) they simply stay on.
    outermost = not connection.in_atomic_block
    checks_off = sqlite and outermost and connection.disable_constraint_checking()
    try:
        with transaction.atomic():
            writer = _SqliteWriter() if sqlite else _PostgresWriter()
            say("生成家庭")
            writer.begin()
            ids = _first_ids()
            first_household = ids.household
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            for start in range(0, households, chunk_size):
                chunk = population.households_make(
                    rng=rng,
                    villages=villages,
                    village_of=village_of[start : start + chunk_size],
                    ids=ids,
                    sequencer=sequencer,
                    today=today,
                )
                chunk.households["number"] = household_numbers(
                    chunk.households["area_id"], year=number_year(today)
                )
                for name, model in TABLES:
                    columns, rows = _rows(model, getattr(chunk, name), now)
                    writer.write(model, columns, rows)
                    totals[name] += chunk.count(name)
                del chunk
                if progress:
                    progress(min(chunk_size, households - start))
            say("重建索引")
            writer.end()
            audit_record(
                actor=None,
                action=AuditAction.LOAD,
                entity_type="registry.household",
                area_code="0" * 12,
                summary=(
                    f"生成演示人口：{totals['households']}户，{totals['persons']}人，"
                    f"收入记录{totals['incomes']}条（随机种子{seed}）"
                ),
                after={
                    **totals,
                    "seed": seed,
                    "first_household_id": first_household,
                    "last_household_id": ids.household - 1,
                },
            )
            say("写入磁盘")
    finally:
        if checks_off:
            connection.enable_constraint_checking()
    return GenerationResult(
        households=totals["households"],
        persons=totals["persons"],
        memberships=totals["memberships"],
        incomes=totals["incomes"],
        seconds=time.perf_counter() - started,
        seed=seed,
    )
