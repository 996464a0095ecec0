"""Money: Decimal yuan, rounded half up to the cent in one place, and parsed from what people type."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy.errors import ValidationFailed
from policy.money import cents_from_yuan, parse_yuan, round_amount, wan_yuan, yuan, yuan_from_cents, yuan_per


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1.005", "1.01"),  # half up, as on the bureau's paper forms (四舍五入), not banker's rounding
        ("2.675", "2.68"),  # a float would make this 2.67
        ("0.125", "0.13"),
        ("0.124", "0.12"),
        (3, "3.00"),
        (Decimal("-1.005"), "-1.01"),
    ],
)
def test_yuan_rounds_half_up_to_the_cent(amount, expected):
    result = yuan(amount)

    assert result == Decimal(expected)
    assert str(result) == expected


def test_yuan_refuses_a_float():
    with pytest.raises(TypeError):
        yuan(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", "1234.50"),
        ("１２３", "123.00"),  # full-width digits
        ("１，２３４．５６", "1234.56"),
        ("123元", "123.00"),
        (" 88 ", "88.00"),
        (Decimal("12.3"), "12.30"),
        (7, "7.00"),
        ("0", "0.00"),
    ],
)
def test_parse_yuan_reads_what_people_type(text, expected):
    assert parse_yuan(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "金额不能为空"),
        (None, "金额不能为空"),
        ("abc", "金额“abc”不是有效数字"),
        ("NaN", "金额“NaN”不是有效数字"),
        ("Infinity", "金额“Infinity”不是有效数字"),
        (True, "金额“True”不是有效数字"),
        ("-5", "金额不能为负数"),
        ("1.234", "金额最多保留两位小数（到分）"),
        ("99999999999", "金额超出允许范围"),
    ],
)
def test_parse_yuan_refuses_bad_amounts_with_a_chinese_reason(text, reason):
    with pytest.raises(ValidationFailed) as info:
        parse_yuan(text, field="wage")

    assert info.value.errors == {"wage": [reason]}


def test_negative_amounts_pass_only_when_allowed():
    assert parse_yuan("-5.5", allow_negative=True) == Decimal("-5.50")


@pytest.mark.parametrize(
    ("amount", "rule", "expected"),
    [
        ("709.55", "cent", "709.55"),
        ("709.55", "jiao", "709.60"),
        ("709.55", "yuan", "710.00"),
        ("709.45", "jiao", "709.50"),
        ("709.49", "yuan", "709.00"),
        ("709.50", "yuan", "710.00"),  # half up, not to even
        ("77.125", "cent", "77.13"),
        ("0.04", "jiao", "0.00"),
    ],
)
def test_round_amount_rounds_half_up_to_the_configured_unit(amount, rule, expected):
    result = round_amount(Decimal(amount), rule)

    assert str(result) == expected


def test_round_amount_refuses_an_unknown_rule():
    with pytest.raises(ValidationFailed, match="取整规则"):
        round_amount(Decimal("1"), "fen")


def test_fen_and_yuan_cross_exactly_both_ways():
    assert yuan_from_cents(68050) == Decimal("680.50")
    assert str(yuan_from_cents(0)) == "0.00"
    assert yuan_from_cents(-1) == Decimal("-0.01")
    assert cents_from_yuan(Decimal("680.5")) == 68050
    assert cents_from_yuan(yuan_from_cents(123456789)) == 123456789


def test_an_amount_below_the_fen_has_no_whole_number_of_fen():
    with pytest.raises(ValueError, match="whole number of cents"):
        cents_from_yuan(Decimal("0.125"))


def test_fen_as_wan_yuan_round_half_up_once():
    assert wan_yuan(8_578_240_000) == Decimal("8578.24")
    assert wan_yuan(1_005_000) == Decimal("1.01")  # 10 050 元 = 1.005 万元: half up, not to even
    assert wan_yuan(4_999) == Decimal("0.00")


def test_a_per_head_figure_shares_the_fen_and_rounds_half_up():
    assert yuan_per(150_000, 4, places=0) == Decimal("375")
    assert yuan_per(100_000, 3) == Decimal("333.33")
    assert yuan_per(250, 2, places=0) == Decimal("1")  # 1.25 元
    assert yuan_per(300, 2, places=0) == Decimal("2")  # 1.50 元, half up
