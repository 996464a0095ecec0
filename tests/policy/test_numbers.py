"""Business numbers: the fixed form, the kinds, and what a search accepts."""

from __future__ import annotations

import pytest

from policy.numbers import (
    APPLICATION_CODES,
    CASE_CODES,
    KINDS,
    application_code,
    case_code,
    number_format,
    number_normalise,
    number_parts,
)
from policy.programs import PROGRAMS


def test_the_form_reads_area_year_code_serial() -> None:
    assert (
        number_format(kind_code="DB", county_code="421303", year=2026, serial=123) == "421303-2026-DB-00123"
    )


def test_a_longer_area_code_gives_its_county() -> None:
    assert (
        number_format(kind_code="JT", county_code="421303001001", year=2026, serial=1)
        == "421303-2026-JT-00001"
    )


def test_a_serial_past_five_digits_widens() -> None:
    assert (
        number_format(kind_code="JT", county_code="421303", year=2026, serial=123456)
        == "421303-2026-JT-123456"
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind_code": "QQ", "county_code": "421303", "year": 2026, "serial": 1},
        {"kind_code": "JT", "county_code": "4213", "year": 2026, "serial": 1},
        {"kind_code": "JT", "county_code": "421303", "year": 26, "serial": 1},
        {"kind_code": "JT", "county_code": "421303", "year": 2026, "serial": 0},
    ],
)
def test_bad_parts_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        number_format(**kwargs)


def test_every_programme_has_its_own_application_and_case_code() -> None:
    assert set(APPLICATION_CODES) == set(PROGRAMS)
    codes = list(APPLICATION_CODES.values()) + list(CASE_CODES.values())
    assert len(codes) == len(set(codes)) == 22
    assert application_code("dibao") == "DB" and case_code("dibao") == "DBZ"
    assert application_code("tekun") == "TK" and application_code("temporary") == "LS"


def test_the_kinds_name_their_numbers() -> None:
    assert KINDS["JT"].label == "户编号"
    assert KINDS["DB"].label == "受理编号"
    assert KINDS["DBZ"].label == "保障编号"
    assert KINDS["FF"].label == "发放批次号"
    assert KINDS["XS"].label == "线索编号"
    assert KINDS["YJ"].label == "预警编号"
    assert KINDS["TB"].label and KINDS["WS"].label == "网上申请编号"
    assert all(len(code) == 2 for code in ("JT", "FF", "XS", "YJ", "TB", "WS", *APPLICATION_CODES.values()))


@pytest.mark.parametrize(
    "typed",
    [
        "421303-2026-DB-00123",
        "421303-2026-db-00123",
        "4213032026DB00123",
        " 421303 2026 DB 00123 ",
        "４２１３０３－２０２６－ＤＢ－００１２３",
        "421303-2026-DB-123",
    ],
)
def test_a_whole_number_typed_any_way_comes_back_stored(typed: str) -> None:
    assert number_normalise(typed) == "421303-2026-DB-00123"


def test_part_of_a_number_is_cleaned_for_a_contains_search() -> None:
    assert number_normalise(" ｄｂ－００１２３") == "DB-00123"
    assert number_normalise("00123") == "00123"


def test_parts_of_a_number() -> None:
    assert number_parts("421303-2026-DBZ-00007") == ("421303", 2026, "DBZ", 7)
    assert number_parts("家庭12") is None
