"""The small query helpers: the optimistic version guard, and money summed exactly in fen in SQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.db import cents_sql, cents_sum_sql, locked_at_version, version_check, yuan_sql
from apps.disclosure.models import DisclosureReport
from policy.errors import Conflict, NotFound
from tests.factories import COUNTY


@pytest.fixture
def report(areas):
    return DisclosureReport.objects.create(
        county_id=COUNTY,
        year=2025,
        template="2021",
        organ="曾都区民政局",
        version=3,
        updated_at=timezone.now(),
    )


def _lock(report, version, actor=None):
    return locked_at_version(
        DisclosureReport.objects.select_related("county"),
        pk=report.pk,
        version=version,
        conflict=lambda row: f"已被他人修改（当前第{row.version}版）",
        actor=actor,
        area_field="county_id",
    )


def test_the_row_is_locked_and_returned_while_nobody_changed_it(report, approver):
    assert _lock(report, 3, approver) == report
    assert _lock(report, None).version == 3  # no version sent: nothing to compare


def test_a_version_that_moved_on_is_a_conflict_naming_the_current_one(report):
    with pytest.raises(Conflict, match="当前第3版"):
        _lock(report, 2)


def test_a_missing_row_and_one_outside_the_actors_area_are_not_found_alike(report, outsider):
    with pytest.raises(NotFound):
        _lock(report, 3, outsider)
    report.delete()
    with pytest.raises(NotFound):
        _lock(report, 3)


def test_a_row_already_in_hand_is_checked_the_same_way(report):
    version_check(report, version=None, conflict="不会出现")
    with pytest.raises(Conflict, match="请刷新"):
        version_check(report, version=4, conflict="请刷新")


def test_money_is_summed_and_converted_in_whole_fen(db):
    # Ten times 0.10 as REAL is 0.9999999999999999 in SQLite; summed in fen it is exactly 100.
    rows = " UNION ALL ".join(["SELECT 0.1 AS x"] * 10)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cents_sum_sql('t.x')}, MAX({cents_sql('t.x')}) FROM ({rows}) t", [])
        assert tuple(int(v) for v in cursor.fetchone()) == (100, 10)
        cursor.execute(f"SELECT {cents_sum_sql('t.x')} FROM ({rows}) t WHERE t.x > 1", [])
        assert int(cursor.fetchone()[0]) == 0  # no rows: nothing spent, not NULL
        cursor.execute(f"SELECT {yuan_sql('68050')}", [])
        assert str(cursor.fetchone()[0]) == "680.50"
