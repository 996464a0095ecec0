"""The means test: countable income, job-cost deduction, per-capita income, property limits, trace."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.errors import ValidationFailed
from policy.facts import HouseholdFacts, IncomeKind
from policy.means_test import household_income, means_test, property_check
from tests.policy.programs.builders import earning, family, person, zengdu


def test_zero_income_gives_zero_per_capita_income():
    household = family(person("甲"), person("乙"))

    income = household_income(household=household, standards=zengdu())

    assert income.total == 0
    assert income.per_capita == Decimal("0.00")
    assert income.below(Decimal("0.01"))


@pytest.mark.parametrize(
    ("kind", "counted"),
    [
        (IncomeKind.WAGE, True),
        (IncomeKind.BUSINESS, True),
        (IncomeKind.PROPERTY, True),
        (IncomeKind.TRANSFER, True),
        (IncomeKind.OTHER, True),
        (IncomeKind.PENSION_BASIC, False),  # 城乡居民基础养老金
        (IncomeKind.SPECIAL_CARE, False),  # 优待抚恤金
        (IncomeKind.SCHOLARSHIP, False),
        (IncomeKind.ASSISTANCE, False),  # 社会救助款物
        (IncomeKind.FAMILY_PLANNING, False),
        (IncomeKind.BRAVERY_AWARD, False),
    ],
)
def test_only_countable_income_kinds_are_counted(kind, counted):
    household = family(person("甲", incomes=((kind, "300"),)))

    income = household_income(household=household, standards=zengdu())

    assert income.total == (Decimal("300") if counted else 0)
    member_step = next(s for s in income.trace if s.rule == "成员收入：甲")
    assert (
        ("计入：" + kind.label) in member_step.detail
        if counted
        else ("不计入：" + kind.label) in member_step.detail
    )


def test_the_excluded_kinds_come_from_the_standards():
    household = family(person("甲", incomes=((IncomeKind.PENSION_BASIC, "150"),)))

    income = household_income(household=household, standards=zengdu(dibao__income_excluded="[]"))

    assert income.total == Decimal("150")


@pytest.mark.parametrize(
    ("wage", "employed", "rate", "deduction"),
    [
        ("1000", True, "0.3", "204"),  # 680 × 30% = 204, less than the wage
        ("150", True, "0.3", "150"),  # never more than the member's own wage
        ("1000", False, "0.3", "0"),  # only employed members
        ("1000", True, "0", "0"),  # the default: no deduction
        ("617", True, "0.125", "85"),  # 680 × 12.5% = 85
    ],
)
def test_job_cost_deduction_is_a_rate_of_the_standard_capped_at_the_wage(wage, employed, rate, deduction):
    household = family(person("甲", wage=wage, employed=employed))

    income = household_income(household=household, standards=zengdu(dibao__job_cost_rate=rate))

    assert income.deductions == Decimal(deduction)
    assert income.total == Decimal(wage) - Decimal(deduction)


def test_per_capita_income_divides_by_every_member_and_compares_without_rounding():
    # given 2039.99 for three people: 679.9966…, shown as 680.00 but still below 680
    household = family(person("甲", incomes=earning("2039.99")), person("乙"), person("丙"))

    income = household_income(household=household, standards=zengdu())

    assert income.per_capita == Decimal("680.00")
    assert income.below(Decimal("680"))
    assert not income.below(Decimal("679.99"))
    assert "2039.99 ÷ 3人 ≈ 680.00" in next(s.detail for s in income.trace if s.rule == "家庭月人均收入")


def test_a_business_loss_does_not_make_household_income_negative():
    household = family(
        person("甲", incomes=((IncomeKind.BUSINESS, "-500"),)), person("乙", incomes=earning("200"))
    )

    income = household_income(household=household, standards=zengdu())

    assert income.total == 0
    assert "按0计" in next(s.detail for s in income.trace if s.rule == "家庭月总收入")


def test_a_household_without_members_is_refused():
    empty = HouseholdFacts(area_code="421303001001", urban=True, members=())

    with pytest.raises(ValidationFailed, match="至少要有一名成员"):
        household_income(household=empty, standards=zengdu())


def test_the_income_trace_names_each_number_and_its_basis():
    household = family(person("甲", wage="1000"), person("乙", incomes=earning("196")))

    income = household_income(household=household, standards=zengdu(dibao__job_cost_rate="0.3"))

    text = "\n".join(f"{s.rule} {s.detail} {s.basis}" for s in income.trace)
    assert "680.00 × 30% = 204.00" in text
    assert "1196.00 − 就业成本扣减 204.00 = 992.00" in text
    assert "992.00 ÷ 2人 = 496.00" in text
    assert "民发〔2021〕57号" in text
    assert "曾都区 2023-01-01起" in text  # the local number's source


# --- property --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assets", "complies", "failed"),
    [
        ({}, True, ()),
        ({"deposits": "32640"}, True, ()),  # exactly 24 × 680 × 2 people
        ({"deposits": "32640.01"}, False, ("金融资产",)),
        ({"homes": 2}, False, ("住房",)),
        ({"vehicles": 1}, False, ("机动车辆",)),
        ({"business": 1}, False, ("经营主体",)),
        ({"vehicles": 1, "homes": 3}, False, ("住房", "机动车辆")),
    ],
)
def test_property_over_any_limit_fails(assets, complies, failed):
    household = family(person("甲"), person("乙"), **assets)

    check = property_check(household=household, standards=zengdu())

    assert check.complies is complies
    assert check.failed == failed


def test_property_limits_are_configuration():
    household = family(person("甲"), vehicles=1, deposits="20000")

    check = property_check(
        household=household,
        standards=zengdu(dibao__asset_max_vehicles="1", dibao__asset_financial_months="36"),
    )

    assert check.complies
    assert "36 × 低保标准 680.00 = 24480.00" in check.trace[0].detail


# --- classifications -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "dibao", "near"),
    [
        ("0", True, False),
        ("1359.99", True, False),  # one cent under 680 × 2
        ("1360", False, True),  # exactly at the standard: not below it
        ("2039.99", False, True),  # one cent under 1.5 × 680 × 2
        ("2040", False, False),  # exactly at the near line
    ],
)
def test_the_household_is_dibao_or_near_dibao_by_strict_comparison(monthly, dibao, near):
    household = family(person("甲", incomes=earning(monthly)), person("乙"))

    means = means_test(household=household, standards=zengdu())

    assert means.dibao_household is dibao
    assert means.near_dibao_household is near


def test_a_household_over_a_property_limit_is_neither_dibao_nor_near_dibao():
    household = family(person("甲"), vehicles=1)

    means = means_test(household=household, standards=zengdu())

    assert not means.dibao_household
    assert not means.near_dibao_household
