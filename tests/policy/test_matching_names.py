"""Names for matching: folding spaces, dots and variant characters, pinyin keys, and the name ladder."""

from __future__ import annotations

import pytest

from policy.matching import (
    FOLD,
    NameLevel,
    name_clean,
    name_compare,
    name_initials,
    name_key,
    name_pinyin,
    one_edit_apart,
    variants,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("王 芳", "王芳"),
        ("王　芳", "王芳"),  # a full-width space typed with a Chinese input method
        (" 王芳\t", "王芳"),
        ("买买提·艾力", "买买提艾力"),
        ("买买提.艾力", "买买提艾力"),
        ("买买提・艾力", "买买提艾力"),  # the Japanese middle dot that Windows IMEs produce
        ("买买提•艾力", "买买提艾力"),
        ("王峯", "王峰"),  # 异体字
        ("劉德華", "刘德华"),  # 繁体字
        ("張偉", "张伟"),
        ("ＷＡＮＧ", "WANG"),  # full-width Latin letters
        (None, ""),
    ],
)
def test_name_key_folds_spacing_dots_widths_and_variants(raw, key):
    assert name_key(raw) == key


def test_name_clean_keeps_the_characters_as_written():
    assert name_clean("劉 德華") == "劉德華"


def test_the_variant_table_maps_each_written_form_to_a_standard_character_that_is_not_itself_a_variant():
    table = variants()

    assert len(table) > 200
    assert {v.kind for v in table.values()} == {"异体字", "繁体字"}
    assert not {v.canonical for v in table.values()} & set(table)
    assert all(len(v.variant) == 1 and len(v.canonical) == 1 for v in table.values())


def test_the_fold_replaces_single_characters_only_so_a_column_replace_gives_the_same_key():
    assert all(len(c) == 1 for c in FOLD)


@pytest.mark.parametrize(
    ("name", "syllables"),
    [
        ("王秀英", ("wang", "xiu", "ying")),
        ("吕", ("lv",)),
        ("单田芳", ("shan", "tian", "fang")),  # 单 as a surname is shàn
        ("曾小贤", ("zeng", "xiao", "xian")),  # 曾 as a surname is zēng
        ("区志强", ("ou", "zhi", "qiang")),
        ("解晓东", ("xie", "xiao", "dong")),
        ("尉迟恭", ("yu", "chi", "gong")),  # a compound surname read as a whole
        ("万俟卨", ("mo", "qi", "xie")),
        ("", ()),
    ],
)
def test_pinyin_reads_the_surname_as_a_surname(name, syllables):
    assert name_pinyin(name) == syllables


def test_initials_take_the_first_letter_of_each_syllable():
    assert name_initials("张志华") == "zzh"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("王芳", "王方", True),
        ("王明", "王小明", True),
        ("王小明", "王明", True),
        ("王小明", "王明华", False),
        ("王芳", "王芳", False),
        ("张三", "李四", False),
    ],
)
def test_one_edit_apart_is_levenshtein_distance_one(a, b, expected):
    assert one_edit_apart(a, b) is expected


@pytest.mark.parametrize(
    ("record", "person", "level", "reason"),
    [
        ("王芳", "王芳", NameLevel.SAME, "姓名一致"),
        ("王 芳", "王芳", NameLevel.SAME, "姓名一致"),
        ("王峯", "王峰", NameLevel.SAME, "姓名一致（异体字：“峯”/“峰”）"),
        ("劉德華", "刘德华", NameLevel.SAME, "姓名一致（繁体字：“劉”/“刘”、“華”/“华”）"),
        ("王姗", "王珊", NameLevel.PINYIN, "姓名拼音相同（同音字：“姗”/“珊”）"),
        ("增小贤", "曾小贤", NameLevel.PINYIN, "姓名拼音相同（同音字：“增”/“曾”）"),
        ("王玉兰", "王王兰", NameLevel.ONE_EDIT, "姓名相差一字（“玉”/“王”）"),
        ("王明", "王小明", NameLevel.ONE_EDIT, "姓名多一字或少一字"),
        ("张三", "李四", NameLevel.DIFFERENT, "姓名不一致（“张三”/“李四”）"),
        ("王", "李", NameLevel.DIFFERENT, "姓名不一致（“王”/“李”）"),  # one character apart is no evidence
        ("", "", NameLevel.DIFFERENT, "姓名不一致（“”/“”）"),
    ],
)
def test_name_compare_gives_the_level_and_quotes_the_differing_characters(record, person, level, reason):
    match = name_compare(record, person)

    assert (match.level, match.reason) == (level, reason)


def test_a_name_with_both_kinds_of_variant_names_each_kind_without_the_reasons_separator():
    match = name_compare("劉峯", "刘峰")

    assert match.reason == "姓名一致（繁体字：“劉”/“刘”，异体字：“峯”/“峰”）"
    assert "；" not in match.reason
