"""统计用区划代码: 12 digits, five levels, each a prefix; parents and ranges follow from the code."""

from __future__ import annotations

import itertools

import pytest

from policy.areas import (
    AreaLevel,
    area_code_level,
    area_code_normalize,
    area_code_parent,
    area_code_range,
    area_default_is_urban,
)

CHAIN = [
    ("420000000000", AreaLevel.PROVINCE),  # 湖北省
    ("421300000000", AreaLevel.CITY),  # 随州市
    ("421303000000", AreaLevel.COUNTY),  # 曾都区
    ("421303001000", AreaLevel.TOWNSHIP),  # 西城街道
    ("421303001001", AreaLevel.VILLAGE),  # 乌龙巷社区
]


@pytest.mark.parametrize(("code", "level"), CHAIN)
def test_the_level_is_read_from_where_the_zeros_begin(code, level):
    assert area_code_level(code) is level


def test_each_parent_is_the_level_above():
    for (parent, _), (child, _) in itertools.pairwise(CHAIN):
        assert area_code_parent(child) == parent
    assert area_code_parent("420000000000") is None


@pytest.mark.parametrize(
    ("code", "low", "high"),
    [
        ("420000000000", "420000000000", "429999999999"),
        ("421303000000", "421303000000", "421303999999"),
        ("421303001000", "421303001000", "421303001999"),
        ("421303001001", "421303001001", "421303001001"),
    ],
)
def test_an_area_contains_exactly_one_range_of_codes(code, low, high):
    assert area_code_range(code) == (low, high)


def test_the_range_holds_descendants_and_no_neighbour():
    low, high = area_code_range("421303000000")

    assert low <= "421303100201" <= high
    assert not low <= "421302001001" <= high
    assert not low <= "421304000000" <= high


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("42", "420000000000"),
        ("4213", "421300000000"),
        ("421303", "421303000000"),
        ("421303001", "421303001000"),
        (" 421303001001 ", "421303001001"),
        (421303, "421303000000"),
        ("４２１３０３", "421303000000"),
    ],  # full-width digits from a Chinese input method
)
def test_short_codes_are_padded_to_twelve_digits(short, full):
    assert area_code_normalize(short) == full


@pytest.mark.parametrize("bad", ["", "4", "421", "42130", "4213030010011", "42a303", "٤٢", "4²"])
def test_codes_of_other_lengths_or_with_letters_are_refused_in_chinese(bad):
    with pytest.raises(ValueError, match="应为2、4、6、9或12位数字"):
        area_code_normalize(bad)


@pytest.mark.parametrize("bad", ["4213", "42130300100a", "4213030010011", "４２００００００００００"])
def test_level_needs_a_full_code(bad):
    with pytest.raises(ValueError, match="12位"):
        area_code_level(bad)


def test_levels_have_chinese_labels_and_prefix_lengths():
    assert [lv.label for lv in AreaLevel] == ["省", "市", "县/区", "乡镇/街道", "村/社区"]
    assert [lv.prefix_length for lv in AreaLevel] == [2, 4, 6, 9, 12]


@pytest.mark.parametrize(
    ("name", "urban"),
    [
        ("乌龙巷社区居委会", True),
        ("城中社区", True),
        ("双龙寺居民委员会", True),
        ("万店村委会", False),
        ("花园村民委员会", False),
        ("某某村", False),
        ("社区村委会", False),  # 村委会 decides, whatever else the name says
    ],
)
def test_residents_committees_default_to_urban_and_village_committees_to_rural(name, urban):
    assert area_default_is_urban(name) is urban
