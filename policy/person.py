"""The rules a person's record must meet before it is kept.

All are checked at once, so that a form shows every error in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from policy.errors import InvalidIdNumber, ValidationFailed
from policy.identity import IdNumber, Sex, id_number_parse

__all__ = ["PersonFacts", "person_check"]

_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•A-Za-z]{1,}( ?[\u3400-\u9fff·A-Za-z]+)*$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonFacts:
    """What a form or an import row says about a person, before it is trusted."""

    name: str
    id_number: str
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    disability_category: str = ""
    disability_grade: int | None = None
    death_date: date | None = None


def person_check(facts: PersonFacts, *, today: date) -> IdNumber:
    """Return the parsed ID number, or raise ValidationFailed naming every field that is wrong.

    Birth date and sex come from the ID number; where a form also gives them, they must agree.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, reason: str) -> None:
        errors.setdefault(field, []).append(reason)

    name = facts.name.strip()
    if not name:
        add("name", "姓名不能为空")
    elif len(name) > 50:
        add("name", "姓名不能超过50个字")
    elif not _NAME.match(name):
        add("name", "姓名只能包含汉字、字母和间隔号“·”")

    parsed: IdNumber | None = None
    try:
        parsed = id_number_parse(facts.id_number, today=today)
    except InvalidIdNumber as exc:
        for field, reasons in exc.errors.items():
            errors.setdefault(field, []).extend(reasons)

    if parsed is not None:
        if facts.birth_date is not None and facts.birth_date != parsed.birth_date:
            add("birth_date", f"出生日期与公民身份号码不一致（号码中为{parsed.birth_date:%Y-%m-%d}）")
        if facts.sex and facts.sex != parsed.sex:
            add("sex", f"性别与公民身份号码不一致（号码中为{Sex.LABELS[parsed.sex]}）")
        if facts.death_date is not None and facts.death_date < parsed.birth_date:
            add("death_date", "死亡日期不能早于出生日期")
    if facts.death_date is not None and facts.death_date > today:
        add("death_date", "死亡日期不能晚于今天")

    phone = facts.phone.strip()
    if phone and not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        add("phone", "联系电话应为11位手机号或带区号的固定电话")

    if facts.disability_grade is not None and not facts.disability_category:
        add("disability_category", "填写了残疾等级，请同时填写残疾类别")
    if facts.disability_category and facts.disability_grade is None:
        add("disability_grade", "填写了残疾类别，请同时填写残疾等级")
    if facts.disability_grade is not None and facts.disability_grade not in (1, 2, 3, 4):
        add("disability_grade", "残疾等级应为一至四级")

    if errors or parsed is None:
        raise ValidationFailed(errors)
    return parsed
