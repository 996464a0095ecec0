"""公民身份号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015): check characters, parsing, and making
valid codes for the demo and the tests.

Eighteen characters: a six-digit address code, the birth date ``YYYYMMDD``, a three-digit sequence whose
parity is the sex (odd = male), and an ISO 7064 MOD 11-2 check character (``0``–``9`` or ``X``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from policy.ages import age_on
from policy.errors import InvalidIdNumber, ValidationFailed

__all__ = [
    "CreditCode",
    "IdNumber",
    "Sex",
    "credit_code_check_char",
    "credit_code_make",
    "credit_code_normalize",
    "credit_code_parse",
    "id_number_check_char",
    "id_number_make",
    "id_number_normalize",
    "id_number_parse",
]

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
_SHAPE = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH = date(1880, 1, 1)


class Sex:
    MALE = "M"
    FEMALE = "F"
    LABELS = {"M": "男", "F": "女"}


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A valid 18-character number and what it says."""

    value: str
    area_code: str
    birth_date: date
    sex: str

    def age_on(self, day: date) -> int:
        """Whole years of age on ``day`` (a birthday counts on the day itself)."""
        return age_on(self.birth_date, day)


def id_number_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def id_number_normalize(raw: object) -> str:
    """Strip spaces, turn full-width digits to ASCII and a lower-case ``x`` to ``X``."""
    text = str(raw if raw is not None else "")
    text = text.translate(str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX"))
    text = re.sub(r"\s+", "", text)
    # Excel turns long numbers into 4.21303E+17 or adds ".0"; neither can be repaired, but ".0" can.
    return text.removesuffix(".0")


def id_number_parse(raw: object, *, today: date | None = None, field: str = "id_number") -> IdNumber:
    """Validate a 公民身份号码 and read its birth date and sex, or raise :class:`InvalidIdNumber`.

    The reason is Chinese and says exactly what is wrong, for a caseworker to fix the paper form.
    """
    value = id_number_normalize(raw)
    if not value:
        raise InvalidIdNumber("公民身份号码不能为空", field)
    if "E+" in value.upper():
        raise InvalidIdNumber("公民身份号码被表格软件显示为科学计数法，请将该列设为“文本”后重新填写", field)
    if len(value) != 18:
        raise InvalidIdNumber(f"公民身份号码应为18位，实际为{len(value)}位", field)
    if not _SHAPE.match(value):
        raise InvalidIdNumber("公民身份号码前17位必须是数字，最后一位是数字或X", field)
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdNumber(f"公民身份号码中的出生日期“{value[6:14]}”不存在", field) from None
    if born < EARLIEST_BIRTH or born > (today or date.today()):
        raise InvalidIdNumber(f"公民身份号码中的出生日期“{value[6:14]}”不合理", field)
    expected = id_number_check_char(value[:17])
    if value[17] != expected:
        raise InvalidIdNumber("公民身份号码校验位错误，请核对是否抄错", field)
    sex = Sex.MALE if int(value[16]) % 2 == 1 else Sex.FEMALE
    return IdNumber(value=value, area_code=value[:6], birth_date=born, sex=sex)


def id_number_make(*, area_code: str, birth_date: date, sequence: int) -> str:
    """A valid number for ``area_code`` (6 digits), a birth date and a sequence 0–999 (odd = male)."""
    if not (len(area_code) == 6 and area_code.isdigit()) or not 0 <= sequence <= 999:
        raise ValueError("area_code must be 6 digits and sequence 0-999")
    first17 = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + id_number_check_char(first17)


# 统一社会信用代码 (GB 32100-2015): 1 登记管理部门码, 1 机构类别码, 6 登记管理机关行政区划码, 9 主体标识码
# (组织机构代码), 1 校验码. Its characters are the digits and the capitals but I, O, Z, S and V; the check
# character is 31 − (Σ value × weight mod 31), 31 written as 0 (GB 32100-2015 §4, 附录 A).
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_AUTHORITIES = {  # 登记管理部门码 (GB 32100-2015 表1), the ones a civil-affairs bureau meets
    "1": "机构编制",
    "5": "民政",
    "9": "工商(市场监管)",
    "Y": "其他",
}
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CHARS)}


@dataclass(frozen=True, slots=True)
class CreditCode:
    """A valid 18-character 统一社会信用代码 and what its parts say."""

    value: str
    authority_code: str  # 登记管理部门码: 5 民政, 9 市场监管, 1 机构编制 …
    kind_code: str  # 机构类别码: under 民政 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他
    area_code: str  # 登记管理机关行政区划码 (6 digits)
    organisation_code: str  # 主体标识码 (the old 组织机构代码, 9 characters)


def credit_code_check_char(first17: str) -> str:
    """The check character of the first 17 characters (each from :data:`CREDIT_CHARS`)."""
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def credit_code_normalize(raw: object) -> str:
    """Strip spaces and hyphens, turn full-width characters to ASCII and letters to upper case."""
    text = str(raw if raw is not None else "")
    text = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return re.sub(r"[\s\-]+", "", text).upper()


def credit_code_parse(raw: object, *, field: str = "credit_code") -> CreditCode:
    """Validate a 统一社会信用代码, or raise :class:`ValidationFailed` on ``field`` with a Chinese reason."""
    value = credit_code_normalize(raw)
    if not value:
        raise ValidationFailed.on(field, "统一社会信用代码不能为空")
    if len(value) != 18:
        raise ValidationFailed.on(field, f"统一社会信用代码应为18位，实际为{len(value)}位")
    wrong = sorted({c for c in value if c not in _CREDIT_VALUE})
    if wrong:
        shown = "、".join(wrong)
        raise ValidationFailed.on(
            field, f"统一社会信用代码含有不允许的字符“{shown}”（只用数字和除I、O、Z、S、V以外的大写字母）"
        )
    if not value[2:8].isdigit():
        raise ValidationFailed.on(field, "统一社会信用代码第3至8位应为登记管理机关的行政区划代码（6位数字）")
    if value[17] != credit_code_check_char(value[:17]):
        raise ValidationFailed.on(field, "统一社会信用代码校验位错误，请核对是否抄错")
    return CreditCode(
        value=value,
        authority_code=value[0],
        kind_code=value[1],
        area_code=value[2:8],
        organisation_code=value[8:17],
    )


def credit_code_make(*, authority_code: str, kind_code: str, area_code: str, serial: int) -> str:
    """A valid code for the demo and the tests: the parts, and ``serial`` as the 9-character 主体标识码."""
    if len(area_code) != 6 or not area_code.isdigit() or not 0 <= serial < 10**9:
        raise ValueError("area_code must be 6 digits and serial 0-999999999")
    first17 = f"{authority_code}{kind_code}{area_code}{serial:09d}"
    if any(c not in _CREDIT_VALUE for c in first17):
        raise ValueError(f"not a credit-code character in {first17!r}")
    return first17 + credit_code_check_char(first17)
