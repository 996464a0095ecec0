"""低保边缘家庭: not 低保, income under the multiple of the standard, property within limits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.means_test import means_test
from policy.programs import near_dibao
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return near_dibao.assess(household=household, standards=standards, on=ON, means=means)


@pytest.mark.parametrize(
    ("income", "assets", "overrides", "near"),
    [
        ("1359.99", {}, {}, False),  # 低保 instead
        ("1360", {}, {}, True),  # at the standard
        ("2039.99", {}, {}, True),  # one cent under 1.5 × 680 × 2
        ("2040", {}, {}, False),  # at the line
        ("1500", {"vehicles": 1}, {}, False),  # property fails
        ("2200", {}, {"dibao__near_multiple": "2"}, True),  # a county using 2×
    ],
)
def test_near_dibao_is_income_under_the_multiple_without_qualifying_for_dibao(
    income, assets, overrides, near
):
    household = family(person("甲", incomes=earning(income)), person("乙"), **assets)

    found = assess(household, zengdu(**overrides))

    assert found.eligible is near
    assert found.monthly_amount == Decimal("0.00")
    assert found.category == ("低保边缘家庭" if near else "")


def test_the_near_dibao_trace_shows_the_line():
    household = family(person("甲", incomes=earning("1500")), person("乙"))

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule == "低保边缘收入线")
    assert "750.00 元低于1.5倍低保标准 1020.00" in step.detail
    assert step.outcome == "符合"
