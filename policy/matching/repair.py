"""Repair candidates for a mistyped 公民身份号码: the valid numbers one ordinary slip away from it.

The MOD 11-2 check character catches every single wrong digit and every swap of two neighbouring digits,
so a number that fails the check was most likely typed with one of those slips. The candidates are every
number that one such slip would turn into a *valid* one (the check passes and the birth date is a real
day between 1880 and today):

- ``check``: only the check character is wrong;
- ``swap``: two neighbouring characters are swapped;
- ``digit``: one of the first 17 digits is wrong (at most one candidate per position, because only one
  digit makes the check come out right);
- ``upgrade``: an old 15-digit number (``YYMMDD``, no check character), widened to 18 as 公安 does;
- ``append``: 17 digits, the check character left off.

A slip can have up to about twenty candidates; which one is the person is decided by joining them to the
registry and weighing the name, never by the number alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policy.identity import CHECK_CHARS, EARLIEST_BIRTH, WEIGHTS, id_number_check_char, id_number_normalize

__all__ = ["REPAIR_KINDS", "IdRepair", "birth_in_id", "id_is_valid", "id_repair_candidates"]

REPAIR_KINDS: dict[str, str] = {
    "check": "校验位错误",
    "swap": "相邻两位颠倒",
    "digit": "一位数字抄错",
    "upgrade": "15位旧号码升位",
    "append": "缺少校验位",
}


@dataclass(frozen=True, slots=True)
class IdRepair:
    """A valid number that ``raw`` may have been meant to be, and the slip, in Chinese, for the reason."""

    value: str
    kind: str
    detail: str


def birth_in_id(value: str, *, today: date) -> date | None:
    """The birth date written in an 18-character (or 17-digit) number, if it is a real, plausible day."""
    digits = value[6:14]
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return born if EARLIEST_BIRTH <= born <= today else None


def id_is_valid(value: str, *, today: date) -> bool:
    """True for a normalised number that :func:`policy.identity.id_number_parse` would accept."""
    if len(value) != 18 or not (value[:17].isascii() and value[:17].isdigit()):
        return False
    if value[17] not in CHECK_CHARS:
        return False
    return birth_in_id(value, today=today) is not None and id_number_check_char(value[:17]) == value[17]


def _passes(first17: str, check: str, today: date) -> bool:
    return id_number_check_char(first17) == check and birth_in_id(first17, today=today) is not None


def id_repair_candidates(raw: object, *, today: date) -> tuple[IdRepair, ...]:
    """Every valid number one slip away from ``raw``, sorted by value; none if ``raw`` is valid or hopeless.

    ``raw`` is normalised first (spaces, full-width digits, a lower-case x), as the registry does.
    """
    value = id_number_normalize(raw)
    if not value.isascii():
        return ()
    if len(value) == 15 and value.isdigit():
        first17 = value[:6] + "19" + value[6:]
        if birth_in_id(first17, today=today) is None:
            return ()
        repaired = first17 + id_number_check_char(first17)
        return (IdRepair(repaired, "upgrade", "15位旧号码，已升为18位"),)
    if len(value) == 17 and value.isdigit():
        if birth_in_id(value, today=today) is None:
            return ()
        return (IdRepair(value + id_number_check_char(value), "append", "缺少第18位校验码，已补上"),)
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in CHECK_CHARS:
        return ()
    if id_is_valid(value, today=today):
        return ()
    first17, check = value[:17], value[17]
    found: list[IdRepair] = []
    right = id_number_check_char(first17)
    if birth_in_id(first17, today=today) is not None:
        found.append(IdRepair(first17 + right, "check", f"第18位校验码“{check}”应为“{right}”"))
    for j in range(17):
        a, b = value[j], value[j + 1]
        if a == b or not b.isdigit():
            continue
        swapped = value[:j] + b + a + value[j + 2 :]
        if _passes(swapped[:17], swapped[17], today):
            found.append(IdRepair(swapped, "swap", f"第{j + 1}、{j + 2}位“{a}{b}”颠倒"))
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    target = CHECK_CHARS.index(check)
    for p in range(17):
        # Changing digit p by δ changes the weighted sum by δ·W[p]; exactly one δ (mod 11) hits the target.
        delta = (target - total) * pow(WEIGHTS[p], -1, 11) % 11
        candidate = (int(first17[p]) + delta) % 11
        if candidate == 10 or delta == 0:
            continue
        changed = first17[:p] + str(candidate) + first17[p + 1 :]
        if _passes(changed, check, today):
            found.append(IdRepair(changed + check, "digit", f"第{p + 1}位“{first17[p]}”应为“{candidate}”"))
    return tuple(sorted(found, key=lambda r: r.value))
