"""Business numbers (业务编号): the fixed form a bureau reads over the phone, and the kinds that carry one.

A number is ``{county, 6 digits}-{year}-{CODE}-{serial}``, e.g. ``421303-2026-DB-00123``: the county's
area code, the year the record was made, the kind (a household, a programme's application, …) and a
serial per county, year and kind, zero-padded to five digits (wider when a county passes 99,999).
An application's code is its programme's; a case's is the programme's code with ``Z`` (保障).

:func:`number_normalise` turns what a person types into a search (full-width digits, lower case, spaces,
no hyphens) into the stored form, so ``４２１３０３ 2026 db 123`` finds ``421303-2026-DB-00123``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "APPLICATION_CODES",
    "CASE_CODES",
    "KINDS",
    "NumberKind",
    "application_code",
    "case_code",
    "number_format",
    "number_normalise",
    "number_parts",
]

SERIAL_WIDTH = 5


@dataclass(frozen=True)
class NumberKind:
    code: str  # pinyin initials, upper case: "JT", "DB", "DBZ"
    label: str  # the number's Chinese name: 户编号, 受理编号, …
    what: str  # what it numbers


# Each programme's code (policy/programs): the application is numbered with it, the case with it + "Z".
APPLICATION_CODES: dict[str, str] = {
    "dibao": "DB",  # 低保
    "near_dibao": "BY",  # 低保边缘
    "tekun": "TK",  # 特困
    "rigid_expense": "GX",  # 刚性支出
    "temporary": "LS",  # 临时救助
    "orphan": "GE",  # 孤儿
    "de_facto_child": "SW",  # 事实无人抚养
    "child_in_difficulty": "KJ",  # 困境儿童
    "disability": "CJ",  # 残疾人两项补贴
    "longevity": "GL",  # 高龄津贴
    "eldercare": "YL",  # 养老服务补贴
}
CASE_CODES: dict[str, str] = {program: code + "Z" for program, code in APPLICATION_CODES.items()}

HOUSEHOLD = "JT"
PAYROLL = "FF"
LEAD = "XS"
ALERT = "YJ"
RESTANDARD = "TB"
ONLINE = "WS"
ORGANISATION = "ZZ"
FACILITY = "SS"

KINDS: dict[str, NumberKind] = {
    kind.code: kind
    for kind in (
        NumberKind(HOUSEHOLD, "户编号", "家庭"),
        *(NumberKind(code, "受理编号", "救助申请") for code in APPLICATION_CODES.values()),
        *(NumberKind(code, "保障编号", "在保对象") for code in CASE_CODES.values()),
        NumberKind(PAYROLL, "发放批次号", "发放表"),
        NumberKind(LEAD, "线索编号", "疑似问题线索"),
        NumberKind(ALERT, "预警编号", "预警信息"),
        NumberKind(RESTANDARD, "调标编号", "调标"),
        NumberKind(ONLINE, "网上申请编号", "网上申请"),
        NumberKind(ORGANISATION, "组织编号", "法人和其他组织"),
        NumberKind(FACILITY, "机构编号", "民政服务机构"),
    )
}

_FORM = re.compile(r"^(\d{6})-(\d{4})-([A-Z]{2,3})-(\d{5,})$")


def application_code(program: str) -> str:
    """The code of an application of ``program`` (``dibao`` → ``DB``)."""
    return APPLICATION_CODES[program]


def case_code(program: str) -> str:
    """The code of a case of ``program`` (``dibao`` → ``DBZ``)."""
    return CASE_CODES[program]


def number_format(*, kind_code: str, county_code: str, year: int, serial: int) -> str:
    """``421303-2026-DB-00123``: the county's six digits, the year, the kind and the serial."""
    if kind_code not in KINDS:
        raise ValueError(f"unknown number kind {kind_code!r}")
    county = county_code[:6]
    if len(county) != 6 or not county.isdigit():
        raise ValueError(f"a county code has six digits, not {county_code!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year {year} out of range")
    if serial < 1:
        raise ValueError("a serial starts at 1")
    return f"{county}-{year:04d}-{kind_code}-{serial:0{SERIAL_WIDTH}d}"


def number_normalise(text: str) -> str:
    """What a person typed, in the stored form when it reads as a whole number, else cleaned for a search.

    Full-width characters become half-width (NFKC), letters upper case and spaces go. A whole number typed
    with or without its hyphens (a serial even without its leading zeros) comes back in the stored form;
    anything else comes back with its dashes as ASCII hyphens, for a "contains" search.
    """
    cleaned = unicodedata.normalize("NFKC", text).upper()
    cleaned = re.sub(r"\s+", "", cleaned)
    cleaned = re.sub(r"[‐‑‒–—―－_]", "-", cleaned)
    whole = re.fullmatch(r"(\d{6})-?(\d{4})-?([A-Z]{2,3})-?(\d+)", cleaned)
    if whole:
        county, year, code, serial = whole.groups()
        return f"{county}-{year}-{code}-{int(serial):0{SERIAL_WIDTH}d}"
    return cleaned


def number_parts(number: str) -> tuple[str, int, str, int] | None:
    """(county, year, code, serial) of a well-formed number, else None."""
    found = _FORM.match(number)
    if not found:
        return None
    county, year, code, serial = found.groups()
    return county, int(year), code, int(serial)
