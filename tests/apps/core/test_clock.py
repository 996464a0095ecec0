"""The office clock: pinned by a setting, and warning when the holiday file does not reach the year."""

from __future__ import annotations

from datetime import date

from apps.core.clock import calendar_gap, today, work_calendar


def test_the_setting_pins_today(settings):
    settings.MINZHENG_TODAY = "2025-10-11"

    assert today() == date(2025, 10, 11)


def test_the_shipped_holidays_cover_2023_to_2026():
    assert {2023, 2024, 2025, 2026} <= work_calendar().years
    assert calendar_gap(date(2026, 6, 1)) == ""


def test_a_warning_names_the_next_year_once_it_is_near():
    message = calendar_gap(date(2026, 11, 23))

    assert "2027年" in message and "holidays_cn.csv" in message
    assert "2028" in calendar_gap(date(2028, 1, 5))
