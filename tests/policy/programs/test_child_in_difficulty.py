"""困境儿童基本生活补贴."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.facts import ChildStatus
from policy.means_test import means_test
from policy.programs import child_in_difficulty
from tests.policy.programs.builders import ON, family, person, zengdu


@pytest.mark.parametrize(
    ("age", "in_school", "status", "amount"),
    [
        (12, False, ChildStatus.IN_DIFFICULTY, "600.00"),
        (18, False, ChildStatus.IN_DIFFICULTY, "0.00"),
        (18, True, ChildStatus.IN_DIFFICULTY, "600.00"),
        (12, False, ChildStatus.NONE, "0.00"),
    ],
)
def test_children_in_difficulty_get_the_configured_allowance(age, in_school, status, amount):
    household = family(person("甲", age, child_status=status, in_school=in_school))
    standards = zengdu()

    found = child_in_difficulty.assess(
        household=household,
        standards=standards,
        on=ON,
        means=means_test(household=household, standards=standards),
    )

    assert found.monthly_amount == Decimal(amount)
