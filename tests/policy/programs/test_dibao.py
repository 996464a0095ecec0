"""最低生活保障: eligibility, gap payment, floor, 分类施保, 单人保, rounding and the trace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.facts import IncomeKind, ProgramResult
from policy.means_test import means_test
from policy.parameters import Standards
from policy.programs import dibao
from tests.policy.programs.builders import ON, earning, family, person, yueyanglou, zengdu


def assess(household, standards: Standards, on: date = ON) -> ProgramResult:
    return dibao.assess(
        household=household,
        standards=standards,
        on=on,
        means=means_test(household=household, standards=standards),
    )


def with_income(monthly: str, size: int = 1, **household):
    """``size`` people of 40, the first with ``monthly`` countable (non-wage) income."""
    first = person("甲", incomes=earning(monthly))
    return family(first, *(person(f"成员{k}") for k in range(1, size)), **household)


PENSION = family(person(incomes=((IncomeKind.PENSION_BASIC, "500"),)))


@pytest.mark.parametrize(
    ("case", "household", "standards", "eligible", "amount"),
    [
        ("zero income, 曾都 urban", with_income("0"), zengdu(), True, "680.00"),
        ("zero income, 曾都 rural", with_income("0", urban=False), zengdu(urban=False), True, "617.00"),
        ("zero income, 岳阳楼 urban", with_income("0"), yueyanglou(), True, "530.00"),
        ("zero income, 岳阳楼 rural", with_income("0", urban=False), yueyanglou(urban=False), True, "360.00"),
        ("one person 200 a month", with_income("200"), zengdu(), True, "480.00"),
        ("three people 900 a month", with_income("900", 3), zengdu(), True, "1140.00"),
        ("income exactly at the standard", with_income("1360", 2), zengdu(), False, "0.00"),
        ("one cent under: the floor applies", with_income("1359.99", 2), zengdu(), True, "272.00"),
        ("one person above the standard", with_income("700"), zengdu(), False, "0.00"),
        ("excluded income is not counted", PENSION, zengdu(), True, "680.00"),
        ("a car", with_income("0", vehicles=1), zengdu(), False, "0.00"),
        ("two homes", with_income("0", homes=2), zengdu(), False, "0.00"),
        ("a registered business", with_income("0", business=1), zengdu(), False, "0.00"),
        ("deposits over 24 months", with_income("0", deposits="16320.01"), zengdu(), False, "0.00"),
        ("deposits at 24 months", with_income("0", deposits="16320"), zengdu(), True, "680.00"),
    ],
)
def test_household_dibao(case, household, standards, eligible, amount):
    found = assess(household, standards)

    assert found.eligible is eligible, case
    assert found.monthly_amount == Decimal(amount), case
    assert found.covered == (tuple(m.id_number for m in household.members) if eligible else ())


def test_urban_and_rural_households_get_their_own_standard():
    members = (person("甲", incomes=earning("300")), person("乙"))

    urban = assess(family(*members), zengdu(urban=True))
    rural = assess(family(*members, urban=False), zengdu(urban=False))

    assert (urban.monthly_amount, urban.category) == (Decimal("1060.00"), "城市低保")  # 680 × 2 − 300
    assert (rural.monthly_amount, rural.category) == (Decimal("934.00"), "农村低保")  # 617 × 2 − 300


def test_a_standard_changing_mid_period_changes_the_amount():
    household = family(person(incomes=earning("200")))
    june = zengdu(on=date(2023, 6, 30), dibao__standard="650")
    july = zengdu(on=date(2023, 7, 1))

    before = assess(household, june, on=date(2023, 6, 30))
    after = assess(household, july, on=date(2023, 7, 1))

    assert before.monthly_amount == Decimal("450.00")
    assert after.monthly_amount == Decimal("480.00")


def test_job_cost_deduction_raises_the_amount():
    household = family(person("甲", wage="900"), person("乙"))

    without = assess(household, zengdu())
    with_deduction = assess(household, zengdu(dibao__job_cost_rate="0.3"))

    assert without.monthly_amount == Decimal("460.00")  # 1360 − 900
    assert with_deduction.monthly_amount == Decimal("664.00")  # 1360 − (900 − 204)


@pytest.mark.parametrize(
    ("member", "overrides", "amount"),
    [
        ({"age": 69}, {}, "680.00"),
        ({"age": 70}, {}, "748.00"),  # elderly 10%
        ({"age": 10}, {}, "748.00"),  # minor 10%
        ({"serious_illness": True}, {}, "816.00"),  # 20%
        ({"disability_grade": 2, "disability_category": "physical"}, {}, "816.00"),
        ({"disability_grade": 3, "disability_category": "mental"}, {}, "816.00"),  # grade 3 mental is severe
        ({"disability_grade": 3, "disability_category": "physical"}, {}, "680.00"),  # grade 3 physical is not
        ({"age": 75, "disability_grade": 1, "disability_category": "visual"}, {}, "816.00"),  # highest only
        (
            {"age": 75, "disability_grade": 1, "disability_category": "visual"},
            {"dibao__supplement_cumulative": "true"},
            "884.00",  # 68 + 136
        ),
        ({"age": 75}, {"dibao__supplement_elderly_age": "80"}, "680.00"),
    ],
)
def test_category_supplements_add_a_rate_of_the_standard_per_person(member, overrides, amount):
    household = family(person(**member))

    found = assess(household, zengdu(**overrides))

    assert found.monthly_amount == Decimal(amount)


def test_the_trace_says_only_the_highest_supplement_is_paid():
    household = family(person("甲", 75, disability_grade=1, disability_category="visual"))

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule == "分类施保：甲")
    assert "每人只取最高一项 20%" in step.detail
    assert "680.00 × 20% = 136.00" in step.detail
    assert "社会救助暂行办法第十二条" in step.basis


@pytest.mark.parametrize(
    ("income", "minimum_rate", "amount"),
    [
        ("1300", "0.2", "272.00"),  # gap 60 < 2 × 136
        ("1000", "0.2", "360.00"),  # gap 360 ≥ 272
        ("1300", "0", "60.00"),  # no floor configured
        ("1300", "0.1", "136.00"),
    ],
)
def test_the_floor_is_a_rate_of_the_standard_per_covered_member(income, minimum_rate, amount):
    household = family(person("甲", incomes=earning(income)), person("乙"))

    found = assess(household, zengdu(dibao__minimum_rate=minimum_rate))

    assert found.monthly_amount == Decimal(amount)


@pytest.mark.parametrize(
    ("rule", "amount"),
    [("cent", "709.55"), ("jiao", "709.60"), ("yuan", "710.00")],
)
def test_the_amount_is_rounded_once_by_the_configured_rule(rule, amount):
    # given 617 + 15% of 617 = 709.55 for a rural child alone
    household = family(person("甲", 10), urban=False)
    standards = zengdu(urban=False, dibao__supplement_minor_rate="0.15", dibao__rounding=rule)

    found = assess(household, standards)

    assert found.monthly_amount == Decimal(amount)
    assert "合计 709.55 元" in found.trace[-1].detail


# --- 单人保 ----------------------------------------------------------------------------------------


def near_family(disabled: dict[str, object], disabled_income: str = "0", other_income: str = "1500"):
    """Two people with 1500 a month: 750 each, above 680 and below 1.5 × 680 = 1020 (低保边缘)."""
    return family(
        person("甲", incomes=earning(disabled_income), **disabled),
        person("乙", incomes=earning(other_income)),
    )


@pytest.mark.parametrize(
    ("disabled", "disabled_income", "eligible", "amount"),
    [
        ({"disability_grade": 1, "disability_category": "physical"}, "0", True, "816.00"),  # 680 + 136
        ({"disability_grade": 3, "disability_category": "intellectual"}, "0", True, "816.00"),
        ({"serious_illness": True}, "600", True, "272.00"),  # gap 80 → floor 136, + 136
        ({"disability_grade": 3, "disability_category": "physical"}, "0", False, "0.00"),  # not 重残
        (
            {"disability_grade": 1, "disability_category": "physical"},
            "700",
            False,
            "0.00",
        ),  # own income ≥ 680
        ({}, "0", False, "0.00"),  # nobody seriously ill or disabled
    ],
)
def test_single_person_inclusion_covers_only_seriously_ill_or_disabled_members_of_near_dibao_households(
    disabled, disabled_income, eligible, amount
):
    household = near_family(disabled, disabled_income, other_income=str(1500 - int(disabled_income)))

    found = assess(household, zengdu())

    assert found.eligible is eligible
    assert found.monthly_amount == Decimal(amount)
    if eligible:
        assert found.covered == (household.members[0].id_number,)
        assert found.category == "城市低保（单人保）"


def test_single_person_inclusion_needs_a_near_dibao_household():
    household = near_family({"disability_grade": 1, "disability_category": "physical"}, other_income="2040")

    found = assess(household, zengdu())

    assert not found.eligible


def test_the_single_person_trace_explains_the_formula():
    household = near_family({"disability_grade": 2, "disability_category": "physical"})

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule.startswith("单人保：甲"))
    assert "按单人户计算：低保标准 680.00 − 本人月收入 0.00 = 680.00" in step.detail
    assert "二级肢体残疾" in step.rule
    assert "第八条" in step.basis


# --- trace -----------------------------------------------------------------------------------------


def test_the_trace_explains_standard_income_gap_and_total():
    household = family(person("甲", incomes=earning("996")), person("乙"), person("丙"))

    found = assess(household, zengdu())

    text = "\n".join(f"{s.rule}|{s.detail}|{s.basis}|{s.outcome}" for s in found.trace)
    assert "家庭月人均收入 332.00 元低于城市低保标准 680.00 元/人·月" in text
    assert "(低保标准 680.00 − 人均收入 332.00) × 3人" in text
    assert "= 1044.00 元" in text
    assert "低保标准：曾都区 2023-01-01起" in text
    assert found.trace[-1].outcome == "1044.00元/月"


def test_the_trace_of_a_refusal_says_why():
    household = family(person("甲", incomes=earning("680")))

    found = assess(household, zengdu())

    step = next(s for s in found.trace if s.rule == "收入条件")
    assert step.outcome == "不符合"
    assert "不低于" in step.detail and "等于标准的不符合" in step.detail
