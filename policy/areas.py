"""统计用区划代码: the 12-digit national statistical area codes and their five levels.

Each level owns a prefix of the code: 省 2 digits, 市 4, 县 6, 乡镇 9, 村 12; the rest are zeros. An
area therefore contains exactly the codes in one contiguous range, which is how scoping is done in SQL.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "AreaLevel",
    "area_code_level",
    "area_code_normalize",
    "area_code_parent",
    "area_code_range",
    "area_default_is_urban",
]


class AreaLevel(IntEnum):
    PROVINCE = 1
    CITY = 2
    COUNTY = 3
    TOWNSHIP = 4
    VILLAGE = 5

    @property
    def label(self) -> str:
        return {1: "省", 2: "市", 3: "县/区", 4: "乡镇/街道", 5: "村/社区"}[self.value]

    @property
    def prefix_length(self) -> int:
        return {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}[self.value]


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def area_code_normalize(code: object) -> str:
    """Right-pad a short code (``42``, ``4213``, ``421303001``) to 12 digits; raise ValueError if bad.

    Full-width digits typed through a Chinese input method are read as ASCII digits.
    """
    text = str(code).strip().translate(_FULL_WIDTH_DIGITS)
    # str.isdigit() is also true for other scripts' digits, which no code may contain.
    if not (text.isascii() and text.isdigit()) or len(text) not in (2, 4, 6, 9, 12):
        raise ValueError(f"区划代码“{code}”应为2、4、6、9或12位数字")
    return text.ljust(12, "0")


def area_code_level(code: str) -> AreaLevel:
    """The level of a 12-digit code, read from where its trailing zeros begin."""
    if len(code) != 12 or not (code.isascii() and code.isdigit()):
        raise ValueError(f"区划代码“{code}”应为12位数字")
    if code[9:] != "000":
        return AreaLevel.VILLAGE
    if code[6:9] != "000":
        return AreaLevel.TOWNSHIP
    if code[4:6] != "00":
        return AreaLevel.COUNTY
    if code[2:4] != "00":
        return AreaLevel.CITY
    return AreaLevel.PROVINCE


def area_code_parent(code: str) -> str | None:
    """The 12-digit code of the level above, or None for a province."""
    level = area_code_level(code)
    if level == AreaLevel.PROVINCE:
        return None
    keep = AreaLevel(level - 1).prefix_length
    return code[:keep].ljust(12, "0")


def area_code_range(code: str) -> tuple[str, str]:
    """Inclusive bounds of every 12-digit code inside the area ``code``."""
    keep = area_code_level(code).prefix_length
    prefix = code[:keep]
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def area_default_is_urban(name: str) -> bool:
    """居委会 and 社区 are urban by default, 村委会 rural; an admin may override either."""
    if "村委会" in name or "村民委员会" in name:
        return False
    return any(word in name for word in ("居委会", "居民委员会", "社区"))
