"""基本养老服务补贴: older 低保 or 特困 members who are partly or fully dependent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.means_test import means_test
from policy.programs import eldercare
from policy.selfcare import SelfCareLevel
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return eldercare.assess(household=household, standards=standards, on=ON, means=means)


@pytest.mark.parametrize(
    ("age", "level", "income", "amount"),
    [
        (65, SelfCareLevel.PARTIAL, "0", "100.00"),
        (65, SelfCareLevel.NONE, "0", "200.00"),
        (65, SelfCareLevel.FULL, "0", "0.00"),
        (65, None, "0", "0.00"),  # not rated
        (59, SelfCareLevel.NONE, "0", "0.00"),
        (65, SelfCareLevel.NONE, "5000", "0.00"),  # not 低保
    ],
)
def test_dependent_older_dibao_members_get_the_subsidy_by_level(age, level, income, amount):
    household = family(person("甲", age, self_care=level, incomes=earning(income)))

    found = assess(household, zengdu())

    assert found.monthly_amount == Decimal(amount)


@pytest.mark.parametrize(("include", "amount"), [("true", "200.00"), ("false", "0.00")])
def test_tekun_persons_are_included_unless_the_county_excludes_them(include, amount):
    # given a 特困 person (own income 600 < 680) in a household that is not 低保 (income 1500 for two)
    household = family(
        person("甲", 75, self_care=SelfCareLevel.NONE, supporter_able=False, incomes=earning("600")),
        person("乙", 40, incomes=earning("1400")),
    )

    found = assess(household, zengdu(eldercare__include_tekun=include))

    assert found.monthly_amount == Decimal(amount)
