"""Ages and the "N years or older" birth-date cutoff agree with each other, month ends and 29 February."""

from __future__ import annotations

from datetime import date

import pytest

from policy.ages import age_on, born_by


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1946, 1, 30), date(2026, 1, 30), 80),  # the birthday itself counts
        (date(1946, 1, 31), date(2026, 1, 30), 79),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_counts_whole_years_with_the_birthday_counting(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize("day", [date(2026, 1, 30), date(2026, 1, 31), date(2028, 2, 29), date(2026, 12, 31)])
def test_born_by_is_the_last_birth_date_that_reaches_the_age(day):
    cutoff = born_by(day, 80)
    assert age_on(cutoff, day) >= 80
    assert age_on(date.fromordinal(cutoff.toordinal() + 1), day) < 80 or cutoff.month == 2
