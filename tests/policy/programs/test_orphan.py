"""孤儿基本生活费: institutional or dispersed, under 18 or still in school."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.facts import ChildStatus
from policy.means_test import means_test
from policy.programs import orphan
from tests.policy.programs.builders import ON, family, person, yueyanglou, zengdu


def assess(household, standards):
    means = means_test(household=household, standards=standards)
    return orphan.assess(household=household, standards=standards, on=ON, means=means)


@pytest.mark.parametrize(
    ("standards", "institutional", "amount", "category"),
    [
        (zengdu(), False, "1530.00", "社会散居"),  # 曾都区 2023 散居孤儿
        (yueyanglou(), True, "1350.00", "机构集中养育"),  # 岳阳楼区 2020
        (yueyanglou(), False, "950.00", "社会散居"),
    ],
)
def test_the_allowance_depends_on_where_the_orphan_lives(standards, institutional, amount, category):
    household = family(person("甲", 10, child_status=ChildStatus.ORPHAN, institutional=institutional))

    found = assess(household, standards)

    assert found.eligible
    assert found.monthly_amount == Decimal(amount)
    assert found.category == category


@pytest.mark.parametrize(
    ("age", "in_school", "eligible"),
    [(17, False, True), (18, False, False), (19, True, True)],
)
def test_an_orphan_keeps_the_allowance_after_18_only_while_in_school(age, in_school, eligible):
    household = family(person("甲", age, child_status=ChildStatus.ORPHAN, in_school=in_school))

    found = assess(household, zengdu())

    assert found.eligible is eligible


def test_two_orphans_are_paid_one_allowance_each_and_other_children_none():
    household = family(
        person("甲", 8, child_status=ChildStatus.ORPHAN),
        person("乙", 12, child_status=ChildStatus.ORPHAN),
        person("丙", 14),
        person("丁", 70),
    )

    found = assess(household, zengdu())

    assert found.monthly_amount == Decimal("3060.00")
    assert len(found.covered) == 2
    assert "社会散居孤儿基本生活费 1530.00" in found.trace[0].detail
