"""Working days with the holiday calendar as data: 国庆 and 春节 holidays, 调休 Saturdays, and the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policy.calendar import WorkCalendar, add_working_days, calendar_parse, working_days_between
from policy.errors import ValidationFailed

CSV = Path(__file__).resolve().parents[2] / "apps" / "core" / "data" / "holidays_cn.csv"


@pytest.fixture(scope="module")
def cn() -> WorkCalendar:
    return calendar_parse(CSV.read_text(encoding="utf-8"))


def test_a_plain_week_skips_the_weekend():
    plain = WorkCalendar()

    assert add_working_days(date(2025, 3, 7), 1, calendar=plain) == date(2025, 3, 10)  # Friday → Monday
    assert add_working_days(date(2025, 3, 3), 5, calendar=plain) == date(2025, 3, 10)


def test_a_deadline_crossing_guoqing_2025_lands_on_the_tiaoxiu_saturday(cn):
    # given: accepted on Tuesday 30 September 2025; 1–8 October are holidays, Saturday 11 October is worked
    accepted = date(2025, 9, 30)

    # when: three working days (57号: start the investigation within 3 working days)
    due = add_working_days(accepted, 3, calendar=cn)

    # then: 9 October (Thu), 10 October (Fri), 11 October (the 调休 Saturday)
    assert due == date(2025, 10, 11)
    assert due.weekday() == 5


def test_the_tiaoxiu_sunday_before_guoqing_2024_counts_as_a_working_day(cn):
    assert add_working_days(date(2024, 9, 27), 1, calendar=cn) == date(2024, 9, 29)
    assert add_working_days(date(2024, 9, 29), 1, calendar=cn) == date(2024, 9, 30)
    assert add_working_days(date(2024, 9, 30), 1, calendar=cn) == date(2024, 10, 8)


def test_thirty_working_days_from_before_spring_festival_2026(cn):
    # 15–23 February 2026 off, 14 and 28 February (Saturdays) worked: 4 working days before the holiday
    # (11–14 February), 5 after it in February (24–28), then 21 in March up to Monday 30 March
    due = add_working_days(date(2026, 2, 10), 30, calendar=cn)

    assert due == date(2026, 3, 30)
    assert working_days_between(date(2026, 2, 10), due, calendar=cn) == 30


def test_working_days_between_is_negative_when_the_end_is_earlier(cn):
    assert working_days_between(date(2025, 10, 13), date(2025, 9, 30), calendar=cn) == -4


@pytest.mark.parametrize(
    ("start", "days"),
    [(date(2023, 1, 19), 7), (date(2023, 9, 27), 12), (date(2024, 4, 3), 4), (date(2025, 4, 25), 9)],
)
def test_between_undoes_add(cn, start, days):
    assert working_days_between(start, add_working_days(start, days, calendar=cn), calendar=cn) == days


def test_zero_days_on_a_holiday_moves_to_the_next_working_day(cn):
    assert add_working_days(date(2025, 10, 3), 0, calendar=cn) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 9), 0, calendar=cn) == date(2025, 10, 9)


def test_the_file_holds_every_year_from_2023_to_2026(cn):
    assert {2023, 2024, 2025, 2026} <= cn.years
    assert not cn.is_working_day(date(2026, 1, 2))
    assert cn.is_working_day(date(2026, 1, 4))  # Sunday, worked after 元旦 2026
    assert cn.names[date(2025, 10, 11)] == "国庆节调休上班"


def test_a_weekday_marked_as_tiaoxiu_is_refused_with_its_line():
    with pytest.raises(ValidationFailed) as caught:
        calendar_parse("date,kind,name\n2025-10-01,holiday,国庆节\n2025-10-09,workday,国庆节调休上班\n")

    assert "第3行" in caught.value.message and "不是周末" in caught.value.message


def test_a_bad_date_or_kind_is_refused():
    with pytest.raises(ValidationFailed, match="日期“2025-13-01”格式不正确"):
        calendar_parse("2025-13-01,holiday,x")
    with pytest.raises(ValidationFailed, match="类型应为"):
        calendar_parse("# comment\n2025-10-01,off,国庆节")


def test_a_day_cannot_be_both_holiday_and_workday():
    with pytest.raises(ValidationFailed, match="既是放假日又是调休上班日"):
        WorkCalendar(holidays=frozenset({date(2025, 10, 11)}), workdays=frozenset({date(2025, 10, 11)}))
