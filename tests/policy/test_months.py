"""Month arithmetic (policy/months.py): months named by their first day, and days moved by whole months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.errors import ValidationFailed
from policy.months import (
    month_add,
    month_last_day,
    month_parse,
    month_range,
    month_start,
    months_add,
    months_back,
    months_between,
)


def test_a_month_is_read_from_yyyy_mm_as_its_first_day():
    assert month_parse("2024-05") == date(2024, 5, 1)
    assert month_parse(" 2024-5 ") == date(2024, 5, 1)
    assert month_parse("2024-05-17") == date(2024, 5, 1)


@pytest.mark.parametrize("text", ["", "2024", "2024-13", "五月", "2024/05"])
def test_a_malformed_month_is_refused_in_chinese_on_the_named_field(text):
    with pytest.raises(ValidationFailed) as refused:
        month_parse(text, field="from")

    assert "格式应为 YYYY-MM" in refused.value.errors["from"][0]


def test_moving_between_months_answers_first_days_across_years():
    assert month_add(date(2025, 1, 31), -1) == date(2024, 12, 1)
    assert month_add(date(2025, 12, 15), 1) == date(2026, 1, 1)
    assert month_add(date(2025, 6, 1), -30) == date(2022, 12, 1)
    assert month_add(date(2025, 6, 9), 0) == date(2025, 6, 1)
    assert month_start(date(2025, 6, 9)) == date(2025, 6, 1)


def test_the_last_day_of_a_month_knows_leap_years():
    assert month_last_day(date(2024, 2, 10)) == date(2024, 2, 29)
    assert month_last_day(date(2025, 2, 1)) == date(2025, 2, 28)
    assert month_last_day(date(2025, 12, 1)) == date(2025, 12, 31)


def test_a_range_of_months_is_inclusive_and_empty_when_reversed():
    winter = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert month_range(date(2025, 11, 5), date(2026, 2, 1)) == winter
    assert month_range(date(2026, 2, 1), date(2026, 1, 31)) == []
    assert months_back(date(2026, 2, 9), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_a_day_moved_by_whole_months_keeps_its_day_or_the_months_last():
    assert months_add(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert months_add(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert months_add(date(2025, 8, 15), 6) == date(2026, 2, 15)
    assert months_add(date(2025, 11, 30), 12) == date(2026, 11, 30)


def test_months_between_counts_whole_months_then_the_rest_by_days():
    assert months_between(date(2025, 1, 1), date(2026, 1, 1)) == 12
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_between(date(2025, 6, 1), date(2025, 6, 16)) == Decimal(15) / Decimal(30)
    assert months_between(date(2025, 6, 1), date(2025, 6, 1)) == 0
    assert months_between(date(2025, 6, 2), date(2025, 6, 1)) == 0
