"""GB/T 37276-2018 star rating: points by part → the highest star met; 基本要求 veto it; validity in years.

The thresholds below are an example scheme (the standard's own thresholds could not be read, see
docs/eldercare.md §2); what is tested is how any scheme is applied."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from policy.eldercare.rating import (
    PARTS_2018,
    RatingPart,
    StarRequirement,
    StarScheme,
    star_for,
    star_label,
    valid_on,
    valid_until,
)
from policy.errors import ValidationFailed

ENV, FAC, OPS, SVC = RatingPart.ENVIRONMENT, RatingPart.FACILITIES, RatingPart.OPERATIONS, RatingPart.SERVICE


def scheme(**overrides) -> StarScheme:
    values = {
        "basis": "示例方案（测试用）",
        "requirements": (
            StarRequirement(1, Decimal(300)),
            StarRequirement(2, Decimal(450)),
            StarRequirement(3, Decimal(600), {SVC: Decimal(360)}),
            StarRequirement(4, Decimal(750), {SVC: Decimal(450)}),
            StarRequirement(5, Decimal(900), {SVC: Decimal(540)}),
        ),
        "validity_years": 3,
    }
    values.update(overrides)
    return StarScheme(**values)


def points(env=100, fac=100, ops=100, svc=400) -> dict[RatingPart, Decimal | int]:
    return {ENV: env, FAC: fac, OPS: ops, SVC: svc}


def test_the_four_scored_parts_make_1000_points():
    assert set(PARTS_2018) == {ENV, FAC, OPS, SVC}
    assert sum(PARTS_2018.values()) == 1000
    assert scheme().max_total == 1000
    assert [p.label for p in RatingPart] == ["环境", "设施设备", "运营管理", "服务"]


def test_the_highest_star_whose_total_is_met():
    result = star_for(scheme=scheme(), points=points())  # 700
    assert result.total == Decimal(700)
    assert result.star == 3
    assert result.label == "三星级"
    assert result.shortfalls == ("总分700分，四星级需750分", "服务400分，四星级需450分")


def test_a_part_minimum_holds_a_star_back_whatever_the_total():
    result = star_for(scheme=scheme(), points=points(env=120, fac=130, ops=150, svc=440))  # 840
    assert result.star == 3
    assert result.shortfalls == ("服务440分，四星级需450分",)


def test_full_marks_give_five_stars_and_nothing_is_lacking():
    result = star_for(scheme=scheme(), points=dict(PARTS_2018))
    assert result.star == 5
    assert result.shortfalls == ()


def test_below_the_lowest_star_there_is_none():
    result = star_for(scheme=scheme(), points=points(env=50, fac=50, ops=50, svc=100))
    assert result.star is None
    assert result.label == "未达到星级"


def test_a_failed_basic_requirement_gives_no_star_whatever_the_points():
    result = star_for(
        scheme=scheme(), points=dict(PARTS_2018), failed_requirements=["存在重大事故隐患未整改"]
    )
    assert result.star is None
    assert result.shortfalls == ("不符合基本要求：存在重大事故隐患未整改",)


def test_half_points_are_kept_exactly():
    result = star_for(scheme=scheme(), points=points(env=Decimal("99.5"), svc=Decimal("400.5")))
    assert result.total == Decimal("700.0")


def test_bad_points_are_refused_part_by_part():
    with pytest.raises(ValidationFailed) as caught:
        star_for(scheme=scheme(), points={ENV: 121, FAC: 1.5, OPS: Decimal("1.234")})
    assert set(caught.value.errors) == {"environment", "facilities", "operations", "service"}


def test_a_scheme_out_of_order_or_without_basis_is_refused():
    with pytest.raises(ValidationFailed):
        scheme(basis=" ")
    with pytest.raises(ValidationFailed):
        scheme(requirements=(StarRequirement(2, Decimal(500)), StarRequirement(1, Decimal(300))))
    with pytest.raises(ValidationFailed):
        scheme(requirements=(StarRequirement(1, Decimal(500)), StarRequirement(2, Decimal(400))))
    with pytest.raises(ValidationFailed):
        scheme(requirements=(StarRequirement(1, Decimal(300), {SVC: Decimal(601)}),))
    with pytest.raises(ValidationFailed):
        scheme(validity_years=0)


def test_the_star_holds_for_its_years_less_a_day():
    three_years = scheme()
    assert valid_until(rated_on=date(2024, 3, 15), scheme=three_years) == date(2027, 3, 14)
    assert valid_until(rated_on=date(2024, 2, 29), scheme=three_years) == date(2027, 2, 27)
    assert valid_on(rated_on=date(2024, 3, 15), day=date(2027, 3, 14), scheme=three_years)
    assert not valid_on(rated_on=date(2024, 3, 15), day=date(2027, 3, 15), scheme=three_years)
    assert not valid_on(rated_on=date(2024, 3, 15), day=date(2024, 3, 14), scheme=three_years)


def test_star_labels():
    assert [star_label(s) for s in (1, 5)] == ["一星级", "五星级"]
