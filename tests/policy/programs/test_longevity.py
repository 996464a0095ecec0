"""高龄津贴: age brackets, changing in the birthday month; local 户籍 only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.means_test import means_test
from policy.programs import longevity
from tests.policy.programs.builders import family, person, zengdu


def assess(household, on):
    standards = zengdu(on=on)
    return longevity.assess(
        household=household,
        standards=standards,
        on=on,
        means=means_test(household=household, standards=standards),
    )


@pytest.mark.parametrize(
    ("birth", "on", "amount"),
    [
        # brackets 80 → 50, 90 → 100, 100 → 300 (demo values)
        (date(1933, 3, 20), date(2023, 2, 28), "50.00"),  # still 89 in February
        (date(1933, 3, 20), date(2023, 3, 1), "100.00"),  # turns 90 on 20 March: the 90 bracket all March
        (date(1933, 3, 20), date(2023, 3, 31), "100.00"),
        (date(1933, 3, 20), date(2023, 4, 1), "100.00"),
        (date(1943, 12, 31), date(2023, 12, 1), "50.00"),  # turns 80 on the last day of the month
        (date(1943, 12, 31), date(2023, 11, 30), "0.00"),  # 79
        (date(1923, 7, 15), date(2023, 7, 1), "300.00"),  # 100
        (date(1936, 2, 29), date(2026, 2, 1), "100.00"),  # a 29 February birthday turns 90 in February
    ],
)
def test_the_bracket_changes_in_the_birthday_month(birth, on, amount):
    household = family(person("甲", birth_date=birth, on=on))

    found = assess(household, on)

    assert found.monthly_amount == Decimal(amount)


def test_only_local_residents_are_paid():
    on = date(2023, 7, 1)
    household = family(person("甲", 85, on=on, local_hukou=False), person("乙", 92, on=on))

    found = assess(household, on)

    assert found.monthly_amount == Decimal("100.00")
    assert "非本地户籍" in found.trace[0].detail


def test_the_trace_names_age_month_and_bracket():
    on = date(2023, 3, 10)
    household = family(person("甲", birth_date=date(1933, 3, 20), on=on))

    found = assess(household, on)

    assert "2023年03月达到90周岁" in found.trace[0].detail
    assert "适用90周岁以上年龄段 100.00 元/月" in found.trace[0].detail
