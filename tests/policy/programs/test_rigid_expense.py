"""刚性支出困难家庭: income under the disposable-income line and heavy medical or schooling costs."""

from __future__ import annotations

import pytest

from policy.means_test import means_test
from policy.programs import rigid_expense
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return rigid_expense.assess(household=household, standards=standards, on=ON, means=means)


# Two people with 2500 a month: not 低保 or 低保边缘 (1250 each > 1020), 30000 a year.
@pytest.mark.parametrize(
    ("income", "medical", "education", "assets", "eligible"),
    [
        ("2500", "12000", "6000", {}, True),  # 18000 = 60% of 30000
        ("2500", "11999.99", "6000", {}, False),
        ("2500", "30000", "0", {"vehicles": 1}, False),  # property fails
        ("7000", "84000", "0", {}, False),  # 42000 a year each: not below the 40000 line
        ("1000", "50000", "0", {}, False),  # already 低保
        ("1500", "50000", "0", {}, False),  # already 低保边缘
    ],
)
def test_rigid_expense_households(income, medical, education, assets, eligible):
    household = family(
        person("甲", incomes=earning(income)), person("乙"), medical=medical, education=education, **assets
    )

    found = assess(household, zengdu())

    assert found.eligible is eligible


@pytest.mark.parametrize(("medical", "meets"), [("1000", True), ("0", False)])
def test_with_no_income_any_rigid_expense_meets_the_ratio(medical, meets):
    # given no income at all (such a household is 低保 anyway, so only the ratio step is at stake)
    household = family(person("甲"), person("乙"), medical=medical)

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule == "刚性支出比例")
    assert "家庭无收入" in step.detail
    assert (step.outcome == "符合") is meets
    assert not found.eligible


def test_the_ratio_step_shows_spending_income_and_the_threshold():
    household = family(person("甲", incomes=earning("2500")), person("乙"), medical="12000", education="6000")

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule == "刚性支出比例")
    assert (
        "医疗 12000.00 + 教育 6000.00 = 18000.00 元，占家庭年收入 30000.00 元的 60%，达到 60%" in step.detail
    )
