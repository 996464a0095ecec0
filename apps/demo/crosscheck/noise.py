"""Synthetic registry persons and noisy external lists with known truth, for tests, the benchmark and
the practice death list (:mod:`apps.demo.crosscheck.practice`).

:func:`registry_persons` makes a registry-like frame (the demo's surnames, given-name pools and ID
sequencer, the seed counties' real village codes). :func:`noisy_records` makes an external list in which
a share of the records are registry persons written the way other departments write them, and the rest
are other people, many of them namesakes of registry persons. Its ``true_person_id`` column is the truth
(null for another person) and ``noise`` says what was done to each record, e.g. ``id:swap name:homophone
birth:ok area:township``.

The slips are the ones seen in real lists: a wrong check character, two neighbouring digits swapped, one
digit mistyped (or two, which no repair can undo), an old 15-digit number, spaces and full-width digits;
a name in 繁体/异体 characters, a 同音字 typed by ear, a 形近字 misread, a space inside; a birth date missing,
a day off, month and day swapped, or the year off by one, written in five different formats; an area given
only to the township or county, or not at all. Every step is a column operation, so ten million records
take seconds, not hours.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl

from apps.demo import population_people as people
from apps.demo import vocab
from policy.identity import CHECK_CHARS
from policy.matching import char_pinyin, variants

__all__ = ["NoiseRates", "noisy_records", "registry_persons", "sequencer_after", "strangers"]

VILLAGES_CSV = Path(__file__).resolve().parents[2] / "areas/data/china-division-2.7.0-seed/villages.csv"

# 形近字 that are misread in handwritten forms, both ways. Only characters seen in names.
SHAPE_PAIRS = (
    "王玉 未末 己已 土士 日曰 戊戌 大太 人入 天夫 千干 贝见 候侯 明朋 平乎 林材 梅海 桂挂 珍玲 凤风 清请 "
    "玲铃 娟绢 兵乒 英荚 金全 申甲 由田 辛幸 佳住 晴睛 祥样 福幅 宝室 杨扬 秀季 洁浩 "
)
# Common name characters beyond the demo's pools, so that typing by ear has somewhere to go.
HOMOPHONE_POOL = (
    "丽莉俐利立力红虹宏洪鸿华桦骅英瑛莹颖盈明鸣铭伟玮炜维薇静靖婧敬晶京菁芳方坊平萍苹兰岚蓝澜梅玫媚军君钧均俊峻"
    "珊姗杉燕艳雁彦琴勤芹秀绣敏闵玲琳林霖凌翠萃娟鹃涓霞侠峡勇永咏涌刚钢纲岗辉晖徽慧惠蕙会建健剑鑫新欣馨心"
    "凤峰锋丰枫风海凯楷恺荣蓉容榕云芸昀耘春纯淳洋阳扬杨旸佳嘉家珈志智致芝之忠中钟仲国帼郭东冬栋"
)
BIRTH_FORMATS = ("%Y-%m-%d", "%Y/%-m/%-d", "%Y%m%d", "%Y年%-m月%-d日", "%Y.%m.%d")


@dataclass(frozen=True, slots=True)
class NoiseRates:
    """How often each slip happens, per record. The ID, name, birth-date and area slips are independent."""

    id_missing: float = 0.08
    id_check: float = 0.03
    id_swap: float = 0.03
    id_digit: float = 0.03
    id_two_digits: float = 0.01
    id_old15: float = 0.01
    id_format: float = 0.03
    name_variant: float = 0.04
    name_homophone: float = 0.04
    name_shape: float = 0.02
    name_space: float = 0.02
    birth_missing: float = 0.05
    birth_near: float = 0.04
    area_township: float = 0.15
    area_county: float = 0.10
    area_missing: float = 0.20


def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(to a variant form, to a homophone, to a look-alike), each one character to one character."""
    to_variant: dict[str, str] = {}
    for v in variants().values():
        to_variant.setdefault(v.canonical, v.variant)
    pool = sorted(set(HOMOPHONE_POOL + "".join(g for pools in vocab.GIVEN_CHARS for g in pools)))
    by_sound: dict[str, list[str]] = {}
    for c in pool:
        by_sound.setdefault(char_pinyin(c), []).append(c)
    # Each character goes to the next one with its sound, round the circle: fixed, so a run is repeatable.
    to_sound = {g[i]: g[(i + 1) % len(g)] for g in by_sound.values() if len(g) > 1 for i in range(len(g))}
    to_shape = {p[0]: p[1] for p in SHAPE_PAIRS.split()} | {p[1]: p[0] for p in SHAPE_PAIRS.split()}
    return to_variant, to_sound, to_shape


