"""Reading the assess JSON and hypothetical standards: defaults, accepted words, a reason per JSON path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.standards.mappers.assess_json import assess_input_parse
from apps.standards.mappers.overrides import Override, overrides_for, overrides_from_csv, overrides_parse
from policy.errors import ValidationFailed
from policy.facts import ChildStatus, IncomeKind
from policy.selfcare import SelfCareLevel
from tests.factories import new_id_number

VILLAGE = "421303001001"


def kinds(code: str) -> bool | None:
    return {VILLAGE: True}.get(code)


def body(*members: dict, **top) -> dict:
    return {"area": VILLAGE, "members": list(members), **top}


def head(**fields) -> dict:
    return {"id_number": new_id_number(birth=date(1980, 1, 1)), "name": "张伟", "relation": "head", **fields}


def errors_of(data) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        assess_input_parse(data, area_urban=kinds)
    return caught.value.errors


def test_the_kind_defaults_to_the_villages_and_the_birth_date_comes_from_the_id_number():
    parsed = assess_input_parse(body(head()), area_urban=kinds)

    assert parsed.household.urban is True
    assert parsed.household.members[0].birth_date == date(1980, 1, 1)


def test_chinese_words_are_accepted_for_relations_income_types_self_care_and_child_status():
    child = {
        "id_number": new_id_number(birth=date(2015, 1, 1)),
        "name": "张小明",
        "relation": "孙子",
        "child_status": "孤儿",
    }
    parsed = assess_input_parse(
        body(head(incomes=[{"type": "经营净收入", "monthly": 300.5}], self_care="半失能"), child),
        area_urban=kinds,
    )

    first, second = parsed.household.members
    assert (first.incomes[0].kind, first.incomes[0].monthly) == (IncomeKind.BUSINESS, Decimal("300.50"))
    assert first.self_care is SelfCareLevel.PARTIAL
    assert (second.relation, second.child_status) == ("grandchild", ChildStatus.ORPHAN)


def test_the_six_self_care_items_give_the_level():
    items = {"eat": True, "dress": False, "transfer": False, "toilet": False, "walk": False, "bathe": True}

    parsed = assess_input_parse(body(head(self_care=items)), area_urban=kinds)

    assert parsed.household.members[0].self_care is SelfCareLevel.NONE


def test_an_unknown_area_a_misspelt_field_and_a_missing_head_are_each_reported():
    errors = errors_of(
        {"area": "421303999999", "members": [head(relation="spouse", serious_ilness=True)], "asets": {}}
    )

    assert errors["area"] == ["区划代码不存在"]
    assert errors["asets"] == ["未知的字段，请对照 docs/assess.md 检查拼写"]
    assert errors["members[0].serious_ilness"] == ["未知的字段，请对照 docs/assess.md 检查拼写"]
    assert errors["members"] == ["应有且只有一名户主（relation 为 head）"]


def test_the_same_person_twice_is_refused_at_the_second():
    member = head()

    errors = errors_of(body(member, {**member, "relation": "spouse"}))

    assert errors["members[1].id_number"] == ["与 members[0] 重复"]


def test_a_flag_must_be_true_or_false_and_a_count_a_whole_number():
    errors = errors_of(body(head(in_school="是"), assets={"homes": 1.5, "deposits": "1,000"}))

    assert errors["members[0].in_school"] == ["应为 true 或 false"]
    assert errors["assets.homes"] == ["应为不小于0的整数"]
    assert "assets.deposits" not in errors  # "1,000" is read as 1000


def test_the_first_problem_leads_the_message_with_its_path():
    with pytest.raises(ValidationFailed) as caught:
        assess_input_parse(body(head(id_number="123")), area_urban=kinds)

    assert caught.value.message == "members[0].id_number：公民身份号码应为18位，实际为3位"


def test_hypothetical_standards_per_kind_or_for_both():
    overrides = overrides_parse(
        {"dibao.standard": {"urban": "700", "rural": "650"}, "orphan.dispersed": 1600}
    )

    assert overrides_for(overrides, urban=False) == {"dibao.standard": "650", "orphan.dispersed": "1600"}
    assert Override("dibao.standard", True, "700") in overrides


def test_a_hypothetical_value_is_checked_like_a_stored_one():
    with pytest.raises(ValidationFailed) as caught:
        overrides_parse({"dibao.standard": "七百", "dibao.near_multiple": {"urban": "2"}, "nope": "1"})

    errors = caught.value.errors
    assert errors["standards.dibao.standard"] == ["低保标准：格式不正确（填写的是“七百”）"]
    assert "standards.dibao.near_multiple.urban" in errors
    assert errors["standards.nope"] == ["未知的参数"]


def test_a_csv_of_hypothetical_values_reads_chinese_headers():
    overrides = overrides_from_csv("\ufeff参数,城乡,数值\n低保标准,城市,700\ndibao.near_multiple,,2\n")

    assert overrides_for(overrides, urban=True) == {"dibao.standard": "700", "dibao.near_multiple": "2"}


def test_an_omitted_supporter_is_inferred_from_the_other_members_but_a_given_one_is_kept():
    child = {"id_number": new_id_number(birth=date(2015, 1, 1)), "name": "小明", "relation": "child"}
    parsed = assess_input_parse(
        body(head(employable=True), child, {**child, "id_number": new_id_number(), "supporter_able": False}),
        area_urban=kinds,
    )

    household = parsed.household_on(date(2024, 1, 1))

    assert [m.supporter_able for m in household.members] == [False, True, False]
