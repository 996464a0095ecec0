"""The registry side of a check, read set-based into Polars: the current members of every household in a
county that has an open case (在保, 暂停 or 停发), with whether each is covered, and those cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import connection

from policy.areas import area_code_range
from policy.cases import CaseStatus

FETCH = 50_000
OPEN = (CaseStatus.ACTIVE.value, CaseStatus.SUSPENDED.value, CaseStatus.STOPPED.value)
PERSONS_SCHEMA = {
    "person_id": pl.Int64,
    "id_number": pl.String,
    "name": pl.String,
    "birth_date": pl.String,
    "area_code": pl.String,
    "household_id": pl.Int64,
    "relation": pl.String,
    "is_urban": pl.Boolean,
}
CASES_SCHEMA = {"case_id": pl.Int64, "household_id": pl.Int64, "status": pl.String}


@dataclass(frozen=True)
class Registry:
    """``persons``: person_id, id_number, name, birth_date, area_code (the household's village),
    household_id, relation, is_urban, covered. ``cases``: case_id, household_id, status. ``covered``:
    case_id, person_id."""

    persons: pl.DataFrame
    cases: pl.DataFrame
    covered: pl.DataFrame


def _fetch(
    sql: str, params: list[object], schema: dict[str, pl.DataType], progress: Callable[[int], None]
) -> pl.DataFrame:
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH):
            parts.append(pl.DataFrame([tuple(map(_plain, r)) for r in rows], schema=schema, orient="row"))
            progress(sum(p.height for p in parts))
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def _plain(value: object) -> object:
    # SQLite hands dates back as text, PostgreSQL as dates: one column type for both.
    return value.isoformat() if hasattr(value, "isoformat") else value


def registry_frames(
    *, county: str, covered_only: bool = False, progress: Callable[[int], None] = lambda n: None
) -> Registry:
    """The county's households with an open case, their current members and those cases. With
    ``covered_only``, only the members some open case covers (the pre-payroll death check)."""
    low, high = area_code_range(county)
    marks = ", ".join(["%s"] * len(OPEN))
    cases = _fetch(
        f"SELECT c.id, c.household_id, c.status FROM assistance_case c "
        f"WHERE c.area_id >= %s AND c.area_id <= %s AND c.status IN ({marks})",
        [low, high, *OPEN],
        CASES_SCHEMA,
        lambda n: None,
    )
    covered = _fetch(
        f"SELECT cc.case_id, cc.person_id FROM assistance_case_covered cc JOIN assistance_case c "
        f"ON c.id = cc.case_id WHERE c.area_id >= %s AND c.area_id <= %s AND c.status IN ({marks})",
        [low, high, *OPEN],
        {"case_id": pl.Int64, "person_id": pl.Int64},
        lambda n: None,
    )
    only = (
        f"AND EXISTS (SELECT 1 FROM assistance_case_covered cc JOIN assistance_case c ON c.id = cc.case_id "
        f"WHERE cc.person_id = p.id AND c.household_id = h.id AND c.status IN ({marks}))"
        if covered_only
        else "AND EXISTS (SELECT 1 FROM assistance_case c "
        f"WHERE c.household_id = h.id AND c.status IN ({marks}))"
    )
    persons = _fetch(
        "SELECT p.id, p.id_number, p.name, p.birth_date, h.area_id, h.id, m.relation, h.is_urban "
        "FROM registry_household h "
        "JOIN registry_membership m ON m.household_id = h.id AND m.end_date IS NULL "
        "JOIN registry_person p ON p.id = m.person_id "
        f"WHERE h.area_id >= %s AND h.area_id <= %s {only}",
        [low, high, *OPEN],
        PERSONS_SCHEMA,
        progress,
    )
    persons = persons.with_columns(
        pl.col("birth_date").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        pl.col("person_id").is_in(covered["person_id"].implode()).alias("covered"),
    )
    return Registry(persons=persons, cases=cases, covered=covered)
