"""Names over whole columns: the keys, pinyin and initials of :mod:`policy.matching`, and the name ladder.

The batch matcher's side of :func:`policy.matching.name_key`, :func:`~policy.matching.name_pinyin` and
:func:`~policy.matching.name_compare`'s level: the fold is one multi-pattern replace, each distinct
character is read once, and “one character apart” is rapidfuzz's Levenshtein distance over the pairs
that are neither the same key nor the same pinyin. A test holds each to its scalar twin.
"""

from __future__ import annotations

import polars as pl
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cpdist

from policy.matching import COMPOUND_SURNAMES, FOLD, SURNAME_READINGS, NameLevel, char_pinyin

__all__ = ["name_levels", "readings_of", "with_names"]

_COMPOUND = {k: " ".join(v) for k, v in COMPOUND_SURNAMES.items()}
_KEYS = ("r_key", "r_py", "p_key", "p_py")


def with_names(df: pl.DataFrame, name: str, prefix: str, readings: dict[str, str]) -> pl.DataFrame:
    """Add ``{prefix}_key``, ``{prefix}_py`` (syllables joined by spaces) and ``{prefix}_init`` for a name.

    The same as :func:`policy.matching.name_key`, :func:`~policy.matching.name_pinyin` and
    :func:`~policy.matching.name_initials`: the surname (one character, or a compound one) is read from
    the surname tables, the rest character by character from ``readings``.
    """
    key = pl.col(name).fill_null("").str.replace_many(list(FOLD), list(FOLD.values()))
    df = df.with_columns(key.alias(f"{prefix}_key"))
    key = pl.col(f"{prefix}_key")
    compound = key.str.slice(0, 2).replace_strict(_COMPOUND, default=None, return_dtype=pl.String)
    first = key.str.slice(0, 1)
    surname = first.replace_strict(SURNAME_READINGS, default=None, return_dtype=pl.String)
    head = pl.coalesce(
        compound, surname, first.replace_strict(readings, default=None, return_dtype=pl.String)
    )
    rest = pl.when(compound.is_null()).then(key.str.slice(1)).otherwise(key.str.slice(2))
    tail = (
        rest.str.split("")
        .list.eval(pl.element().replace_strict(readings, return_dtype=pl.String))
        .list.join(" ")
    )
    py = pl.when(tail == "").then(head).otherwise(head + " " + tail)
    df = df.with_columns(py.alias(f"{prefix}_py"))
    initials = pl.col(f"{prefix}_py").str.replace_all(r"(\S)\S*\s?", "$1")
    return df.with_columns(initials.alias(f"{prefix}_init"))


def readings_of(*columns: pl.Series) -> dict[str, str]:
    """Each distinct character of the name columns (after folding) and its reading."""
    chars = pl.concat([c.fill_null("").str.replace_many(list(FOLD), list(FOLD.values())) for c in columns])
    return {c: char_pinyin(c) for c in chars.str.split("").explode().drop_nulls().unique().to_list()}


def name_levels(pairs: pl.DataFrame) -> pl.Series:
    """The :class:`~policy.matching.NameLevel` value of each pair's names (``r_name``, ``p_name``).

    Pairs with the very same name cost nothing. The keys and pinyin of the others are taken from the
    ``r_key, r_py, p_key, p_py`` columns where the caller has them, and worked out here where not.
    """
    same_raw = ((pl.col("r_name") == pl.col("p_name")) & (pl.col("r_name").str.len_bytes() > 0)).fill_null(
        False
    )
    have = [pl.col(c) if c in pairs.columns else pl.lit(None, dtype=pl.String).alias(c) for c in _KEYS]
    frame = pairs.select("r_name", "p_name", *have, same=same_raw).with_row_index("i")
    rest = frame.filter(~pl.col("same"))
    known = pl.all_horizontal(pl.col(c).is_not_null() for c in _KEYS)
    todo = rest.filter(~known).drop(_KEYS)
    readings = readings_of(todo["r_name"], todo["p_name"])
    todo = with_names(with_names(todo, "r_name", "r", readings), "p_name", "p", readings)
    rest = pl.concat([rest.filter(known), todo.select(rest.columns)])
    both = (pl.col("r_key").str.len_bytes() > 0) & (pl.col("p_key").str.len_bytes() > 0)
    r_len, p_len = pl.col("r_key").str.len_chars(), pl.col("p_key").str.len_chars()
    rest = rest.with_columns(
        key_same=both & (pl.col("r_key") == pl.col("p_key")),
        py_same=both & (pl.col("r_py") == pl.col("p_py")),
        near=both & (pl.min_horizontal(r_len, p_len) >= 2) & ((r_len - p_len).abs() <= 1),
    )
    ask = rest.filter(pl.col("near") & ~pl.col("key_same") & ~pl.col("py_same"))
    distance = cpdist(ask["r_key"].to_list(), ask["p_key"].to_list(), scorer=Levenshtein.distance, workers=-1)
    edited = ask.select("i").with_columns(one=pl.Series(distance == 1, dtype=pl.Boolean))
    level = (
        pl.when("key_same").then(int(NameLevel.SAME))
        .when("py_same").then(int(NameLevel.PINYIN))
        .when(pl.col("one").fill_null(False)).then(int(NameLevel.ONE_EDIT))
        .otherwise(int(NameLevel.DIFFERENT))
    )  # fmt: skip
    rest = rest.join(edited, on="i", how="left").select("i", level=level)
    out = frame.select("i", "same").join(rest, on="i", how="left").sort("i")
    return out.select(
        pl.when("same").then(int(NameLevel.SAME)).otherwise("level").cast(pl.Int64).alias("level")
    )["level"]
