"""公民身份号码: the GB 11643 check digit, parsing, normalizing, and making numbers for the demo."""

from __future__ import annotations

from datetime import date

import pytest

from policy.errors import InvalidIdNumber, ValidationFailed
from policy.identity import Sex, id_number_check_char, id_number_make, id_number_normalize, id_number_parse

TODAY = date(2026, 1, 1)


def reason(raw: object, today: date = TODAY) -> str:
    with pytest.raises(InvalidIdNumber) as info:
        id_number_parse(raw, today=today)
    return info.value.errors["id_number"][0]


@pytest.mark.parametrize(
    ("value", "born", "sex"),
    [
        ("11010519491231002X", date(1949, 12, 31), Sex.FEMALE),  # the standard's own example
        ("440524188001010014", date(1880, 1, 1), Sex.MALE),  # the earliest birth date accepted
    ],
)
def test_verified_examples_parse_with_birth_date_and_sex(value, born, sex):
    parsed = id_number_parse(value, today=TODAY)

    assert (parsed.value, parsed.area_code, parsed.birth_date, parsed.sex) == (value, value[:6], born, sex)


@pytest.mark.parametrize(
    ("remainder", "first17"),
    [(r, "0000000" + str(r) + "000000000") for r in range(10)]  # weight 1 at the eighth digit
    + [(10, "00000050000000000")],  # weight 2 at the seventh digit: 5 × 2 = 10
)
def test_check_character_follows_the_mod_11_2_table(remainder, first17):
    table = {0: "1", 1: "0", 2: "X", 3: "9", 4: "8", 5: "7", 6: "6", 7: "5", 8: "4", 9: "3", 10: "2"}

    assert id_number_check_char(first17) == table[remainder]


def test_a_wrong_check_digit_is_refused_with_a_chinese_reason():
    assert reason("110105194912310021") == "公民身份号码校验位错误，请核对是否抄错"


def test_every_other_check_character_is_wrong():
    valid = "11010519491231002X"
    for char in "0123456789":
        with pytest.raises(InvalidIdNumber):
            id_number_parse(valid[:17] + char, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("110105199902300000", "公民身份号码中的出生日期“19990230”不存在"),
        ("110105199913010000", "公民身份号码中的出生日期“19991301”不存在"),
        ("110105187912310000", "公民身份号码中的出生日期“18791231”不合理"),
        ("421303203001010000", "公民身份号码中的出生日期“20300101”不合理"),
    ],
)
def test_impossible_or_implausible_birth_dates_are_refused(raw, expected):
    assert reason(raw) == expected


def test_a_birth_date_after_today_is_refused_and_today_itself_is_accepted():
    newborn = id_number_make(area_code="421303", birth_date=date(2026, 1, 2), sequence=1)

    assert "不合理" in reason(newborn, today=date(2026, 1, 1))
    assert id_number_parse(newborn, today=date(2026, 1, 2)).birth_date == date(2026, 1, 2)


def test_a_fifteen_digit_first_generation_number_is_refused_with_its_length():
    assert reason("110105491231002") == "公民身份号码应为18位，实际为15位"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "公民身份号码不能为空"),
        (None, "公民身份号码不能为空"),
        ("11010519491231002Y", "公民身份号码前17位必须是数字，最后一位是数字或X"),
        ("1101051949123100X2", "公民身份号码前17位必须是数字，最后一位是数字或X"),
        ("4.21303E+17", "公民身份号码被表格软件显示为科学计数法，请将该列设为“文本”后重新填写"),
    ],
)
def test_malformed_numbers_get_a_reason_a_caseworker_can_act_on(raw, expected):
    assert reason(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",  # lower-case x
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X, as typed by a Chinese IME
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002X ",  # spaces
        "11010519491231002X.0",  # a spreadsheet's ".0"
    ],
)
def test_input_is_normalized_before_checking(raw):
    assert id_number_parse(raw, today=TODAY).value == "11010519491231002X"


def test_normalize_turns_full_width_to_ascii_and_x_to_upper_case():
    assert id_number_normalize("４２１３０３ｘ") == "421303X"


def test_the_error_is_a_validation_error_on_the_named_field():
    with pytest.raises(ValidationFailed) as info:
        id_number_parse("123", today=TODAY, field="members-0-id_number")

    assert list(info.value.errors) == ["members-0-id_number"]


def test_made_numbers_are_valid_and_carry_area_birth_date_and_sex():
    odd = id_number_make(area_code="421303", birth_date=date(1990, 5, 17), sequence=123)
    even = id_number_make(area_code="421303", birth_date=date(1990, 5, 17), sequence=124)

    assert id_number_parse(odd, today=TODAY).sex == Sex.MALE
    assert id_number_parse(even, today=TODAY).sex == Sex.FEMALE
    assert odd.startswith("42130319900517123")


@pytest.mark.parametrize(
    ("area", "sequence"), [("42130", 1), ("42130a", 1), ("421303", 1000), ("421303", -1)]
)
def test_make_refuses_a_bad_area_or_sequence(area, sequence):
    with pytest.raises(ValueError):
        id_number_make(area_code=area, birth_date=date(1990, 1, 1), sequence=sequence)


@pytest.mark.parametrize(
    ("day", "age"),
    [(date(2019, 12, 30), 69), (date(2019, 12, 31), 70), (date(2020, 1, 1), 70)],
)
def test_age_counts_a_birthday_on_the_day_itself(day, age):
    assert id_number_parse("11010519491231002X", today=TODAY).age_on(day) == age
