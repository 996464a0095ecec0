"""Repairing mistyped ID numbers: every valid number one ordinary slip away, each explained."""

from __future__ import annotations

import random
from datetime import date

import pytest

from policy.identity import id_number_make, id_number_parse
from policy.matching import birth_in_id, id_is_valid, id_repair_candidates

TODAY = date(2026, 11, 1)
GOOD = id_number_make(area_code="421303", birth_date=date(1956, 3, 7), sequence=123)  # 421303195603071236


def repairs_to(raw: str, value: str = GOOD) -> list[str]:
    return [r.detail for r in id_repair_candidates(raw, today=TODAY) if r.value == value]


def test_the_example_number_is_valid():
    assert GOOD == "421303195603071236"
    assert id_is_valid(GOOD, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("421303195603071230", "第18位校验码“0”应为“6”"),
        ("421303195063071236", "第10、11位“06”颠倒"),
        ("421303195603073236", "第15位“3”应为“1”"),
        ("421303560307123", "15位旧号码，已升为18位"),
        ("42130319560307123", "缺少第18位校验码，已补上"),
        (" 421303 195603071230 ", "第18位校验码“0”应为“6”"),  # spaces are normalised first
    ],
)
def test_a_single_slip_is_repaired_and_explained(raw, detail):
    assert repairs_to(raw) == [detail]


def test_a_valid_number_has_nothing_to_repair():
    assert id_repair_candidates(GOOD, today=TODAY) == ()


@pytest.mark.parametrize("raw", ["", "abc", "4213031956030712", "42130319560307123456", "４２１３"])
def test_hopeless_input_has_no_candidates(raw):
    assert id_repair_candidates(raw, today=TODAY) == ()


def test_a_swap_with_a_check_x_is_not_a_digit_swap():
    # 11010519491231002X: swapping “2X” would put X among the digits, which no number has.
    candidates = id_repair_candidates("1101051949123100X2", today=TODAY)

    assert "11010519491231002X" not in {c.value for c in candidates}


def test_every_candidate_is_a_valid_number_with_a_plausible_birth_date():
    rng = random.Random(5)
    for _ in range(300):
        raw = "".join(rng.choice("0123456789") for _ in range(17)) + rng.choice("0123456789X")
        for candidate in id_repair_candidates(raw, today=TODAY):
            parsed = id_number_parse(candidate.value, today=TODAY)
            assert parsed.birth_date <= TODAY


def test_every_single_digit_slip_and_neighbour_swap_of_a_valid_number_repairs_back_to_it():
    rng = random.Random(11)
    for _ in range(200):
        born = date(rng.randint(1920, 2020), rng.randint(1, 12), rng.randint(1, 28))
        good = id_number_make(area_code="421303", birth_date=born, sequence=rng.randint(0, 999))
        p = rng.randrange(18)
        wrong = str((int(good[p]) + rng.randint(1, 9)) % 10) if good[p] != "X" else "0"
        slips = [good[:p] + wrong + good[p + 1 :]]
        j = rng.randrange(16)
        if good[j] != good[j + 1]:
            slips.append(good[:j] + good[j + 1] + good[j] + good[j + 2 :])
        for raw in slips:
            assert not id_is_valid(raw, today=TODAY)
            assert good in {c.value for c in id_repair_candidates(raw, today=TODAY)}


@pytest.mark.parametrize(
    ("value", "born"),
    [("421303195603071236", date(1956, 3, 7)), ("421303195602301236", None), ("4213031956", None)],
)
def test_birth_in_id_reads_a_real_day_or_nothing(value, born):
    assert birth_in_id(value, today=TODAY) == born


def test_a_birth_date_after_today_is_not_plausible():
    assert birth_in_id("421303202701011234", today=TODAY) is None
