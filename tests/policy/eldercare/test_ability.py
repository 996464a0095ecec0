"""GB/T 42195-2022: 26 items in four parts, 90 points, five levels, and the conditions that change one."""

from __future__ import annotations

import pytest

from policy.eldercare.ability import (
    ITEMS,
    MAX_TOTAL,
    PART_MAXIMUM,
    AbilityLevel,
    Part,
    assess_ability,
    level_for_total,
)
from policy.errors import ValidationFailed


def best() -> dict[str, int]:
    return {item.key: item.max_score for item in ITEMS}


def answers_totalling(total: int) -> dict[str, int]:
    """Full marks, then points taken off item by item until ``total`` is left."""
    answers = best()
    to_remove = MAX_TOTAL - total
    for item in ITEMS:
        take = min(to_remove, answers[item.key])
        answers[item.key] -= take
        to_remove -= take
    assert to_remove == 0
    return answers


def test_the_standard_has_26_items_in_four_parts_worth_90_points():
    assert len(ITEMS) == 26
    assert [sum(1 for i in ITEMS if i.part is p) for p in Part] == [8, 4, 9, 5]
    assert PART_MAXIMUM == {Part.SELF_CARE: 32, Part.MOBILITY: 15, Part.MENTAL: 28, Part.PERCEPTION: 15}
    assert MAX_TOTAL == 90


def test_items_carry_the_standards_scales():
    by_name = {item.name: item for item in ITEMS}
    assert sorted(by_name["进食"].scores) == [0, 1, 2, 3, 4]
    assert sorted(by_name["上下楼梯"].scores) == [0, 1, 2, 3]
    assert sorted(by_name["攻击行为"].scores) == [0, 1]
    assert sorted(by_name["意识水平"].scores) == [0, 1, 2]
    assert sorted(by_name["视力"].scores) == [0, 1, 2]
    assert sorted(by_name["使用交通工具外出"].scores) == [0, 1, 2, 3]
    assert [item.code for item in ITEMS][:2] == ["B.1.1", "B.1.2"]
    assert ITEMS[-1].code == "B.4.5"


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (90, AbilityLevel.INTACT),
        (89, AbilityLevel.MILD),
        (66, AbilityLevel.MILD),
        (65, AbilityLevel.MODERATE),
        (46, AbilityLevel.MODERATE),
        (45, AbilityLevel.SEVERE),
        (30, AbilityLevel.SEVERE),
        (29, AbilityLevel.COMPLETE),
        (0, AbilityLevel.COMPLETE),
    ],
)
def test_the_total_gives_the_initial_level_at_the_standards_bands(total, level):
    assert level_for_total(total) is level
    result = assess_ability(answers=answers_totalling(total))
    assert result.total == total
    assert result.initial_level is level
    assert result.level is level
    assert result.reasons == ()


def test_the_part_scores_add_up_per_part():
    answers = best()
    answers["stairs"] = 1  # 基础运动能力 15 → 13
    answers["aggression"] = 0  # 精神状态 28 → 27
    result = assess_ability(answers=answers)
    assert result.part_scores == {Part.SELF_CARE: 32, Part.MOBILITY: 13, Part.MENTAL: 27, Part.PERCEPTION: 15}
    assert result.total == 87
    assert result.level is AbilityLevel.MILD


def test_coma_is_complete_dependence_whatever_the_score():
    result = assess_ability(answers=answers_totalling(70), coma=True)
    assert result.initial_level is AbilityLevel.MILD
    assert result.level is AbilityLevel.COMPLETE
    assert "昏迷" in result.reasons[0]


def test_a_mental_disorder_raises_the_level_by_one():
    result = assess_ability(answers=answers_totalling(70), mental_disorder=True)
    assert result.level is AbilityLevel.MODERATE
    assert len(result.reasons) == 1


def test_two_risk_events_in_30_days_raise_it_but_one_does_not():
    assert assess_ability(answers=answers_totalling(50), risk_events_30_days=1).level is AbilityLevel.MODERATE
    assert assess_ability(answers=answers_totalling(50), risk_events_30_days=2).level is AbilityLevel.SEVERE


def test_both_conditions_together_raise_the_initial_level_once():
    result = assess_ability(answers=answers_totalling(90), mental_disorder=True, risk_events_30_days=3)
    assert result.initial_level is AbilityLevel.INTACT
    assert result.level is AbilityLevel.MILD
    assert len(result.reasons) == 2


def test_complete_dependence_cannot_rise_further():
    result = assess_ability(answers=answers_totalling(10), mental_disorder=True)
    assert result.level is AbilityLevel.COMPLETE


def test_every_bad_answer_is_reported_on_its_item():
    answers = best()
    del answers["eating"]
    answers["stairs"] = 4  # the stairs scale stops at 3
    answers["vision"] = True  # a bool is not a score
    answers["shoe_size"] = 3
    with pytest.raises(ValidationFailed) as caught:
        assess_ability(answers=answers, risk_events_30_days=-1)
    errors = caught.value.errors
    assert set(errors) == {"eating", "stairs", "vision", "shoe_size", "risk_events_30_days"}
    assert "3、2、1、0" in errors["stairs"][0]


def test_a_total_outside_0_to_90_is_refused():
    with pytest.raises(ValidationFailed):
        level_for_total(91)
    with pytest.raises(ValidationFailed):
        level_for_total(-1)


def test_levels_are_ordered_and_labelled():
    assert [level.rank for level in AbilityLevel] == [0, 1, 2, 3, 4]
    assert [level.label for level in AbilityLevel] == [
        "能力完好",
        "轻度失能",
        "中度失能",
        "重度失能",
        "完全失能",
    ]
    assert Part.PERCEPTION.label == "感知觉与社会参与"
