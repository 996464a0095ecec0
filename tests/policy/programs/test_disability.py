"""残疾人两项补贴: the living subsidy for 低保 members, the nursing subsidy for grades 1 and 2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.means_test import means_test
from policy.programs import disability
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return disability.assess(household=household, standards=standards, on=ON, means=means)


@pytest.mark.parametrize(
    ("grade", "category", "income", "amount", "kinds"),
    [
        (1, "physical", "0", "190.00", "生活补贴、护理补贴"),  # 低保: living 90 + nursing grade 1 100
        (2, "visual", "0", "170.00", "生活补贴、护理补贴"),  # 90 + 80
        (3, "physical", "0", "90.00", "生活补贴"),  # 低保, not severe: living only
        (4, "hearing", "5000", "0.00", ""),  # neither
        (1, "physical", "5000", "100.00", "护理补贴"),  # not 低保: nursing only
    ],
)
def test_living_subsidy_needs_dibao_and_nursing_needs_grade_1_or_2(grade, category, income, amount, kinds):
    household = family(
        person("甲", disability_grade=grade, disability_category=category, incomes=earning(income))
    )

    found = assess(household, zengdu())

    assert found.monthly_amount == Decimal(amount)
    assert found.category == kinds


@pytest.mark.parametrize(("extended", "amount"), [("false", "0.00"), ("true", "90.00")])
def test_the_living_subsidy_may_be_extended_to_near_dibao_households(extended, amount):
    # given a 低保边缘 household (750 each) whose grade-4 member cannot be covered alone
    household = family(
        person("甲", disability_grade=4, disability_category="physical"),
        person("乙", incomes=earning("1500")),
    )

    found = assess(household, zengdu(disability__living_near_dibao=extended))

    assert found.monthly_amount == Decimal(amount)


def test_a_member_covered_alone_under_single_person_inclusion_gets_the_living_subsidy():
    household = family(
        person("甲", disability_grade=2, disability_category="physical"),
        person("乙", incomes=earning("1500")),
    )

    found = assess(household, zengdu())

    assert found.monthly_amount == Decimal("170.00")
    assert "低保对象" in found.trace[0].detail


def test_a_household_without_certified_disability_is_told_so():
    found = assess(family(person("甲")), zengdu())

    assert not found.eligible
    assert "没有持残疾人证" in found.trace[0].detail
