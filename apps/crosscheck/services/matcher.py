"""The batch matcher: external records against registry persons, over Polars columns.

:func:`match_frames` finds, for each external record, the registry person it most likely is, by the rules
of :mod:`policy.matching` (read there what the score means), reproduced over whole columns:

1. **exact**: the record's normalised ID number is a person's. Such a record goes no further.
2. **id_repaired**: a record whose ID number fails the check (or is an old 15-digit one, or lacks its check
   character) is widened to the valid numbers one slip away (:mod:`apps.crosscheck.services.idcolumns`, numpy
   over the digits), which are looked up in the registry.
3. **fuzzy**: records with no usable ID number are compared with persons in three blocks, each an equi-join:
   the same birth day and pinyin initials; the same birth day and village; the same name key and village.
   Together they hold every pair that can reach 0.85, the default threshold (see
   :mod:`policy.matching.score`); with a lower threshold a pair outside all three blocks is still never
   compared.

A record whose ID number is *valid* but belongs to no one is left unmatched: the check character catches
every single slip, so a valid number names another person, and fuzzy matching would only find namesakes.

Each record keeps its best candidate: the highest score, then id_repaired before fuzzy, then the lower
person_id. When several persons share the best score the match is still reported, with the reason
“另有N名人员得分相同，请人工核实”, so that a caseworker sees the doubt instead of losing the record.
The reasons are built only for the reported rows; the wording of a name difference comes from
:func:`policy.matching.name_compare`, called once per distinct pair of differing names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import polars as pl

from apps.crosscheck.services.idcolumns import id_columns, id_keys, record_birth, repair_candidates
from apps.crosscheck.services.namecolumns import name_levels, readings_of, with_names
from policy.matching import DEFAULT_THRESHOLD, name_compare

__all__ = ["STEPS", "Progress", "explain", "match_frames", "score_pairs"]

#: ``progress(label, done, total)`` is called before each step and once at the end (done == total).
Progress = Callable[[str, int, int], None]
STEPS = (
    "按身份证号精确比对",
    "纠正抄错的身份证号",
    "按姓名拼音、出生日期和地址分块比对",
    "评分并选出最佳匹配",
    "写出匹配理由",
)
RESULT_SCHEMA = {
    "record_id": pl.Int64,
    "person_id": pl.Int64,
    "score": pl.Float64,
    "method": pl.String,
    "reasons": pl.String,
}

_METHOD_RANK = {"exact": 0, "id_repaired": 1, "fuzzy": 2, "conflict": 3}


def _birth_code(r: pl.Expr, p: pl.Expr) -> pl.Expr:
    """0 different, 1 unknown, 2 same, 3 same month, 4 month and day swapped, 5 the year one off."""
    ry, rm, rd = r.dt.year(), r.dt.month(), r.dt.day()
    py, pm, pd = p.dt.year(), p.dt.month(), p.dt.day()
    return (
        pl.when(r.is_null()).then(1)
        .when(r == p).then(2)
        .when((ry == py) & (rm == pm)).then(3)
        .when((ry == py) & (rm == pd) & (rd == pm)).then(4)
        .when((rm == pm) & (rd == pd) & ((ry.cast(pl.Int32) - py.cast(pl.Int32)).abs() == 1)).then(5)
        .otherwise(0)
    )  # fmt: skip


_BIRTH_POINTS = {0: 0, 1: 15, 2: 35, 3: 22, 4: 22, 5: 22}
_BIRTH_REASONS = {
    1: "外部记录无出生日期",
    2: "出生日期一致",
    3: "出生年月一致、日不同",
    4: "出生日期月、日颠倒",
    5: "出生月日一致、年份差一年",
}


def _area_code(r: pl.Expr, p: pl.Expr) -> pl.Expr:
    """0 unknown, 1 same village, 2 township, 3 county, 4 only a province or city, 5 elsewhere."""
    text = r.str.strip_chars().str.replace_many(list("０１２３４５６７８９"), list("0123456789"))
    ok = text.str.contains(r"^[0-9]+$") & text.str.len_bytes().is_in([2, 4, 6, 9, 12])
    a = pl.when(ok).then(text.str.pad_end(12, "0"))
    depth = (
        pl.when(a.str.slice(9) != "000").then(12)
        .when(a.str.slice(6, 3) != "000").then(9)
        .when(a.str.slice(4, 2) != "00").then(6)
        .when(a.str.slice(2, 2) != "00").then(4)
        .otherwise(2)
    )  # fmt: skip

    def same(n: int) -> pl.Expr:
        return a.str.slice(0, n) == p.str.slice(0, n)

    return (
        pl.when(a.is_null()).then(0)
        .when((depth == 12) & (a == p)).then(1)
        .when((depth >= 9) & same(9)).then(2)
        .when((depth >= 6) & same(6)).then(3)
        .when((depth == 4) & same(4) | (depth == 2) & same(2)).then(4)
        .otherwise(5)
    )  # fmt: skip


_AREA_POINTS = {0: 6, 1: 15, 2: 12, 3: 8, 4: 6, 5: -5}
_AREA_REASONS = {
    0: "外部记录无地址",
    1: "同村（社区）",
    2: "同乡镇（街道）",
    3: "同县（区）",
    4: "外部记录地址只到省市",
    5: "不在同一县（区）",
}


def score_pairs(pairs: pl.DataFrame, *, today: date, repairs: pl.DataFrame | None = None) -> pl.DataFrame:
    """Score (record, person) pairs as :func:`policy.matching.score_pair` does, one vector pass per rule.

    ``pairs`` has ``record_id, person_id`` and the record's ``r_id`` (normalised), ``r_name``, ``r_birth``,
    ``r_area`` and the person's ``p_id, p_name, p_birth, p_area``. Added: ``method`` (with ``conflict`` for
    a valid ID number of someone else), ``score_pm`` (per mille), the ``level`` of the names, the
    ``birth_code`` and ``area_rank`` behind the points, and the repair ``detail``. ``repairs`` are the
    :func:`repair_candidates` of the records, if already at hand.
    """
    rid = pl.col("r_id")
    if "valid" not in pairs.columns:
        pairs = pairs.with_columns(valid=id_columns(pairs["r_id"], today=today).valid)
    if "r_birth_eff" not in pairs.columns:
        pairs = pairs.with_columns(r_birth_eff=record_birth(pairs, today=today))
    if repairs is None:
        bad = pairs.filter(rid.is_not_null() & (rid != pl.col("p_id")) & ~pl.col("valid"))
        repairs = repair_candidates(bad.select("record_id", "r_id").unique(), today=today)
    pairs = pairs.join(repairs.rename({"candidate": "p_id"}), on=["record_id", "p_id"], how="left")
    method = (
        pl.when(rid == pl.col("p_id")).then(pl.lit("exact"))
        .when(rid.is_null()).then(pl.lit("fuzzy"))
        .when("valid").then(pl.lit("conflict"))
        .when(pl.col("detail").is_not_null()).then(pl.lit("id_repaired"))
        .otherwise(pl.lit("fuzzy"))
    )  # fmt: skip
    pairs = pairs.with_columns(method=method, level=name_levels(pairs)).with_row_index("_i")
    # Birth dates and areas count only in a fuzzy score: the others skip the string work.
    fuzzy = pairs.filter(pl.col("method") == "fuzzy").select(
        "_i",
        birth_code=_birth_code(pl.col("r_birth_eff"), pl.col("p_birth")),
        area_rank=_area_code(pl.col("r_area"), pl.col("p_area")),
    )
    pairs = pairs.join(fuzzy, on="_i", how="left", maintain_order="left").drop("_i")
    level = pl.col("level")
    points = (
        level
        + pl.col("birth_code").replace_strict(_BIRTH_POINTS, default=0)
        + pl.col("area_rank").replace_strict(_AREA_POINTS, default=0)
    )
    score = (
        pl.when(pl.col("method") == "exact").then(900 + 2 * level)
        .when(pl.col("method") == "id_repaired").then(600 + 8 * level)
        .when(pl.col("method") == "conflict").then(0)
        .otherwise((10 * points).clip(0, 1000))
    )  # fmt: skip
    return pairs.with_columns(score_pm=score.cast(pl.Int64))


def explain(scored: pl.DataFrame) -> pl.Series:
    """The Chinese reasons of scored pairs, joined by “；”, exactly as :func:`score_pair` words them."""
    names = (
        scored.filter((pl.col("r_name") != pl.col("p_name")) | (pl.col("r_name").str.len_bytes() == 0))
        .select("r_name", "p_name")
        .unique()
    )
    wording = [name_compare(r, p).reason for r, p in names.iter_rows()]
    names = names.with_columns(name_reason=pl.Series(wording, dtype=pl.String))
    scored = scored.join(names, on=["r_name", "p_name"], how="left", nulls_equal=True)
    method = pl.col("method")
    fuzzy = method == "fuzzy"
    id_reason = (
        pl.when(method == "exact").then(pl.lit("身份证号一致"))
        .when(method == "id_repaired").then(pl.format("身份证号纠错后一致（{}）", "detail"))
        .when(method == "conflict").then(pl.lit("身份证号不一致（双方均为有效号码，不是同一人）"))
        .when(pl.col("r_id").is_null()).then(pl.lit("外部记录无身份证号"))
        .otherwise(pl.lit("外部身份证号无效"))
    )  # fmt: skip
    name_reason = pl.when(method != "conflict").then(pl.coalesce("name_reason", pl.lit("姓名一致")))
    birth_reason = pl.when(fuzzy).then(
        pl.when(pl.col("birth_code") == 0)
        .then(
            pl.format(
                "出生日期不一致（{}/{}）",
                *(pl.col(c).dt.strftime("%Y-%m-%d") for c in ("r_birth_eff", "p_birth")),
            )
        )
        .otherwise(pl.col("birth_code").replace_strict(_BIRTH_REASONS, default=None, return_dtype=pl.String))
    )
    area_reason = pl.when(fuzzy).then(
        pl.col("area_rank").replace_strict(_AREA_REASONS, return_dtype=pl.String)
    )
    parts = [id_reason, name_reason, birth_reason, area_reason]
    return scored.select(reasons=pl.concat_str(parts, separator="；", ignore_nulls=True))["reasons"]


def _village(area: pl.Expr) -> pl.Expr:
    """A record's area as a 12-digit village code, or null when it is missing or coarser than a village."""
    text = area.str.strip_chars().str.replace_many(list("０１２３４５６７８９"), list("0123456789"))
    return pl.when(text.str.contains(r"^[0-9]{12}$") & (text.str.slice(9) != "000")).then(text)


