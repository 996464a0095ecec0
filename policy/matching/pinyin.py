"""Pinyin keys of names: full toneless syllables, and their initials for blocking.

Each character is read on its own (pypinyin's commonest reading), not as part of a phrase, so that one
mistyped character cannot change how its neighbours are read. The first character is read as a surname
where a surname is read differently from the word (单 shàn, 曾 zēng, 区 ōu, 解 xiè …), and a handful of
compound surnames are read as a whole (尉迟 yùchí, 万俟 mòqí …). That matters: a clerk who hears
“zēng” types 增, which only matches 曾 if 曾 is read as a surname.
"""

from __future__ import annotations

from functools import cache

from pypinyin import Style, lazy_pinyin

__all__ = [
    "COMPOUND_SURNAMES",
    "SURNAME_READINGS",
    "char_pinyin",
    "name_initials",
    "name_pinyin",
]

#: Single-character surnames whose surname reading differs from the character's commonest reading.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "区": "ou", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "缪": "miao", "翟": "zhai", "覃": "qin", "折": "she", "召": "shao",
    "繁": "po", "员": "yun", "种": "chong", "秘": "bi", "藏": "zang", "句": "gou", "隗": "wei",
    "黑": "he", "薄": "bo", "能": "nai", "都": "du",
}  # fmt: skip

#: Compound surnames read as a whole, where a character alone would be read otherwise.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
}


@cache
def char_pinyin(char: str) -> str:
    """The toneless commonest reading of one character (``ü`` as ``v``); a non-Chinese character itself."""
    return lazy_pinyin(char, style=Style.NORMAL)[0].lower()


def name_pinyin(key: str) -> tuple[str, ...]:
    """One toneless syllable per character of a name key, the surname read as a surname."""
    if not key:
        return ()
    if key[:2] in COMPOUND_SURNAMES:
        head: tuple[str, ...] = COMPOUND_SURNAMES[key[:2]]
        rest = key[2:]
    else:
        head = (SURNAME_READINGS.get(key[0]) or char_pinyin(key[0]),)
        rest = key[1:]
    return head + tuple(char_pinyin(c) for c in rest)


def name_initials(key: str) -> str:
    """The first letter of each syllable: ``王秀英`` → ``wxy``. zh/ch/sh count as z/c/s."""
    return "".join(s[0] for s in name_pinyin(key))
