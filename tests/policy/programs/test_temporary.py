"""临时救助: the cap, the township's approval limit, 先行救助, and the 支出型 conditions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.errors import ValidationFailed
from policy.means_test import means_test
from policy.programs import temporary
from policy.programs.temporary import TemporaryKind, temporary_limits, temporary_request_check
from tests.policy.programs.builders import ON, earning, family, person, zengdu


def test_limits_are_multiples_of_the_monthly_standard():
    limits = temporary_limits(standards=zengdu())

    assert limits.cap == Decimal("4080.00")  # 6 × 680
    assert limits.township_limit == Decimal("2040.00")  # 3 × 680


@pytest.mark.parametrize(
    ("requested", "within_cap", "township", "approver"),
    [
        ("500", True, True, "township"),
        ("2040", True, True, "township"),  # exactly the township limit
        ("2040.01", True, False, "county"),
        ("4080", True, False, "county"),  # exactly the cap
        ("4080.01", False, False, "county"),
    ],
)
def test_a_request_is_checked_against_the_cap_and_the_township_limit(
    requested, within_cap, township, approver
):
    check = temporary_request_check(
        standards=zengdu(), kind=TemporaryKind.EXPENDITURE, requested=Decimal(requested)
    )

    assert (check.within_cap, check.township_may_approve, check.approver) == (within_cap, township, approver)


@pytest.mark.parametrize(
    ("kind", "advance"), [(TemporaryKind.EMERGENCY, True), (TemporaryKind.EXPENDITURE, False)]
)
def test_only_emergencies_may_be_paid_first(kind, advance):
    check = temporary_request_check(standards=zengdu(), kind=kind, requested=Decimal("1000"))

    assert check.advance_allowed is advance
    assert ("可先行救助" in check.trace[-1].outcome) is advance


def test_the_township_limit_and_cap_are_configuration():
    standards = zengdu(temporary__cap_months="10", temporary__township_months="4")

    check = temporary_request_check(
        standards=standards, kind=TemporaryKind.EMERGENCY, requested=Decimal("2720")
    )

    assert check.township_may_approve  # 4 × 680 = 2720
    assert "10 × 城市低保月标准 680.00 = 6800.00" in check.trace[0].detail


def test_a_rural_standards_set_says_which_standard_is_the_base():
    limits = temporary_limits(standards=zengdu(urban=False))

    assert limits.cap == Decimal("3702.00")  # 6 × 617
    assert "按农村低保标准计" in limits.trace[0].detail


def test_a_request_must_be_positive():
    with pytest.raises(ValidationFailed, match="应大于0"):
        temporary_request_check(standards=zengdu(), kind=TemporaryKind.EMERGENCY, requested=Decimal("0"))


@pytest.mark.parametrize(
    ("income", "assets", "eligible"),
    [
        ("3000", {}, True),  # 18000 a year each, below 40000
        ("7000", {}, False),  # 42000 each
        ("3000", {"vehicles": 1}, False),
    ],
)
def test_assess_reports_emergency_always_and_expenditure_by_income_and_property(income, assets, eligible):
    household = family(person("甲", incomes=earning(income)), person("乙"), **assets)
    standards = zengdu()

    found = temporary.assess(
        household=household,
        standards=standards,
        on=ON,
        means=means_test(household=household, standards=standards),
    )

    assert found.eligible is eligible
    assert found.monthly_amount == Decimal("0.00")
    assert found.category == ("急难型、支出型" if eligible else "急难型")
    assert "一次最高 4080.00 元，乡镇可审批 2040.00 元以内" in found.trace[-1].detail
