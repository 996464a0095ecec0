"""The refresh builds the monthly fact table from the raw rows, set-based; its figures equal the sums
computed independently in plain Python, cell by cell, month by month."""

from __future__ import annotations

from datetime import date

import pytest

from apps.core.models import AuditLog
from apps.statistics.models import StatFact, StatRefresh
from apps.statistics.services import counties_for_refresh, stats_refresh
from policy.errors import NotFound, PermissionDenied, ValidationFailed
from policy.statistics import Measure
from tests.apps.statistics.conftest import MONTHS
from tests.apps.statistics.raw import expected
from tests.factories import COUNTY, OTHER_COUNTY, UserFactory

MEASURES = [m.value for m in Measure]


def _facts() -> dict:
    out = {}
    for row in StatFact.objects.all().values():
        values = {m: row[m] for m in MEASURES if row[m]}
        if values:
            out[(row["month"], row["village"], row["program"], row["is_urban"])] = values
    return out


def test_every_cell_of_every_month_equals_the_sums_of_the_raw_rows(history, approver):
    # when
    result = stats_refresh(actor=approver, county=COUNTY, months=MONTHS)

    # then
    facts = _facts()
    assert facts == expected(COUNTY, MONTHS)
    assert result.rows == StatFact.objects.count() > 0
    assert {r.township for r in StatFact.objects.all()} <= {
        v[:9] + "000" for v in StatFact.objects.values_list("village", flat=True)
    }


def test_the_history_shows_in_the_figures(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)
    facts = _facts()

    def cell(month, case):
        return facts.get((month, case.area_id, case.program, case.is_urban), {})

    exits = StatFact.objects.filter(month=date(2025, 10, 1), program="dibao")
    assert sum(exits.values_list("exit_households", flat=True)) >= 1
    late = StatFact.objects.filter(month=date(2025, 8, 1), village=history.late_exit.area_id, program="dibao")
    assert sum(late.values_list("exit_households", flat=True)) >= 1
    paid = StatFact.objects.filter(month=date(2025, 11, 1)).values_list("paid_cents", flat=True)
    assert sum(paid) > 0
    assert sum(StatFact.objects.values_list("grants", flat=True)) == history.grants
    assert cell(date(2025, 11, 1), history.resumed).get("households", 0) >= 1


def test_a_second_refresh_replaces_the_months_without_duplicates(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)
    first = _facts()

    stats_refresh(actor=approver, county=COUNTY, months=MONTHS[-3:])

    assert _facts() == first
    assert StatRefresh.objects.filter(county=COUNTY).count() == 12
    assert AuditLog.objects.filter(entity_type="statistics.statfact").count() == 2


def test_a_refresh_is_audited_with_its_months(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=[date(2025, 11, 1)])

    row = AuditLog.objects.get(entity_type="statistics.statfact")
    assert row.area_code == COUNTY and "2025年11月" in row.summary and row.actor_id == approver.pk


def test_a_county_outside_the_actors_area_answers_not_found(areas, approver):
    with pytest.raises(NotFound):
        stats_refresh(actor=approver, county=OTHER_COUNTY, months=[date(2025, 11, 1)])


def test_a_village_worker_may_not_refresh(areas, worker):
    with pytest.raises(PermissionDenied):
        stats_refresh(actor=worker, county=COUNTY, months=[date(2025, 11, 1)])


def test_a_township_reviewer_refreshes_its_own_county(areas, reviewer):
    assert counties_for_refresh(actor=reviewer) == [COUNTY]


def test_a_city_admin_refreshes_every_county_inside(areas):
    city = UserFactory(role="admin", area_id=COUNTY[:4] + "00000000")

    assert COUNTY in counties_for_refresh(actor=city)


@pytest.mark.parametrize(
    ("county", "months", "message"),
    [
        ("421303001000", [date(2025, 11, 1)], "不是县（区）级"),
        (COUNTY, [], "至少选择一个"),
        (COUNTY, [date(2020 + n // 12, n % 12 + 1, 1) for n in range(61)], "最多刷新60个月"),
    ],
)
def test_bad_refresh_requests_are_refused_with_the_reason(areas, county, months, message):
    with pytest.raises(ValidationFailed, match=message):
        stats_refresh(actor=None, county=county, months=months)
