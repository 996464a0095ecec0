"""Who a case covers after a 调整: current household members only, at least one, named when refused."""

from __future__ import annotations

import pytest

from policy.cases import covered_change_text, covered_check
from policy.errors import ValidationFailed

MEMBERS = {1: "张大", 2: "李二", 4: "张小"}
FORMER = {**MEMBERS, 3: "王三"}  # 王三 has died or moved out


def test_current_members_are_accepted_sorted_and_once():
    assert covered_check(chosen=[4, 1, 4], members=MEMBERS, former=FORMER) == (1, 4)


def test_a_former_member_is_refused_by_name():
    with pytest.raises(ValidationFailed) as caught:
        covered_check(chosen=[1, 3], members=MEMBERS, former=FORMER)

    assert caught.value.errors == {"covered": ["王三（人员编号3）已不是该家庭的现有成员，不能列为保障成员"]}


def test_a_stranger_is_refused_by_number_only():
    with pytest.raises(ValidationFailed) as caught:
        covered_check(chosen=[9], members=MEMBERS, former=FORMER)

    assert caught.value.errors == {"covered": ["人员编号9不是该家庭的成员，不能列为保障成员"]}


def test_nobody_covered_is_refused_pointing_to_stop_or_exit():
    with pytest.raises(ValidationFailed, match="保障成员至少应有一人"):
        covered_check(chosen=[], members=MEMBERS, former=FORMER)


def test_the_change_says_who_joined_and_who_left():
    assert covered_change_text({1: "张大", 3: "王三"}, {1: "张大", 4: "张小"}) == "增加：张小；减少：王三"
    assert covered_change_text({1: "张大"}, {1: "张大"}) == ""
