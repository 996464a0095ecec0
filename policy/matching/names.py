"""Names as other departments write them: folding spaces, dots, full-width letters and variant characters.

Two spellings of one name must give one *key*. The fold is a table of single characters, so that the
batch matcher can apply the very same table with one vectorised replace:

- spaces of every width vanish (``王 芳``, ``王　芳``);
- the middle dot of minority names in all its look-alikes (``·•・‧．.``) vanishes, so ``买买提·艾力``,
  ``买买提.艾力`` and ``买买提艾力`` are one key;
- full-width Latin letters and digits become ASCII;
- 异体字 and 繁体字 become the 通用规范汉字 form printed on the ID card (``variants.csv``, kept as data).

:func:`name_compare` says how close two names are, on a short ladder that a caseworker can read back:
same key, same pinyin (同音字), one character apart, or different.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import resources

from policy.matching.pinyin import name_pinyin

__all__ = [
    "FOLD",
    "NameLevel",
    "NameMatch",
    "Variant",
    "name_clean",
    "name_compare",
    "name_key",
    "one_edit_apart",
    "variants",
]

SPACES = " \t\r\n\u00a0\u2002\u2003\u2009\u3000"
DOTS = "·•・‧∙⋅．.･"
_FULL_WIDTH = {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
_FULL_WIDTH |= {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
_FULL_WIDTH |= {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}


@dataclass(frozen=True, slots=True)
class Variant:
    """One row of the variant table: a written form, its standard character, and which kind it is."""

    variant: str
    canonical: str
    kind: str  # "异体字" or "繁体字"


@cache
def variants() -> dict[str, Variant]:
    """The variant table, read once from ``variants.csv`` next to this module, by written form."""
    text = resources.files("policy.matching").joinpath("variants.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["variant"]: Variant(r["variant"], r["canonical"], r["kind"]) for r in rows}


def _format_fold() -> dict[str, str]:
    fold = dict.fromkeys(SPACES + DOTS, "")
    fold.update(_FULL_WIDTH)
    return fold


#: Every character the key changes, and what it becomes ("" = dropped). Single characters only, so that a
#: left-to-right multi-pattern replace over a column gives exactly :func:`name_key`.
FOLD: dict[str, str] = _format_fold() | {v.variant: v.canonical for v in variants().values()}
_FORMAT = str.maketrans(_format_fold())
_KEY = str.maketrans(FOLD)


def name_clean(raw: object) -> str:
    """The name as written, without spaces or middle dots, and with ASCII for full-width letters."""
    return str(raw if raw is not None else "").translate(_FORMAT)


def name_key(raw: object) -> str:
    """The matching key: :func:`name_clean`, then every variant character as its standard form."""
    return str(raw if raw is not None else "").translate(_KEY)


class NameLevel(IntEnum):
    """How close two names are; the value is the name's points in a fuzzy score (out of 50)."""

    DIFFERENT = 0
    ONE_EDIT = 36
    PINYIN = 44
    SAME = 50


@dataclass(frozen=True, slots=True)
class NameMatch:
    level: NameLevel
    reason: str


def one_edit_apart(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion turns ``a`` into ``b`` (Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _pairs(a: str, b: str, keep: list[int]) -> str:
    return "、".join(f"“{a[i]}”/“{b[i]}”" for i in keep)


def name_compare(record_name: object, person_name: object) -> NameMatch:
    """The level of agreement between an external record's name and a registry person's, with a reason.

    The reason quotes the characters that differ, record first: ``姓名一致（异体字：“峯”/“峰”）``,
    ``姓名拼音相同（同音字：“姗”/“珊”）``, ``姓名相差一字（“玉”/“王”）``. A one-character name (or an
    empty one) never reaches ``ONE_EDIT``: one character apart is then no evidence at all.
    """
    a_raw, b_raw = name_clean(record_name), name_clean(person_name)
    a, b = name_key(record_name), name_key(person_name)
    if a == b and a:
        if a_raw == b_raw:
            return NameMatch(NameLevel.SAME, "姓名一致")
        if len(a_raw) == len(b_raw):
            table = variants()
            kinds: dict[str, list[int]] = {}
            for i, (x, y) in enumerate(zip(a_raw, b_raw, strict=True)):
                if x != y:
                    kind = table[x].kind if x in table else table[y].kind
                    kinds.setdefault(kind, []).append(i)
            detail = "，".join(f"{kind}：{_pairs(a_raw, b_raw, at)}" for kind, at in kinds.items())
            return NameMatch(NameLevel.SAME, f"姓名一致（{detail}）")
        return NameMatch(NameLevel.SAME, "姓名一致（写法不同）")
    if a and b:
        if name_pinyin(a) == name_pinyin(b):
            at = [i for i in range(len(a)) if a[i] != b[i]]
            return NameMatch(NameLevel.PINYIN, f"姓名拼音相同（同音字：{_pairs(a_raw, b_raw, at)}）")
        if min(len(a), len(b)) >= 2 and one_edit_apart(a, b):
            if len(a) == len(b):
                at = [i for i in range(len(a)) if a[i] != b[i]]
                return NameMatch(NameLevel.ONE_EDIT, f"姓名相差一字（{_pairs(a_raw, b_raw, at)}）")
            return NameMatch(NameLevel.ONE_EDIT, "姓名多一字或少一字")
    return NameMatch(NameLevel.DIFFERENT, f"姓名不一致（“{a_raw}”/“{b_raw}”）")
