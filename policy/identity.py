"""公民身份号码 (GB 11643-1999): check digit, parsing, and making valid numbers for the demo.

Eighteen characters: a six-digit address code, the birth date ``YYYYMMDD``, a three-digit sequence whose
parity is the sex (odd = male), and an ISO 7064 MOD 11-2 check character (``0``–``9`` or ``X``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from policy.ages import age_on
from policy.errors import InvalidIdNumber

__all__ = [
    "IdNumber",
    "Sex",
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
