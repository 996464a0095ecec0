"""Masking identifiers for lists and search results."""

from __future__ import annotations

import pytest

from policy.privacy import mask_account, mask_id_number, mask_phone


def test_an_id_number_keeps_its_county_and_last_four_digits():
    assert mask_id_number("421303199001011234") == "421303********1234"


def test_a_masked_id_number_hides_the_birth_date():
    assert "19900101" not in mask_id_number("421303199001011234")


def test_an_id_number_ending_in_x_keeps_the_x():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_a_phone_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13912345678") == "139****5678"


def test_a_landline_is_masked_in_the_middle():
    assert mask_phone("0722-1234567") == "072*****4567"


def test_an_account_shows_only_its_last_four_digits():
    assert mask_account("6217001234567890") == "************7890"


@pytest.mark.parametrize("mask", [mask_id_number, mask_phone, mask_account])
@pytest.mark.parametrize("empty", ["", None])
def test_nothing_masks_to_nothing(mask, empty):
    assert mask(empty) == ""


def test_short_values_are_masked_completely():
    assert mask_id_number("4213031990") == "**********"
    assert mask_phone("123456") == "******"
    assert mask_account("123") == "123"  # fewer than four digits: nothing beyond the visible tail
