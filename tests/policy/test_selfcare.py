"""生活自理能力: six items, and the level they give."""

from __future__ import annotations

import itertools

import pytest

from policy.selfcare import SELF_CARE_ITEMS, SelfCareLevel, SelfCareRating, self_care_level


def rating_failing(count: int) -> SelfCareRating:
    keys = [key for key, _ in SELF_CARE_ITEMS]
    return SelfCareRating(**{key: index >= count for index, key in enumerate(keys)})


@pytest.mark.parametrize(
    ("failed", "level"),
    [
        (0, SelfCareLevel.FULL),
        (1, SelfCareLevel.PARTIAL),
        (2, SelfCareLevel.PARTIAL),
        (3, SelfCareLevel.PARTIAL),
        (4, SelfCareLevel.NONE),
        (5, SelfCareLevel.NONE),
        (6, SelfCareLevel.NONE),
    ],
)
def test_the_level_follows_the_number_of_items_not_met(failed, level):
    assert self_care_level(rating_failing(failed)) is level


def test_only_the_count_matters_not_which_items():
    for combo in itertools.combinations(range(6), 3):
        keys = [key for key, _ in SELF_CARE_ITEMS]
        rating = SelfCareRating(**{key: index not in combo for index, key in enumerate(keys)})
        assert self_care_level(rating) is SelfCareLevel.PARTIAL


def test_levels_have_their_chinese_names():
    assert [lv.label for lv in SelfCareLevel] == ["全自理", "半失能", "全失能"]


def test_the_six_items_are_those_of_the_assessment():
    assert [label for _, label in SELF_CARE_ITEMS] == [
        "自主吃饭",
        "自主穿衣",
        "自主上下床",
        "自主如厕",
        "室内自主行走",
        "自主洗澡",
    ]
