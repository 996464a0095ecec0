"""The selectors add the fact table up per area and month exactly as the raw rows do: the month, the
year to date, the month before, the breakdown by area, the trend and the year; and they stay inside the
actor's area."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from apps.statistics.selectors import (
    breakdown,
    freshness,
    monthly_figures,
    statistics_area_get,
    trend,
    year_figures,
)
from apps.statistics.services import stats_refresh
from policy.errors import NotFound, PermissionDenied
from policy.statistics import Measure
from tests.apps.statistics.conftest import MONTHS, NOV, OCT
from tests.apps.statistics.raw import expected
from tests.factories import COUNTY, OTHER_COUNTY, TOWN, VILLAGE


@pytest.fixture
def counted(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)
    return expected(COUNTY, MONTHS)


def _raw_total(raw, *, month, measure, prefix="", program="", urban=None) -> int:
    return sum(
        values.get(measure, 0)
        for (m, village, p, u), values in raw.items()
        if m == month
        and village.startswith(prefix)
        and (not program or p == program)
        and (urban is None or u == urban)
    )


@pytest.mark.parametrize("area", [COUNTY, TOWN, VILLAGE])
def test_the_months_figures_for_an_area_equal_the_raw_sums(counted, approver, area):
    prefix = area[: {COUNTY: 6, TOWN: 9}.get(area, 12)]

    figures = monthly_figures(actor=approver, area_code=area, month=NOV)

    for measure in Measure:
        for program in ("dibao", "tekun", "disability", "longevity", "temporary"):
            for urban in (True, False):
                assert figures.total(measure, program, urban) == _raw_total(
                    counted, month=NOV, measure=measure.value, prefix=prefix, program=program, urban=urban
                ), (measure, program, urban)


def test_the_year_to_date_adds_the_flows_of_january_through_the_month(counted, approver):
    figures = monthly_figures(actor=approver, area_code=COUNTY, month=NOV)

    months = [m for m in MONTHS if m <= NOV]
    for measure in (Measure.PAID_CENTS, Measure.NEW_HOUSEHOLDS, Measure.EXIT_PERSONS, Measure.GRANT_CENTS):
        raw = sum(_raw_total(counted, month=m, measure=measure.value) for m in months)
        assert sum(v for (_, _, m), v in figures.year_to_date.items() if m is measure) == raw
    assert not any(m.point_in_time for (_, _, m) in figures.year_to_date)


def test_the_table_shows_the_month_the_month_before_and_the_change(counted, approver):
    figures = monthly_figures(actor=approver, area_code=COUNTY, month=NOV)
    rows = {row.indicator.code: row for row in figures.table}

    urban_households = _raw_total(counted, month=NOV, measure="households", program="dibao", urban=True)
    before = _raw_total(counted, month=OCT, measure="households", program="dibao", urban=True)
    assert rows["MZ0101"].value == urban_households and rows["MZ0101"].previous == before
    paid = sum(
        _raw_total(counted, month=m, measure="paid_cents", program="dibao") for m in MONTHS if m <= NOV
    )
    assert rows["MZ0301"].value * 1_000_000 == pytest.approx(paid, abs=5_000)
    grants = sum(_raw_total(counted, month=m, measure="grants") for m in MONTHS if m <= NOV)
    assert rows["MZ0308"].value == grants == 2


def test_the_breakdown_by_township_adds_up_to_the_county(counted, approver):
    rows = breakdown(actor=approver, area_code=COUNTY, month=NOV)
    figures = monthly_figures(actor=approver, area_code=COUNTY, month=NOV)

    assert sum(r.households.get("dibao", 0) for r in rows) == figures.total(Measure.HOUSEHOLDS, "dibao")
    assert sum(r.total_persons for r in rows) == figures.total(Measure.PERSONS)
    assert sum(r.paid_cents for r in rows) == figures.total(Measure.PAID_CENTS) + figures.total(
        Measure.GRANT_CENTS
    )
    assert {r.code[:9] for r in rows} >= {TOWN[:9]}
    assert breakdown(actor=approver, area_code=VILLAGE, month=NOV) == ()


def test_the_trend_gives_each_month_as_the_raw_rows_do(counted, approver):
    data = trend(actor=approver, area_code=COUNTY, months=12, until=date(2025, 12, 1))

    assert [p.month for p in data.points] == MONTHS
    for point in data.points:
        per_program = defaultdict(int)
        for (m, _, program, _), values in counted.items():
            if m == point.month:
                per_program[program] += values.get("households", 0)
        assert {k: v for k, v in point.households.items() if v} == {k: v for k, v in per_program.items() if v}


def test_the_year_counts_at_its_end_and_sums_its_flows(counted, approver):
    year = year_figures(actor=approver, area_code=COUNTY, year=2025)

    assert year.through == date(2025, 12, 1)
    assert year.total(Measure.HOUSEHOLDS, "dibao") == _raw_total(
        counted, month=date(2025, 12, 1), measure="households", program="dibao"
    )
    assert year.total(Measure.PAID_CENTS) == sum(
        _raw_total(counted, month=m, measure="paid_cents") for m in MONTHS
    )
    assert year.previous_total(Measure.PAID_CENTS) == 0


def test_the_figures_say_when_they_were_made_and_when_the_sources_moved_on(counted, approver):
    assert freshness(area_code=COUNTY, month=NOV).stale is False
    assert freshness(area_code=COUNTY, month=date(2024, 1, 1)).refreshed_at is None

    from apps.assistance.models import Case
    from apps.payroll.services.case_changes import case_change

    case = Case.objects.filter(program="dibao", status="active").first()
    case_change(actor=approver, case=case, change="suspend", reason_code="whereabouts", reason="外出未归")

    assert freshness(area_code=COUNTY, month=NOV).stale is True


def test_an_area_outside_the_actors_answers_not_found(areas, approver, reviewer):
    with pytest.raises(NotFound):
        statistics_area_get(actor=approver, area_code=OTHER_COUNTY)
    with pytest.raises(NotFound):
        monthly_figures(actor=reviewer, area_code="421303100000", month=NOV)
    with pytest.raises(NotFound):
        statistics_area_get(actor=approver, area_code="42130x")


def test_a_village_worker_reads_no_statistics(areas, worker):
    with pytest.raises(PermissionDenied):
        monthly_figures(actor=worker, month=NOV)
