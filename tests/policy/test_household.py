"""Who makes up a household: exactly one head, at most one spouse, known relations."""

from __future__ import annotations

import pytest

from policy.errors import ValidationFailed
from policy.household import RELATION_LABELS, MemberSpec, Relation, household_composition_check


def reason(members: list[MemberSpec]) -> str:
    with pytest.raises(ValidationFailed) as info:
        household_composition_check(members)
    assert list(info.value.errors) == ["members"]
    return info.value.errors["members"][0]


def test_a_head_with_spouse_children_and_parents_is_accepted():
    household_composition_check(
        [
            MemberSpec("张三", Relation.HEAD),
            MemberSpec("李四", Relation.SPOUSE),
            MemberSpec("张小一", Relation.CHILD),
            MemberSpec("张小二", Relation.CHILD),
            MemberSpec("张老", Relation.PARENT),
        ]
    )


def test_a_household_of_one_head_is_accepted():
    household_composition_check([MemberSpec("孤老", "head")])


def test_an_empty_household_is_refused():
    assert reason([]) == "家庭至少要有一名成员"


def test_a_household_without_a_head_is_refused():
    assert reason([MemberSpec("李四", "spouse")]) == "家庭必须有且只有一名户主，当前没有户主"


def test_two_heads_are_refused_by_name():
    assert reason([MemberSpec("张三", "head"), MemberSpec("李四", "head")]) == (
        "家庭必须有且只有一名户主，当前有2名：张三、李四"
    )


def test_two_spouses_are_refused_by_name():
    members = [MemberSpec("张三", "head"), MemberSpec("李四", "spouse"), MemberSpec("王五", "spouse")]

    assert reason(members) == "户主的配偶只能有一名，当前有：李四、王五"


def test_an_unknown_relation_is_refused_by_name():
    assert reason([MemberSpec("张三", "head"), MemberSpec("表弟", "cousin")]) == "与户主关系无效：表弟"


def test_every_relation_has_a_chinese_label():
    assert set(RELATION_LABELS) == set(Relation)
    assert RELATION_LABELS[Relation.HEAD] == "本人(户主)"
