"""The 民政统计 table as data: each line sums its measure over its programmes and 城乡, 累计 lines read the
year to date, 万元 and averages round once, and 环比 compares with the month before."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.months import month_add, month_range, months_back
from policy.statistics import Measure, change_rate, figures_add
from policy.statistics.indicators import MONTHLY_INDICATORS, Period, Unit, indicator_value, monthly_table

H, P, PAID = Measure.HOUSEHOLDS, Measure.PERSONS, Measure.PAID_CENTS
MONTH = {
    ("dibao", True, H): 120,
    ("dibao", True, P): 210,
    ("dibao", False, H): 80,
    ("dibao", True, PAID): 12_345_678,
}
YTD = {
    ("dibao", True, PAID): 98_765_432,
    ("dibao", False, PAID): 1_234_567,
    ("temporary", False, Measure.GRANTS): 3,
}


def _row(code: str):
    return next(i for i in MONTHLY_INDICATORS if i.code == code)


def test_codes_are_unique_and_every_line_has_a_unit_and_section():
    codes = [i.code for i in MONTHLY_INDICATORS]
    assert len(codes) == len(set(codes))
    assert all(i.unit in Unit and i.section and i.label for i in MONTHLY_INDICATORS)


def test_a_count_line_sums_its_programme_and_城乡_only():
    assert indicator_value(_row("MZ0101"), month=MONTH, year_to_date=YTD) == 120
    assert indicator_value(_row("MZ0103"), month=MONTH, year_to_date=YTD) == 80


def test_a_累计_line_reads_the_year_to_date_in_万元_rounded_half_up():
    # 98,765,432 + 1,234,567 fen = 999,999.99 yuan = 100.00 万元 (99.9999999 rounded)
    assert indicator_value(_row("MZ0301"), month=MONTH, year_to_date=YTD) == Decimal("100.00")
    assert indicator_value(_row("MZ0302"), month=MONTH, year_to_date=YTD) == Decimal("98.77")
    assert indicator_value(_row("MZ0308"), month=MONTH, year_to_date=YTD) == 3


def test_the_monthly_average_is_the_months_money_per_person_in_care():
    # 123,456.78 yuan ÷ 210 persons = 587.889… → 587.89
    assert indicator_value(_row("MZ0401"), month=MONTH, year_to_date=YTD) == Decimal("587.89")
    assert indicator_value(_row("MZ0402"), month=MONTH, year_to_date=YTD) == Decimal("0.00")


def test_the_table_gives_the_previous_period_and_the_change():
    previous = {("dibao", True, H): 100}
    rows = {r.indicator.code: r for r in monthly_table(month=MONTH, year_to_date=YTD, previous_month=previous,
                                                       previous_year_to_date={})}  # fmt: skip
    assert (rows["MZ0101"].value, rows["MZ0101"].previous, rows["MZ0101"].rate) == (120, 100, Decimal("20.0"))
    assert rows["MZ0103"].rate is None  # 上期 0: no ratio
    assert len(rows) == len(MONTHLY_INDICATORS)


@pytest.mark.parametrize(
    ("current", "previous", "rate"),
    [
        (105, 100, Decimal("5.0")),
        (99, 100, Decimal("-1.0")),
        (1, 3, Decimal("-66.7")),
        (2, 3, Decimal("-33.3")),
        (7, 0, None),
        (0, 0, None),
        (Decimal("1.005"), 1, Decimal("0.5")),
    ],
)
def test_change_rate_is_per_cent_to_one_decimal_half_up(current, previous, rate):
    assert change_rate(current, previous) == rate


def test_the_year_to_date_adds_flows_and_leaves_counts_out():
    total = figures_add([{("dibao", True, H): 5, ("dibao", True, PAID): 100}, {("dibao", True, PAID): 50}])
    assert total == {("dibao", True, PAID): 150}


def test_months_are_first_days_and_ranges_include_both_ends():
    assert month_add(date(2025, 1, 31), -1) == date(2024, 12, 1)
    winter = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert month_range(date(2025, 11, 5), date(2026, 2, 1)) == winter
    assert months_back(date(2026, 2, 9), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert month_range(date(2026, 2, 1), date(2026, 1, 1)) == []


def test_point_in_time_measures_are_the_month_end_counts_only():
    assert {m for m in Measure if m.point_in_time} == {H, P}
    assert all(
        i.period is Period.MONTH_END for i in MONTHLY_INDICATORS if i.measure.point_in_time and not i.per
    )
