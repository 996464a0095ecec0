"""The pair score: how sure we are that an external record is a registry person, and why, in Chinese.

The score is in per mille, whole numbers, so that the batch matcher (which reproduces these rules over
columns) and this function agree to the last digit. Three methods, in order of strength:

``exact``        the record's ID number is the person's:           900 + 2 × name points (≥ 0.90)
``id_repaired``  one slip away from it (policy.matching.repair):   600 + 8 × name points
``fuzzy``        no usable ID number: 10 × (name + birth + area)

with name points from :class:`~policy.matching.names.NameLevel` (50 same, 44 same pinyin, 36 one
character apart, 0), birth points 35 same day, 22 near (same month, month and day swapped, or the year one
off), 15 unknown, 0 otherwise, and area points 15 same village, 12 same township, 8 same county, 6
unknown, −5 another county. A repaired number with a wholly different name scores 0.60, and a record
whose valid ID number belongs to someone else scores 0 (method ``conflict``): that is another person, not
a typo, because every single slip breaks the check character.

At the default threshold of 0.85 a fuzzy match needs the same or homophone name and the same birth day
(with the area not contradicting it), or the same name, a near birth day and the same village, or a name
one character apart with the same birth day in the same village.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policy.areas import area_code_normalize
from policy.identity import id_number_normalize
from policy.matching.names import name_compare
from policy.matching.repair import birth_in_id, id_is_valid, id_repair_candidates

__all__ = [
    "DEFAULT_THRESHOLD",
    "METHODS",
    "PairScore",
    "PersonKey",
    "RecordKey",
    "area_points",
    "birth_points",
    "record_birth_date",
    "score_pair",
]

DEFAULT_THRESHOLD = 0.85
#: The methods of a match, strongest first; ``conflict`` (two different valid numbers) is never one.
METHODS = ("exact", "id_repaired", "fuzzy")


@dataclass(frozen=True, slots=True)
class PersonKey:
    """What the registry knows of a person, for matching. ``area_code`` is the 12-digit village code."""

    id_number: str
    name: str
    birth_date: date
    area_code: str


@dataclass(frozen=True, slots=True)
class RecordKey:
    """What an external record says; every field but the name may be missing."""

    id_number: str | None
    name: str
    birth_date: date | None
    area_code: str | None


@dataclass(frozen=True, slots=True)
class PairScore:
    """A score in 0..1 (a whole number of per mille), the method, and the reasons in Chinese."""

    score: float
    method: str
    reasons: tuple[str, ...]


def record_birth_date(record: RecordKey, *, today: date) -> date | None:
    """The record's birth date, or, when it gives none, the one written in its (even if invalid) ID number."""
    if record.birth_date is not None:
        return record.birth_date
    value = id_number_normalize(record.id_number) if record.id_number else ""
    if len(value) == 15 and value.isascii() and value.isdigit():
        value = value[:6] + "19" + value[6:]
    return birth_in_id(value, today=today)


def birth_points(record_birth: date | None, person_birth: date) -> tuple[int, str]:
    """Points and reason for the birth dates: 35 same, 22 near, 15 unknown, 0 different."""
    r, p = record_birth, person_birth
    if r is None:
        return 15, "外部记录无出生日期"
    if r == p:
        return 35, "出生日期一致"
    if (r.year, r.month) == (p.year, p.month):
        return 22, "出生年月一致、日不同"
    if r.year == p.year and (r.month, r.day) == (p.day, p.month):
        return 22, "出生日期月、日颠倒"
    if (r.month, r.day) == (p.month, p.day) and abs(r.year - p.year) == 1:
        return 22, "出生月日一致、年份差一年"
    return 0, f"出生日期不一致（{r:%Y-%m-%d}/{p:%Y-%m-%d}）"


def area_points(record_area: str | None, person_area: str) -> tuple[int, str]:
    """Points and reason for the areas: 15 same village, 12 township, 8 county, 6 unknown, −5 elsewhere.

    A record's area may be given to any level (``421303`` is the county, ``421303001`` a township); it
    agrees with the person's village code only as far as it goes. A code that is not a 统计用区划代码 counts
    as unknown.
    """
    try:
        r = area_code_normalize(record_area) if record_area else ""
    except ValueError:
        r = ""
    if not r:
        return 6, "外部记录无地址"
    depth = (
        12
        if r[9:] != "000"
        else 9
        if r[6:9] != "000"
        else 6
        if r[4:6] != "00"
        else 4
        if r[2:4] != "00"
        else 2
    )
    if depth == 12 and r == person_area:
        return 15, "同村（社区）"
    if depth >= 9 and r[:9] == person_area[:9]:
        return 12, "同乡镇（街道）"
    if depth >= 6 and r[:6] == person_area[:6]:
        return 8, "同县（区）"
    if depth < 6 and r[:depth] == person_area[:depth]:
        return 6, "外部记录地址只到省市"
    return -5, "不在同一县（区）"


def _fuzzy(person: PersonKey, record: RecordKey, id_reason: str, today: date) -> PairScore:
    name = name_compare(record.name, person.name)
    birth, birth_reason = birth_points(record_birth_date(record, today=today), person.birth_date)
    area, area_reason = area_points(record.area_code, person.area_code)
    per_mille = max(0, min(1000, 10 * (name.level + birth + area)))
    return PairScore(per_mille / 1000, "fuzzy", (id_reason, name.reason, birth_reason, area_reason))


def score_pair(*, person: PersonKey, record: RecordKey, today: date | None = None) -> PairScore:
    """Score one (person, record) pair by the rules above; ``today`` bounds plausible birth dates."""
    today = today or date.today()
    value = id_number_normalize(record.id_number) if record.id_number else ""
    if value and value == person.id_number:
        name = name_compare(record.name, person.name)
        return PairScore((900 + 2 * name.level) / 1000, "exact", ("身份证号一致", name.reason))
    if not value:
        return _fuzzy(person, record, "外部记录无身份证号", today)
    if id_is_valid(value, today=today):
        return PairScore(0.0, "conflict", ("身份证号不一致（双方均为有效号码，不是同一人）",))
    repairs = {r.value: r for r in id_repair_candidates(value, today=today)}
    if person.id_number in repairs:
        repair = repairs[person.id_number]
        name = name_compare(record.name, person.name)
        reason = f"身份证号纠错后一致（{repair.detail}）"
        return PairScore((600 + 8 * name.level) / 1000, "id_repaired", (reason, name.reason))
    return _fuzzy(person, record, "外部身份证号无效", today)
