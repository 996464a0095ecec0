"""特困人员救助供养: the three criteria per person, basic + care by self-care level, and exclusions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.facts import ChildStatus
from policy.means_test import means_test
from policy.programs import tekun
from policy.selfcare import SelfCareLevel
from tests.policy.programs.builders import ON, earning, family, person, yueyanglou, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return tekun.assess(household=household, standards=standards, on=ON, means=means)


def alone(**facts):
    facts.setdefault("supporter_able", False)
    facts.setdefault("age", 65)
    return family(person("甲", **facts))


@pytest.mark.parametrize(
    ("institutional", "level", "amount"),
    [
        # 岳阳楼区 2020: 集中 10800/年 = 900/月, 分散 7800/年 = 650/月; care parts are demo values
        (True, SelfCareLevel.FULL, "900.00"),
        (True, SelfCareLevel.PARTIAL, "1200.00"),  # + 300
        (True, SelfCareLevel.NONE, "1500.00"),  # + 600
        (False, SelfCareLevel.FULL, "650.00"),
        (False, SelfCareLevel.PARTIAL, "850.00"),  # + 200
        (False, SelfCareLevel.NONE, "1050.00"),  # + 400
        (False, None, "650.00"),  # not yet rated: no care part
    ],
)
def test_support_is_basic_plus_care_by_self_care_level(institutional, level, amount):
    household = alone(institutional=institutional, self_care=level)

    found = assess(household, yueyanglou())

    assert found.eligible
    assert found.monthly_amount == Decimal(amount)
    assert found.category == ("集中供养" if institutional else "分散供养")


def test_an_unrated_person_is_told_the_care_part_waits_for_the_rating():
    found = assess(alone(self_care=None), zengdu())

    step = next(s for s in found.trace if s.rule == "供养金：甲")
    assert "未评估生活自理能力" in step.detail
    assert found.monthly_amount == Decimal("1360.00")  # 曾都区 2023 城市特困


@pytest.mark.parametrize(
    ("facts", "eligible"),
    [
        ({"age": 60}, True),
        ({"age": 59}, False),
        ({"age": 15}, True),
        ({"age": 16}, False),
        ({"age": 40, "disability_grade": 3, "disability_category": "intellectual"}, True),
        ({"age": 40, "disability_grade": 3, "disability_category": "mental"}, True),
        ({"age": 40, "disability_grade": 2, "disability_category": "physical"}, True),
        ({"age": 40, "disability_grade": 3, "disability_category": "physical"}, False),
        ({"age": 40, "disability_grade": 1, "disability_category": "visual"}, True),
        ({"age": 40, "disability_grade": 2, "disability_category": "visual"}, False),
        ({"age": 40, "disability_grade": 1, "disability_category": "hearing"}, False),
    ],
)
def test_no_capacity_to_work_follows_age_and_disability(facts, eligible):
    found = assess(alone(**facts), zengdu())

    assert found.eligible is eligible


def test_the_minor_age_is_configuration():
    found = assess(alone(age=17), zengdu(tekun__minor_age="18"))

    assert found.eligible


@pytest.mark.parametrize(
    ("income", "assets", "supporter_able", "eligible"),
    [
        ("679.99", {}, False, True),
        ("680", {}, False, False),  # own income at the 低保标准: has a source of living
        ("0", {"vehicles": 1}, False, False),  # property fails
        ("0", {}, True, False),  # an able legal supporter exists
    ],
)
def test_no_income_source_and_no_able_supporter_are_required(income, assets, supporter_able, eligible):
    household = family(person("甲", 70, incomes=earning(income), supporter_able=supporter_able), **assets)

    found = assess(household, zengdu())

    assert found.eligible is eligible


def test_each_member_is_assessed_on_their_own():
    household = family(
        person("甲", 80, supporter_able=False, self_care=SelfCareLevel.NONE),
        person("乙", 45, wage="3000"),
        urban=False,
    )

    found = assess(household, zengdu(urban=False))

    assert found.covered == (household.members[0].id_number,)
    assert found.monthly_amount == Decimal("1633.00")  # 农村 1233 + 400


@pytest.mark.parametrize("status", [ChildStatus.ORPHAN, ChildStatus.DE_FACTO])
def test_orphans_and_de_facto_children_are_supported_under_their_own_programme(status):
    found = assess(alone(age=10, child_status=status), zengdu())

    assert not found.eligible
    step = next(s for s in found.trace if s.rule == "特困认定：甲")
    assert "不再认定为特困人员" in step.detail


def test_the_trace_gives_the_three_criteria_with_numbers():
    found = assess(alone(age=72, incomes=earning("300")), zengdu())

    step = next(s for s in found.trace if s.rule == "特困认定：甲")
    assert "72周岁，60周岁以上老年人" in step.detail
    assert "本人月收入 300.00 低于低保标准 680.00" in step.detail
    assert "无法定义务人或义务人无履行能力" in step.detail
    assert "民发〔2021〕43号" in step.basis
