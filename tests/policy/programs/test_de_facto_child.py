"""事实无人抚养儿童基本生活补贴."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.facts import ChildStatus
from policy.means_test import means_test
from policy.programs import de_facto_child
from tests.policy.programs.builders import ON, family, person, yueyanglou, zengdu


@pytest.mark.parametrize(
    ("status", "standards", "amount"),
    [
        (ChildStatus.DE_FACTO, zengdu(), "1530.00"),
        (ChildStatus.DE_FACTO, yueyanglou(), "950.00"),
        (ChildStatus.ORPHAN, zengdu(), "0.00"),
        (ChildStatus.NONE, zengdu(), "0.00"),
    ],
)
def test_de_facto_unsupported_children_get_the_configured_allowance(status, standards, amount):
    household = family(person("甲", 9, child_status=status), person("乙", 40))

    found = de_facto_child.assess(
        household=household,
        standards=standards,
        on=ON,
        means=means_test(household=household, standards=standards),
    )

    assert found.monthly_amount == Decimal(amount)
    assert found.eligible is (amount != "0.00")
