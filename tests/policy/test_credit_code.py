"""统一社会信用代码 (GB 32100-2015): the check character, the character set and the parts."""

from __future__ import annotations

import pytest

from policy.errors import ValidationFailed
from policy.identity import (
    CREDIT_CHARS,
    credit_code_check_char,
    credit_code_make,
    credit_code_normalize,
    credit_code_parse,
)

# Codes published by the bodies themselves (business licences on their own sites), and the standard's sample.
REAL = [
    "91350100M000100Y43",  # the sample of GB 32100-2015
    "91330100716105852F",
    "91110000802100433B",
    "914403001922038216",
    "91440300708461136T",
]


@pytest.mark.parametrize("code", REAL)
def test_published_codes_pass_the_check(code):
    assert credit_code_parse(code).value == code


def test_the_parts_are_read_from_their_positions():
    parsed = credit_code_parse("91350100M000100Y43")
    assert (parsed.authority_code, parsed.kind_code, parsed.area_code) == ("9", "1", "350100")
    assert parsed.organisation_code == "M000100Y4"


def test_the_character_set_leaves_out_i_o_z_s_v():
    assert len(CREDIT_CHARS) == 31
    assert not set("IOZSV") & set(CREDIT_CHARS)


def test_a_check_value_of_31_is_written_as_zero():
    # Σ = 0 gives 31 − 0 = 31, which the standard writes as 0.
    assert credit_code_check_char("0" * 17) == "0"


def test_a_made_code_is_valid_and_carries_its_parts():
    code = credit_code_make(authority_code="5", kind_code="1", area_code="421303", serial=12345)
    parsed = credit_code_parse(code)
    assert parsed.authority_code == "5" and parsed.kind_code == "1" and parsed.area_code == "421303"


def test_every_single_character_change_is_caught():
    code = REAL[1]
    for position in range(18):
        for char in CREDIT_CHARS:
            if char == code[position]:
                continue
            changed = code[:position] + char + code[position + 1 :]
            if changed[2:8].isdigit():
                with pytest.raises(ValidationFailed):
                    credit_code_parse(changed)


def test_typing_noise_is_cleaned():
    assert credit_code_normalize(" 9135 0100-m000100y43 ") == "91350100M000100Y43"
    assert credit_code_parse("９１３５０１００Ｍ０００１００Ｙ４３").value == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "不能为空"),
        ("91350100M000100Y4", "应为18位，实际为17位"),
        ("91350100M000100I43", "不允许的字符“I”"),
        ("91350100M0001O0S43", "不允许的字符“O、S”"),
        ("913501A0M000100Y43", "行政区划代码"),
        ("91350100M000100Y44", "校验位错误"),
    ],
)
def test_wrong_codes_are_refused_with_a_chinese_reason_on_the_field(raw, reason):
    with pytest.raises(ValidationFailed) as refused:
        credit_code_parse(raw, field="code")
    assert reason in refused.value.errors["code"][0]