@cache
def _villages() -> dict[str, list[str]]:
    with VILLAGES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["areaCode"], []).append(r["code"])
    return out


def _people(n: int, rng: np.random.Generator, today: date, sequencer: people.IdSequencer) -> pl.DataFrame:
    """``n`` people of the seed counties: ID number, name, birth date, village, sex."""
    county = rng.choice(len(vocab.COUNTIES), size=n, p=np.asarray(vocab.COUNTY_SHARE))
    male = rng.random(n) < 0.5
    birth = people.birth_dates(rng, rng.integers(0, 96, n), today)
    ids = sequencer.id_numbers(county, birth, male)
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    generation = np.searchsorted(np.asarray(vocab.GENERATION_STARTS), year, side="right")
    pools = [np.array(list(vocab.GIVEN_CHARS[s][g])) for s in (0, 1) for g in range(4)]
    group = np.where(male, 0, 4) + generation
    first, second = np.empty(n, dtype="U1"), np.empty(n, dtype="U1")
    for g, pool in enumerate(pools):
        at = group == g
        first[at], second[at] = rng.choice(pool, at.sum()), rng.choice(pool, at.sum())
    single = rng.random(n) < np.asarray(vocab.SINGLE_CHAR_RATE)[generation]
    surname = people.SURNAMES[rng.choice(len(people.SURNAMES), size=n, p=people.SURNAME_P)]
    names = np.strings.add(surname, np.strings.add(first, np.where(single, "", second)))
    villages = _villages()
    area = np.empty(n, dtype="U12")
    for c, code in enumerate(vocab.COUNTIES):
        at = county == c
        area[at] = rng.choice(np.asarray(villages[code]), at.sum())
    return pl.DataFrame(
        {
            "id_number": ids,
            "name": names,
            "birth_date": birth.astype("datetime64[D]"),
            "area_code": area,
            "sex": np.where(male, "M", "F"),
        }
    ).with_columns(pl.col("birth_date").cast(pl.Date))


def registry_persons(n: int, *, seed: int = 2026, today: date | None = None) -> pl.DataFrame:
    """A registry-like frame: person_id (1..n), id_number, name, birth_date, area_code (village), sex."""
    today = today or date.today()
    rng = np.random.default_rng(seed)
    frame = _people(n, rng, today, people.IdSequencer(today))
    return frame.with_row_index("person_id", offset=1).with_columns(pl.col("person_id").cast(pl.Int64))


def sequencer_after(persons: pl.DataFrame, today: date) -> people.IdSequencer:
    """An ID sequencer that has counted the persons' own (county, birth day, sex), so that it hands out
    the sequences after theirs. Keep it for several :func:`strangers` calls and they never share a number."""
    sequencer = people.IdSequencer(today)
    known = persons.select(
        county=pl.col("id_number")
        .str.slice(0, 6)
        .replace_strict({c: i for i, c in enumerate(vocab.COUNTIES)}, default=None, return_dtype=pl.Int64),
        birth=pl.col("birth_date"),
        male=pl.col("id_number").str.slice(16, 1).cast(pl.Int64) % 2 == 1,
    ).drop_nulls()
    if known.height:
        sequencer.sequences(
            known["county"].to_numpy(),
            known["birth"].to_numpy().astype("datetime64[D]"),
            known["male"].to_numpy(),
        )
    return sequencer


