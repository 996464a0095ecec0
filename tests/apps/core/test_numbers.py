"""Giving business numbers: sequential per county, year and kind, in bulk in one statement, never twice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.core.models import NumberSequence
from apps.core.numbers import (
    number_next,
    number_q,
    number_year,
    numbers_fill,
    numbers_take,
    sql_year_of_timestamp,
)
from apps.registry.models import Household
from tests.factories import VILLAGE, household

pytestmark = pytest.mark.django_db


def test_numbers_run_on_per_county_year_and_kind() -> None:
    first = number_next(kind_code="DB", county_code="421303", year=2026)
    second = number_next(kind_code="DB", county_code="421303001001", year=2026)
    assert (first, second) == ("421303-2026-DB-00001", "421303-2026-DB-00002")
    # another kind, another county and another year each start at 1
    assert number_next(kind_code="TK", county_code="421303", year=2026) == "421303-2026-TK-00001"
    assert number_next(kind_code="DB", county_code="420921", year=2026) == "420921-2026-DB-00001"
    assert number_next(kind_code="DB", county_code="421303", year=2027) == "421303-2027-DB-00001"
    assert NumberSequence.objects.get(kind_code="DB", county_code="421303", year=2026).last_serial == 2


def test_a_bulk_take_is_one_statement_and_continues_the_sequence() -> None:
    number_next(kind_code="JT", county_code="421303", year=2026)
    with CaptureQueriesContext(connection) as queries:
        taken = numbers_take(kind_code="JT", county_code="421303", year=2026, count=1000)
    assert len(queries) == 1
    assert taken[0] == "421303-2026-JT-00002" and taken[-1] == "421303-2026-JT-01001"
    assert len(set(taken)) == 1000
    assert number_next(kind_code="JT", county_code="421303", year=2026) == "421303-2026-JT-01002"
    assert numbers_take(kind_code="JT", county_code="421303", year=2026, count=0) == []


def test_a_rolled_back_number_is_given_again_only_because_its_row_is_gone(worker) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        number_next(kind_code="XS", county_code="421303", year=2026)
        raise RuntimeError
    assert number_next(kind_code="XS", county_code="421303", year=2026) == "421303-2026-XS-00001"


def test_the_column_refuses_a_duplicate(worker) -> None:
    made = household(actor=worker, members=1)
    twin = Household(area_id=VILLAGE, address="另一处", number=made.number)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_year_is_the_bureaus_local_year() -> None:
    # 2025-12-31 17:00 UTC is already 2026-01-01 in 北京时间
    assert number_year(datetime(2025, 12, 31, 17, tzinfo=ZoneInfo("UTC"))) == 2026


def test_fill_numbers_rows_in_id_order_after_the_sequence() -> None:
    number_next(kind_code="JT", county_code="421303", year=2026)  # 00001 already given
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE numbers_probe "
            "(id integer, area_id varchar(12), at timestamp, number varchar(32))"
        )
        cursor.executemany(
            "INSERT INTO numbers_probe VALUES (%s, %s, %s, NULL)",
            [
                (3, "421303001001", "2026-03-01 01:00:00"),
                (1, "421303001001", "2026-02-01 01:00:00"),
                (2, "420921100201", "2026-02-01 01:00:00"),
                (4, "421303001001", "2025-06-01 01:00:00"),
            ],
        )
    filled = numbers_fill(
        table="numbers_probe",
        kind_sql="'JT'",
        county_sql="substr(t.area_id, 1, 6)",
        year_sql=sql_year_of_timestamp(connection.vendor, "t.at"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, number FROM numbers_probe ORDER BY id")
        rows = dict(cursor.fetchall())
        cursor.execute("DROP TABLE numbers_probe")
    assert filled == 4
    assert rows == {
        1: "421303-2026-JT-00002",
        2: "420921-2026-JT-00001",
        3: "421303-2026-JT-00003",
        4: "421303-2025-JT-00001",
    }
    assert number_next(kind_code="JT", county_code="421303", year=2026) == "421303-2026-JT-00004"


@pytest.mark.parametrize(
    ("typed", "lookup"),
    [
        ("４２１３０３2026db00012", {"number": "421303-2026-DB-00012"}),
        ("db-00012", {"number__contains": "DB-00012"}),
    ],
)
def test_a_typed_number_becomes_a_filter(typed: str, lookup: dict) -> None:
    assert number_q("number", typed).children == list(lookup.items())


def test_a_name_is_no_number() -> None:
    assert number_q("number", "王建国") is None
    assert number_q("number", "4213") is None