def match_frames(
    *,
    persons: pl.DataFrame,
    records: pl.DataFrame,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    today: date | None = None,
) -> pl.DataFrame:
    """The best registry person for each external record, where the score reaches ``threshold``.

    ``persons``: ``person_id`` (i64), ``id_number``, ``name``, ``birth_date`` (date), ``area_code`` (12
    digits). ``records``: ``record_id`` (i64), ``id_number``, ``name``, ``birth_date``, ``area_code``, each
    but the id possibly null; other columns are ignored. The result has one row per matched record:
    ``record_id, person_id, score`` (0..1), ``method`` (exact / id_repaired / fuzzy) and ``reasons``
    (Chinese, joined by “；”), sorted by record_id. ``today`` bounds plausible birth dates (default: today).
    """
    today = today or date.today()

    def step(i: int) -> None:
        if progress is not None:
            progress(STEPS[i] if i < len(STEPS) else "比对完成", i, len(STEPS))

    step(0)
    people = persons.select(
        person_id=pl.col("person_id").cast(pl.Int64),
        p_id=pl.col("id_number").cast(pl.String),
        p_name=pl.col("name").cast(pl.String).fill_null(""),
        p_birth=pl.col("birth_date").cast(pl.Date),
        p_area=pl.col("area_code").cast(pl.String),
    )
    ids = id_columns(records["id_number"], today=today)
    registry = id_keys(people["p_id"], today=today)
    valid = ids.valid.to_numpy()

    def record_columns(rows: np.ndarray) -> pl.DataFrame:
        # The records' columns, fetched by position for just these rows.
        return records[rows].select(
            record_id=pl.col("record_id").cast(pl.Int64),
            r_id=ids.number.gather(rows),
            r_name=pl.col("name").cast(pl.String).fill_null(""),
            r_birth=pl.col("birth_date").cast(pl.Date),
            r_area=pl.col("area_code").cast(pl.String),
        )

    checked = np.flatnonzero(valid)
    found_at = registry.find(ids.key[checked])
    hit = found_at >= 0
    exact = pl.concat([record_columns(checked[hit]), people[found_at[hit]]], how="horizontal")
    exact = exact.with_columns(r_birth_eff="r_birth", valid=pl.lit(True))
    # Records with no ID number or an invalid one go on; a valid number that is nobody's stops here.
    rest = record_columns(np.flatnonzero(~valid)).with_columns(valid=pl.lit(False))
    rest = rest.with_columns(
        r_birth_eff=record_birth(rest, today=today), r_village=_village(pl.col("r_area"))
    )

    step(1)
    bad = rest.filter(pl.col("r_id").is_not_null()).select("record_id", "r_id")
    repairs = repair_candidates(bad, today=today, registry=registry)
    repaired = repairs.join(people.select("person_id", "p_id"), left_on="candidate", right_on="p_id")

    step(2)
    # Each distinct name is keyed and read once, then joined back.
    r_names, p_names = rest.select(pl.col("r_name").unique()), people.select(pl.col("p_name").unique())
    readings = readings_of(r_names["r_name"], p_names["p_name"])
    rest = rest.join(with_names(r_names, "r_name", "r", readings), on="r_name", how="left")
    index = people.join(with_names(p_names, "p_name", "p", readings), on="p_name", how="left")
    # The blocks join on slim frames; the pairs they find fetch the other columns once, below.
    slim = rest.select("record_id", "r_birth_eff", "r_init", "r_key", "r_village")
    people_slim = index.select("person_id", "p_birth", "p_init", "p_key", "p_area")
    named, dated, placed = (
        pl.col("r_key") != "",
        pl.col("r_birth_eff").is_not_null(),
        pl.col("r_village").is_not_null(),
    )
    blocks = [
        slim.filter(named & dated).join(
            people_slim, left_on=["r_birth_eff", "r_init"], right_on=["p_birth", "p_init"]
        ),
        slim.filter(named & dated & placed).join(
            people_slim, left_on=["r_birth_eff", "r_village"], right_on=["p_birth", "p_area"]
        ),
        slim.filter(named & placed).join(
            people_slim, left_on=["r_key", "r_village"], right_on=["p_key", "p_area"]
        ),
    ]

    step(3)
    found = [repaired.select("record_id", "person_id"), *(b.select("record_id", "person_id") for b in blocks)]
    pairs = pl.concat(found).unique().join(rest, on="record_id").join(index, on="person_id")
    scored = score_pairs(pairs, today=today, repairs=repairs)
    # A record may have several candidates here: keep the best, and count the others with the same score.
    best = pl.col("score_pm") == pl.col("score_pm").max().over("record_id")
    scored = scored.filter(best).with_columns(
        ties=pl.len().over("record_id") - 1,
        rank=pl.col("method").replace_strict(_METHOD_RANK, return_dtype=pl.Int64),
    )
    scored = scored.filter(pl.col("rank") == pl.col("rank").min().over("record_id"))
    scored = scored.filter(pl.col("person_id") == pl.col("person_id").min().over("record_id"))
    # An exact number is one person: that record has no other candidate.
    exact = score_pairs(exact, today=today, repairs=repairs.clear()).with_columns(ties=pl.lit(0, pl.UInt32))
    top = pl.concat([exact, scored], how="diagonal_relaxed")
    # numpy divides as score_pair does; Polars would multiply by 0.001 and be off in the last bit.
    top = top.with_columns(score=pl.Series(top["score_pm"].to_numpy() / 1000, dtype=pl.Float64))
    top = top.filter(pl.col("score") >= threshold)

    step(4)
    tie = pl.when(pl.col("ties") > 0).then(pl.format("另有{}名人员得分相同，请人工核实", "ties"))
    result = top.with_columns(reasons=explain(top)).select(
        "record_id",
        "person_id",
        score="score",
        method="method",
        reasons=pl.concat_str([pl.col("reasons"), tie], separator="；", ignore_nulls=True),
    )
    step(len(STEPS))
    return result.cast(RESULT_SCHEMA).sort("record_id")