def strangers(
    n: int, *, persons: pl.DataFrame, seed: int, today: date, sequencer: people.IdSequencer | None = None
) -> pl.DataFrame:
    """``n`` people who are not in ``persons`` (their ID numbers differ), drawn the same way.

    The few numbers that still clash (persons not made here) are drawn again.
    """
    rng = np.random.default_rng(seed)
    sequencer = sequencer or sequencer_after(persons, today)
    frame = _people(n, rng, today, sequencer)
    clash = frame["id_number"].is_in(persons["id_number"].implode())
    while clash.any():
        at = np.flatnonzero(clash.to_numpy())
        county = frame["id_number"].gather(at).str.slice(0, 6).replace_strict(vocab.COUNTIES, list(range(5)))
        redrawn = sequencer.id_numbers(
            county.to_numpy(),
            frame["birth_date"].gather(at).to_numpy().astype("datetime64[D]"),
            (frame["sex"].gather(at) == "M").to_numpy(),
        )
        frame = frame.with_columns(frame["id_number"].scatter(at, pl.Series(redrawn)))
        clash = frame["id_number"].is_in(persons["id_number"].implode())
    return frame


def _pick(rng: np.random.Generator, n: int, shares: dict[str, float]) -> np.ndarray:
    """One label per row: each of ``shares`` with its probability, ``ok`` for the rest."""
    labels = ["ok", *shares]
    p = np.array([1 - sum(shares.values()), *shares.values()])
    return np.asarray(labels)[rng.choice(len(labels), size=n, p=p)]


