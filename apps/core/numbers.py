"""Giving business numbers (policy/numbers.py has the form and the kinds).

:func:`number_next` gives one number inside the caller's transaction; :func:`numbers_take` gives ``count``
of them in one statement, for bulk writers (imports, the demo). Both are one ``INSERT … ON CONFLICT DO
UPDATE … RETURNING`` on ``core_numbersequence``: the upsert takes the row lock on PostgreSQL (a second
transaction waits on the row until the first commits or rolls back), and SQLite serialises writers. A
rolled-back transaction rolls back its increment with its rows, so a number is never given to two rows
that both exist; each model's ``number`` column is unique besides, which makes a duplicate impossible.

:func:`numbers_fill` numbers the rows of a table that have none, set-based (one UPDATE over a window of
row numbers per county, year and kind in id order), and moves the sequences past them: the migrations
that add the ``number`` columns use it to backfill.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db import connection as default_connection
from django.db.models import Q

from apps.core import clock
from policy.numbers import SERIAL_WIDTH, number_format, number_normalise, number_parts

__all__ = [
    "number_for",
    "number_next",
    "number_q",
    "number_year",
    "numbers_fill",
    "numbers_take",
    "sql_year_of_date",
    "sql_year_of_timestamp",
]

_UPSERT = (
    "INSERT INTO core_numbersequence (kind_code, county_code, year, last_serial) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (kind_code, county_code, year) "
    "DO UPDATE SET last_serial = core_numbersequence.last_serial + excluded.last_serial "
    "RETURNING last_serial"
)


def number_year(on: date | datetime | None = None) -> int:
    """The year a record made ``on`` is numbered in (today by default, in the bureau's time zone)."""
    if on is None:
        return clock.today().year
    if isinstance(on, datetime) and on.tzinfo is not None:
        from django.utils import timezone

        on = timezone.localtime(on)
    return on.year


def _reserve(*, kind_code: str, county_code: str, year: int, count: int) -> int:
    """Move the sequence on by ``count``; the last serial now taken."""
    county = county_code[:6]
    number_format(kind_code=kind_code, county_code=county, year=year, serial=1)  # validates the parts
    with default_connection.cursor() as cursor:
        cursor.execute(_UPSERT, [kind_code, county, year, count])
        last: int = cursor.fetchone()[0]
    return last


def number_next(*, kind_code: str, county_code: str, year: int) -> str:
    """The next number of ``kind_code`` for the county (the first six digits of ``county_code``) and year.

    Call it inside the transaction that writes the row: the sequence row stays locked until it ends.
    """
    last = _reserve(kind_code=kind_code, county_code=county_code, year=year, count=1)
    return number_format(kind_code=kind_code, county_code=county_code, year=year, serial=last)


def numbers_take(*, kind_code: str, county_code: str, year: int, count: int) -> list[str]:
    """``count`` consecutive numbers in one statement, in order (none when ``count`` is 0)."""
    if count <= 0:
        return []
    last = _reserve(kind_code=kind_code, county_code=county_code, year=year, count=count)
    first = last - count + 1
    return [
        number_format(kind_code=kind_code, county_code=county_code, year=year, serial=serial)
        for serial in range(first, last + 1)
    ]


def _serial_sql(vendor: str, expression: str) -> str:
    if vendor == "postgresql":
        return (
            f"CASE WHEN {expression} < {10**SERIAL_WIDTH} "
            f"THEN lpad(({expression})::text, {SERIAL_WIDTH}, '0') ELSE ({expression})::text END"
        )
    return f"printf('%0{SERIAL_WIDTH}d', {expression})"


def sql_year_of_timestamp(vendor: str, column: str) -> str:
    """SQL for the four-digit year of a date or timestamp column, as text (local time for a timestamp)."""
    if vendor == "postgresql":
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY')"
    return f"strftime('%Y', {column}, '+8 hours')"


def sql_year_of_date(vendor: str, column: str) -> str:
    """SQL for the year of a DATE column, as text."""
    if vendor == "postgresql":
        return f"to_char({column}, 'YYYY')"
    return f"strftime('%Y', {column})"


def numbers_fill(
    *,
    table: str,
    kind_sql: str,
    county_sql: str,
    year_sql: str,
    connection: Any = None,
) -> int:
    """Number every row of ``table`` whose ``number`` is NULL, and move the sequences past them.

    ``kind_sql``, ``county_sql`` and ``year_sql`` are SQL expressions over the table's columns (aliased
    ``t``) giving each row's kind code, six-digit county and four-digit year as text. Serials follow id
    order within each (kind, county, year), after the sequence's last serial. Returns the rows numbered.
    """
    conn = connection or default_connection
    vendor = conn.vendor
    serial = "(w.rn + COALESCE(s.last_serial, 0))"
    concat = f"w.county || '-' || w.year || '-' || w.kind || '-' || {_serial_sql(vendor, serial)}"
    numbered = (
        f"SELECT t.id AS id, {kind_sql} AS kind, {county_sql} AS county, {year_sql} AS year, "
        f"ROW_NUMBER() OVER (PARTITION BY {kind_sql}, {county_sql}, {year_sql} ORDER BY t.id) AS rn "
        f"FROM {table} t WHERE t.number IS NULL"
    )
    given = (
        f"SELECT w.id AS id, w.kind AS kind, w.county AS county, w.year AS year, {serial} AS serial, "
        f"{concat} AS number FROM ({numbered}) w LEFT JOIN core_numbersequence s "
        "ON s.kind_code = w.kind AND s.county_code = w.county AND s.year = CAST(w.year AS INTEGER)"
    )
    with conn.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS numbers_given")
        cursor.execute(f"CREATE TEMPORARY TABLE numbers_given AS {given}")
        cursor.execute("CREATE UNIQUE INDEX numbers_given_id ON numbers_given (id)")
        cursor.execute(f"UPDATE {table} SET number = g.number FROM numbers_given g WHERE g.id = {table}.id")
        count = cursor.rowcount
        cursor.execute(
            "INSERT INTO core_numbersequence (kind_code, county_code, year, last_serial) "
            "SELECT kind, county, CAST(year AS INTEGER), MAX(serial) FROM numbers_given WHERE true "
            "GROUP BY kind, county, year "
            "ON CONFLICT (kind_code, county_code, year) DO UPDATE SET last_serial = excluded.last_serial"
        )
        cursor.execute("DROP TABLE numbers_given")
    return count


def number_for(*, kind_code: str, area_code: str, on: date | datetime | None = None) -> str:
    """The next number of ``kind_code`` for the county of ``area_code`` (any level from the county down)."""
    return number_next(kind_code=kind_code, county_code=area_code[:6], year=number_year(on))


_PART = re.compile(r"^(?=.*\d)(?=.*[A-Z-])[0-9A-Z-]+$")
# A 公民身份号码 ending in the check character X has a digit and a letter too, but is no business number.
_ID_NUMBER = re.compile(r"^\d{17}X$")


def number_q(field: str, text: str) -> Q | None:
    """A filter on ``field`` (a ``number`` column) for what a person typed, or None if it is no number.

    A whole number (with or without hyphens, in full-width, lower case) matches exactly, on the unique
    index; a part of one that has a digit and a letter or hyphen (``DB-00123``) matches as "contains".
    """
    typed = number_normalise(text)
    if number_parts(typed) is not None:
        return Q(**{field: typed})
    if _PART.match(typed) and not _ID_NUMBER.match(typed):
        return Q(**{f"{field}__contains": typed})
    return None
