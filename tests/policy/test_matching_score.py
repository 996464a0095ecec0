"""The pair score: the method, the per-mille score and the Chinese reasons for one record and one person."""

from __future__ import annotations

from datetime import date

import pytest

from policy.matching import DEFAULT_THRESHOLD, PersonKey, RecordKey, area_points, birth_points, score_pair

TODAY = date(2026, 11, 1)
BORN = date(1956, 3, 7)
PERSON = PersonKey(id_number="421303195603071236", name="王秀英", birth_date=BORN, area_code="421303001001")


def record(
    id_number: str | None = None,
    name: str = "王秀英",
    born: date | None = BORN,
    area: str | None = "421303001001",
) -> RecordKey:
    return RecordKey(id_number=id_number, name=name, birth_date=born, area_code=area)


@pytest.mark.parametrize(
    ("rec", "score", "method", "reasons"),
    [
        (record("421303195603071236"), 1.0, "exact", ("身份证号一致", "姓名一致")),
        (
            record("421303195603071236 ", "王秀瑛"),
            0.988,
            "exact",
            ("身份证号一致", "姓名拼音相同（同音字：“瑛”/“英”）"),
        ),
        (
            record("421303195603071236", "李四"),
            0.9,
            "exact",
            ("身份证号一致", "姓名不一致（“李四”/“王秀英”）"),
        ),
        (
            record("421303195603071230"),
            1.0,
            "id_repaired",
            ("身份证号纠错后一致（第18位校验码“0”应为“6”）", "姓名一致"),
        ),
        (
            record("421303195603071230", "李四"),
            0.6,
            "id_repaired",
            ("身份证号纠错后一致（第18位校验码“0”应为“6”）", "姓名不一致（“李四”/“王秀英”）"),
        ),
        (record(None), 1.0, "fuzzy", ("外部记录无身份证号", "姓名一致", "出生日期一致", "同村（社区）")),
        (
            record(None, "王秀瑛", area="421303001000"),
            0.91,
            "fuzzy",
            ("外部记录无身份证号", "姓名拼音相同（同音字：“瑛”/“英”）", "出生日期一致", "同乡镇（街道）"),
        ),
        (
            record(None, "王秀荚"),
            0.86,
            "fuzzy",
            ("外部记录无身份证号", "姓名相差一字（“荚”/“英”）", "出生日期一致", "同村（社区）"),
        ),
        (
            record(None, born=date(1956, 7, 3)),
            0.87,
            "fuzzy",
            ("外部记录无身份证号", "姓名一致", "出生日期月、日颠倒", "同村（社区）"),
        ),
        (
            record("12345", born=None, area=None),
            0.71,
            "fuzzy",
            ("外部身份证号无效", "姓名一致", "外部记录无出生日期", "外部记录无地址"),
        ),
        (
            record("11010519491231002X"),
            0.0,
            "conflict",
            ("身份证号不一致（双方均为有效号码，不是同一人）",),
        ),
    ],
)
def test_score_pair_names_method_score_and_reasons(rec, score, method, reasons):
    result = score_pair(person=PERSON, record=rec, today=TODAY)

    assert (result.score, result.method, result.reasons) == (score, method, reasons)


def test_an_invalid_number_still_gives_its_birth_date_when_the_record_has_none():
    # Two digits of the sequence are wrong, so no repair reaches the person, but 19560307 is still there.
    result = score_pair(person=PERSON, record=record("421303195603079936", born=None), today=TODAY)

    assert result.method == "fuzzy"
    assert "出生日期一致" in result.reasons
    assert result.score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("born", "points", "reason"),
    [
        (BORN, 35, "出生日期一致"),
        (date(1956, 3, 17), 22, "出生年月一致、日不同"),
        (date(1956, 7, 3), 22, "出生日期月、日颠倒"),
        (date(1957, 3, 7), 22, "出生月日一致、年份差一年"),
        (None, 15, "外部记录无出生日期"),
        (date(1966, 3, 7), 0, "出生日期不一致（1966-03-07/1956-03-07）"),
    ],
)
def test_birth_points(born, points, reason):
    assert birth_points(born, BORN) == (points, reason)


@pytest.mark.parametrize(
    ("area", "points", "reason"),
    [
        ("421303001001", 15, "同村（社区）"),
        ("421303001002", 12, "同乡镇（街道）"),
        ("421303001", 12, "同乡镇（街道）"),
        ("421303", 8, "同县（区）"),
        ("４２１３０３", 8, "同县（区）"),
        ("4213", 6, "外部记录地址只到省市"),
        ("420921001001", -5, "不在同一县（区）"),
        ("33", -5, "不在同一县（区）"),
        (None, 6, "外部记录无地址"),
        ("不详", 6, "外部记录无地址"),
    ],
)
def test_area_points(area, points, reason):
    assert area_points(area, "421303001001") == (points, reason)


def test_the_default_threshold_takes_a_homophone_with_the_birth_day_but_not_a_namesake_born_elsewhere():
    homophone = score_pair(person=PERSON, record=record(None, "王秀瑛", area=None), today=TODAY)
    namesake = score_pair(person=PERSON, record=record(None, born=date(1961, 5, 2)), today=TODAY)

    assert homophone.score >= DEFAULT_THRESHOLD > namesake.score
