"""The rules a person's record must meet: every wrong field named at once, in Chinese."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from policy.errors import ValidationFailed
from policy.person import PersonFacts, person_check

TODAY = date(2026, 1, 1)
VALID = PersonFacts(name="王秀英", id_number="11010519491231002X")


def errors(facts: PersonFacts) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        person_check(facts, today=TODAY)
    return info.value.errors


def test_a_valid_person_returns_the_parsed_number():
    assert person_check(VALID, today=TODAY).birth_date == date(1949, 12, 31)


@pytest.mark.parametrize("name", ["阿依古丽·买买提", "Li Lei", "欧阳娜娜", "司马光"])
def test_names_in_han_characters_latin_letters_and_the_middle_dot_are_accepted(name):
    person_check(replace(VALID, name=name), today=TODAY)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "姓名不能为空"),
        ("  ", "姓名不能为空"),
        ("张" * 51, "姓名不能超过50个字"),
        ("张3", "姓名只能包含汉字、字母和间隔号“·”"),
    ],
)
def test_bad_names_are_refused(name, expected):
    assert errors(replace(VALID, name=name))["name"] == [expected]


def test_every_wrong_field_is_reported_at_once():
    found = errors(PersonFacts(name="", id_number="123", phone="12", disability_grade=5))

    assert set(found) == {"name", "id_number", "phone", "disability_category", "disability_grade"}


def test_an_entered_birth_date_or_sex_must_agree_with_the_number():
    found = errors(replace(VALID, birth_date=date(1949, 12, 30), sex="M"))

    assert found["birth_date"] == ["出生日期与公民身份号码不一致（号码中为1949-12-31）"]
    assert found["sex"] == ["性别与公民身份号码不一致（号码中为女）"]


def test_agreeing_birth_date_and_sex_are_accepted():
    person_check(replace(VALID, birth_date=date(1949, 12, 31), sex="F"), today=TODAY)


def test_death_date_must_lie_between_birth_and_today():
    assert errors(replace(VALID, death_date=date(1949, 1, 1)))["death_date"] == ["死亡日期不能早于出生日期"]
    assert errors(replace(VALID, death_date=date(2026, 1, 2)))["death_date"] == ["死亡日期不能晚于今天"]


@pytest.mark.parametrize("phone", ["13912345678", "0722-3334444", "07223334444", "010-12345678"])
def test_mobile_and_landline_numbers_are_accepted(phone):
    person_check(replace(VALID, phone=phone), today=TODAY)


@pytest.mark.parametrize("phone", ["12912345678", "1391234567", "3334444", "phone"])
def test_other_phone_numbers_are_refused(phone):
    assert errors(replace(VALID, phone=phone))["phone"] == ["联系电话应为11位手机号或带区号的固定电话"]


def test_disability_category_and_grade_come_together():
    assert "disability_grade" in errors(replace(VALID, disability_category="physical"))
    assert "disability_category" in errors(replace(VALID, disability_grade=2))
    person_check(replace(VALID, disability_category="physical", disability_grade=2), today=TODAY)


def test_disability_grade_is_one_to_four():
    assert errors(replace(VALID, disability_category="visual", disability_grade=0))["disability_grade"] == [
        "残疾等级应为一至四级"
    ]