def _id_slips(ids: pl.Series, kind: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Apply the digit slips (check, swap, digit, two) to valid 18-character numbers, as bytes."""
    m = np.frombuffer(ids.str.join("").item().encode(), dtype=np.uint8).reshape(-1, 18).copy()
    rows = np.arange(len(m))
    check_bytes = np.frombuffer(CHECK_CHARS.encode(), dtype=np.uint8)
    at = kind == "check"
    index = np.argmax(m[at, 17:18] == check_bytes[None, :], axis=1)
    m[at, 17] = check_bytes[(index + rng.integers(1, 11, at.sum())) % 11]
    at = np.flatnonzero(kind == "swap")
    j = rng.integers(0, 16, len(at))
    for _ in range(3):  # two equal neighbours cannot be swapped visibly: try another place
        same = m[at, j] == m[at, j + 1]
        j[same] = rng.integers(0, 16, same.sum())
    m[at, j], m[at, j + 1] = m[at, j + 1], m[at, j].copy()
    for label, times in (("digit", 1), ("two", 2)):
        at = rows[kind == label]
        places = np.argsort(rng.random((len(at), 17)), axis=1)[:, :times]
        for k in range(times):
            p = places[:, k]
            m[at, p] = (m[at, p] - 48 + rng.integers(1, 10, len(at))) % 10 + 48
    return pl.Series(np.ascontiguousarray(m).view("S18").ravel().astype("U18"))


def _one_char(names: pl.Series, table: dict[str, str]) -> pl.Series:
    """Each name with its last character found in ``table`` replaced (unchanged if there is none)."""
    chars = names.str.split("")
    found = chars.list.eval(pl.element().is_in(list(table)))
    frame = pl.DataFrame({"name": names, "found": found})
    pos = pl.col("found").list.len() - 1 - pl.col("found").list.reverse().list.arg_max()
    new = pl.col("name").str.slice(pos, 1).replace_strict(table, default=pl.col("name").str.slice(pos, 1))
    changed = pl.col("name").str.slice(0, pos) + new + pl.col("name").str.slice(pos + 1)
    return frame.select(pl.when(pl.col("found").list.any()).then(changed).otherwise("name"))["name"]


def _scatter(
    column: pl.Series, kind: np.ndarray, label: str, change: Callable[[pl.Series], pl.Series]
) -> pl.Series:
    """``column`` with ``change`` applied to the rows whose ``kind`` is ``label``."""
    at = np.flatnonzero(kind == label)
    if len(at) == 0:
        return column
    return column.scatter(at, change(column.gather(at)))


def _noisy_ids(
    ids: pl.Series, born: np.ndarray, r: NoiseRates, rng: np.random.Generator
) -> tuple[pl.Series, np.ndarray]:
    kind = _pick(
        rng,
        len(ids),
        {"missing": r.id_missing, "check": r.id_check, "swap": r.id_swap, "digit": r.id_digit,
         "two": r.id_two_digits, "old15": r.id_old15, "format": r.id_format},
    )  # fmt: skip
    # An old 15-digit number can only belong to someone born in the 1900s.
    kind[(kind == "old15") & ((born < 1900) | (born > 1999))] = "ok"
    ids = _id_slips(ids, kind, rng)
    ids = _scatter(ids, kind, "old15", lambda s: s.str.slice(0, 6) + s.str.slice(8, 9))
    style = rng.integers(0, 3, len(ids))
    full_width = (list("0123456789X"), list("０１２３４５６７８９ｘ"))
    ids = _scatter(ids, np.where(style == 0, kind, ""), "format", lambda s: " " + s + " ")
    ids = _scatter(ids, np.where(style == 1, kind, ""), "format", lambda s: s.str.replace_many(*full_width))
    ids = _scatter(
        ids, np.where(style == 2, kind, ""), "format", lambda s: s.str.slice(0, 6) + " " + s.str.slice(6)
    )
    ids = _scatter(ids, kind, "missing", lambda s: pl.Series([None] * len(s), dtype=pl.String))
    return ids, kind


def _noisy_names(names: pl.Series, r: NoiseRates, rng: np.random.Generator) -> tuple[pl.Series, np.ndarray]:
    to_variant, to_sound, to_shape = _tables()
    shares = {
        "variant": r.name_variant,
        "homophone": r.name_homophone,
        "shape": r.name_shape,
        "space": r.name_space,
    }
    kind = _pick(rng, len(names), shares)
    variant = (list(to_variant), list(to_variant.values()))
    names = _scatter(names, kind, "variant", lambda s: s.str.replace_many(*variant))
    names = _scatter(names, kind, "homophone", lambda s: _one_char(s, to_sound))
    names = _scatter(names, kind, "shape", lambda s: _one_char(s, to_shape))
    names = _scatter(names, kind, "space", lambda s: s.str.slice(0, 1) + "\u3000" + s.str.slice(1))
    return names, kind


def _noisy_births(
    births: pl.Series, r: NoiseRates, rng: np.random.Generator, today: date
) -> tuple[pl.Series, pl.Series, np.ndarray]:
    true = births.clone()  # scatter changes a Series in place
    near = r.birth_near / 3
    kind = _pick(rng, len(births), {"missing": r.birth_missing, "day": near, "swap": near, "year": near})
    day = births.dt.day()
    swappable = ((day <= 12) & (day != births.dt.month())).to_numpy()
    kind[(kind == "swap") & ~swappable] = "day"
    births = _scatter(births, kind, "day", lambda s: s.dt.replace(day=s.dt.day() % 28 + 1))
    births = _scatter(births, kind, "swap", lambda s: s.dt.replace(month=s.dt.day(), day=s.dt.month()))
    up = rng.random(len(births)) < 0.5
    births = _scatter(births, np.where(up, kind, ""), "year", lambda s: s.dt.offset_by("1y"))
    births = _scatter(births, np.where(~up, kind, ""), "year", lambda s: s.dt.offset_by("-1y"))
    # No list gives a birth date after today (the import refuses one): such a slip is not made.
    future = (births > today).fill_null(False)
    births, kind[future.to_numpy()] = (
        pl.select(pl.when(future).then(true).otherwise(births)).to_series(),
        "ok",
    )
    births = _scatter(births, kind, "missing", lambda s: pl.Series([None] * len(s), dtype=pl.Date))
    fmt = rng.integers(0, len(BIRTH_FORMATS), len(births))
    written = [
        pl.when(pl.col("f") == i).then(pl.col("b").dt.strftime(p)) for i, p in enumerate(BIRTH_FORMATS)
    ]
    text = pl.DataFrame({"b": births, "f": fmt}).select(pl.coalesce(written)).to_series()
    return births, text, kind


def _noisy_areas(areas: pl.Series, r: NoiseRates, rng: np.random.Generator) -> tuple[pl.Series, np.ndarray]:
    kind = _pick(
        rng, len(areas), {"township": r.area_township, "county": r.area_county, "missing": r.area_missing}
    )
    areas = _scatter(areas, kind, "township", lambda s: s.str.slice(0, 9) + "000")
    areas = _scatter(areas, kind, "county", lambda s: s.str.slice(0, 6))
    areas = _scatter(areas, kind, "missing", lambda s: pl.Series([None] * len(s), dtype=pl.String))
    return areas, np.where(kind == "ok", "village", kind)


def _noisy(frame: pl.DataFrame, rates: NoiseRates, rng: np.random.Generator, today: date) -> pl.DataFrame:
    ids, id_kind = _noisy_ids(frame["id_number"], frame["birth_date"].dt.year().to_numpy(), rates, rng)
    names, name_kind = _noisy_names(frame["name"], rates, rng)
    births, text, birth_kind = _noisy_births(frame["birth_date"], rates, rng, today)
    areas, area_kind = _noisy_areas(frame["area_code"], rates, rng)
    # A slip that changed nothing (a name with no variant character, say) is no slip.
    id_kind[(ids == frame["id_number"]).fill_null(False).to_numpy()] = "ok"
    name_kind[(names == frame["name"]).to_numpy()] = "ok"
    labels = pl.DataFrame({"i": id_kind, "n": name_kind, "b": birth_kind, "a": area_kind})
    noise = labels.select(pl.format("id:{} name:{} birth:{} area:{}", "i", "n", "b", "a")).to_series()
    return frame.with_columns(
        id_number=ids, name=names, birth_date=births, birth_date_text=text, area_code=areas, noise=noise
    )


def noisy_records(
    persons: pl.DataFrame,
    *,
    n_records: int,
    match_share: float = 0.5,
    namesake_share: float = 0.3,
    rates: NoiseRates | None = None,
    seed: int = 7,
    today: date | None = None,
    first_id: int = 1,
    sequencer: people.IdSequencer | None = None,
) -> pl.DataFrame:
    """An external list of ``n_records``: ``match_share`` of them registry persons, the rest other people.

    Of the other people, ``namesake_share`` carry the name of a registry person, and half of those live in
    that person's village. Columns: record_id (``first_id`` onwards, in shuffled order), id_number, name,
    birth_date, birth_date_text, area_code, true_person_id (null for other people) and noise. A list made
    in parts shares one ``sequencer`` (:func:`sequencer_after`), so its other people never share a number.
    """
    today = today or date.today()
    rng = np.random.default_rng(seed)
    n_match = round(n_records * match_share)
    n_other = n_records - n_match
    picks = rng.choice(persons.height, n_match, replace=n_match > persons.height)
    keep = ["id_number", "name", "birth_date", "area_code"]
    matches = persons[picks].select(*keep, true_person_id=pl.col("person_id").cast(pl.Int64))
    others = strangers(n_other, persons=persons, seed=seed + 1, today=today, sequencer=sequencer).select(keep)
    n_namesake = round(n_other * namesake_share)
    source = persons[rng.choice(persons.height, n_namesake)]
    same_village = pl.Series(rng.random(n_namesake) < 0.5, dtype=pl.Boolean)
    area = pl.select(
        pl.when(same_village).then(source["area_code"]).otherwise(others["area_code"][:n_namesake])
    )
    others = others.with_columns(
        name=pl.concat([source["name"], others["name"].slice(n_namesake)]),
        area_code=pl.concat([area.to_series().cast(pl.String), others["area_code"].slice(n_namesake)]),
        true_person_id=pl.lit(None, dtype=pl.Int64),
    )
    frame = pl.concat([matches, others])
    frame = frame[rng.permutation(frame.height)]
    frame = _noisy(frame, rates or NoiseRates(), rng, today)
    return (
        frame.with_row_index("record_id", offset=first_id)
        .with_columns(pl.col("record_id").cast(pl.Int64))
        .select(
            "record_id",
            "id_number",
            "name",
            "birth_date",
            "birth_date_text",
            "area_code",
            "true_person_id",
            "noise",
        )
    )
