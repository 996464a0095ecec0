"""公民身份号码 over whole columns: normalising, checking and repairing millions of numbers at once.

The batch matcher's side of :mod:`policy.identity` and :mod:`policy.matching.repair`: the same rules,
over a byte matrix (one row of 18 bytes per number) or the integer of the first 17 digits, so that ten
million numbers cost numpy passes, not ten million calls. Tests hold each function to its scalar twin.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import numpy as np
import polars as pl

from policy.identity import CHECK_CHARS, EARLIEST_BIRTH, WEIGHTS

__all__ = ["IdColumns", "KeySet", "id_columns", "id_keys", "record_birth", "repair_candidates"]

CHUNK = 250_000  # numbers per byte matrix: small enough to stay in the caches
_W = np.asarray(WEIGHTS, dtype=np.int64)
_POW10 = 10 ** np.arange(16, -1, -1, dtype=np.int64)
_YMD = 10 ** np.arange(7, -1, -1, dtype=np.int64)
_CHECK = dict(enumerate(CHECK_CHARS))
_CHECK_INDEX = {c: i for i, c in enumerate(CHECK_CHARS)}
_CHECK_OF_BYTE = np.full(256, -1, dtype=np.int32)  # a byte's index in CHECK_CHARS, -1 if none
_CHECK_OF_BYTE[np.frombuffer(CHECK_CHARS.encode(), dtype=np.uint8)] = np.arange(11)
_FULL_WIDTH_ID = list("０１２３４５６７８９ｘＸx"), list("0123456789XXX")
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _normalize(col: pl.Expr) -> pl.Expr:
    """:func:`policy.identity.id_number_normalize` over a column; an empty result is null."""
    text = col.cast(pl.String).str.replace_many(*_FULL_WIDTH_ID).str.replace_all(r"\s+", "")
    text = text.str.strip_suffix(".0")
    return pl.when(text.str.len_bytes() > 0).then(text)


def _ymd_ok(ymd: np.ndarray, today: date) -> np.ndarray:
    """True where the integer ``YYYYMMDD`` is a real day from 1880-01-01 to ``today``."""
    y, m, d = ymd // 10000, ymd // 100 % 100, ymd % 100
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    days = _DAYS_IN_MONTH[np.clip(m, 0, 12)] + (leap & (m == 2))
    low, high = int(f"{EARLIEST_BIRTH:%Y%m%d}"), int(f"{today:%Y%m%d}")
    return (m >= 1) & (m <= 12) & (d >= 1) & (d <= days) & (ymd >= low) & (ymd <= high)


def _birth_ok(n17: np.ndarray, today: date) -> np.ndarray:
    return _ymd_ok(n17 // 1000 % 100_000_000, today)


def _shape_and_validity(ids: pl.Series, today: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per number: already in normal form (17 ASCII digits and a digit or X), valid (check and birth
    date), and its integer key (:func:`_keys`; 0 where not in normal form)."""
    shaped, valid = np.zeros(len(ids), dtype=bool), np.zeros(len(ids), dtype=bool)
    keys = np.zeros(len(ids), dtype=np.int64)
    long = ids.str.len_bytes().fill_null(0).to_numpy() == 18
    at, eighteen = np.flatnonzero(long), ids.filter(pl.Series(long))
    for start in range(0, len(at), CHUNK):
        chunk = eighteen.slice(start, CHUNK).str.join("").item().encode()
        m = np.frombuffer(chunk, dtype=np.uint8).reshape(-1, 18)
        digits = m[:, :17] - np.uint8(48)  # a byte that is no digit wraps round to 10 or more
        check = _CHECK_OF_BYTE[m[:, 17]]
        ok = (digits < 10).all(axis=1) & (check >= 0)
        digits = digits.astype(np.int64)
        n17 = digits @ _POW10
        right = (digits @ _W) % 11 == check
        rows = at[start : start + CHUNK]
        shaped[rows] = ok
        valid[rows] = ok & right & _birth_ok(n17, today)
        keys[rows] = np.where(ok, _keys(n17, check), 0)
    return shaped, valid, keys


class IdColumns(NamedTuple):
    """A column of ID numbers, normalised (null when empty), whether each is valid, and its integer key."""

    number: pl.Series
    valid: pl.Series
    key: np.ndarray


def id_columns(raw: pl.Series, *, today: date) -> IdColumns:
    """The normalised numbers, their validity as ``id_is_valid`` says, and their keys.

    Numbers already in normal form, nearly all of them, are taken as they are; only the rest go through
    the string clean-up (spaces, full-width digits, a lower-case x, Excel's “.0”).
    """
    raw = raw.cast(pl.String)
    shaped, valid, keys = _shape_and_validity(raw, today)
    dirty = np.flatnonzero(~shaped & raw.is_not_null().to_numpy())
    if len(dirty) == 0:
        return IdColumns(raw, pl.Series(valid), keys)
    fixed = raw.gather(dirty).to_frame("v").select(_normalize(pl.col("v"))).to_series()
    _, valid[dirty], keys[dirty] = _shape_and_validity(fixed, today)
    return IdColumns(raw.scatter(dirty, fixed), pl.Series(valid), keys)


def _birth8(text: pl.Expr, today: date) -> pl.Expr:
    """The date in an eight-digit ``YYYYMMDD`` text, if it is a real day from 1880 to ``today``."""
    day = pl.when(text.str.contains(r"^[0-9]{8}$")).then(text).str.to_date("%Y%m%d", strict=False)
    return pl.when(day.is_between(EARLIEST_BIRTH, today)).then(day)


def record_birth(frame: pl.DataFrame, *, today: date) -> pl.Series:
    """Each record's ``r_birth``, else the date written in its ``r_id`` (widened if 15 digits).

    Only the rows without a birth date read their number, so a list that gives dates costs nothing.
    """
    missing = np.flatnonzero(frame["r_birth"].is_null().to_numpy())
    rid = pl.col("r_id")
    widened = pl.when(rid.str.contains(r"^[0-9]{15}$")).then(rid.str.slice(0, 6) + "19" + rid.str.slice(6))
    read = frame[missing].select(_birth8(widened.fill_null(rid).str.slice(6, 8), today)).to_series()
    return frame["r_birth"].clone().scatter(missing, read) if len(missing) else frame["r_birth"]


def _keys(n17: np.ndarray, check: np.ndarray) -> np.ndarray:
    """One integer per number: the first 17 digits and the check character's index (< 11)."""
    return n17 * 11 + check


class KeySet:
    """A fixed set of number keys (the registry's) with fast vector look-ups.

    A binary search per key costs about twenty cache misses; a 16 MB table in front of it answers “no”
    for nearly every key with one look, and only the few that pass are searched.
    """

    _SLOTS = (1 << 24) - 3

    def __init__(self, keys: np.ndarray) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]
        self.table = np.zeros(self._SLOTS, dtype=bool)
        self.table[self.keys % self._SLOTS] = True

    def find(self, keys: np.ndarray) -> np.ndarray:
        """For each key, its position in the array the set was made from, or -1."""
        found = np.full(len(keys), -1, dtype=np.int64)
        at = np.flatnonzero(self.table[keys % self._SLOTS])
        if len(at) and len(self.keys):
            probe = keys[at]
            where = np.minimum(np.searchsorted(self.keys, probe), len(self.keys) - 1)
            hit = self.keys[where] == probe
            found[at[hit]] = self.order[where[hit]]
        return found

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """True where a key is in the set."""
        return self.find(keys) >= 0


def id_keys(ids: pl.Series, *, today: date) -> KeySet:
    """The keys of 18-character numbers (the registry's, valid), in their order, for fast look-ups."""
    return KeySet(id_columns(ids, today=today).key)


def _slips(n17: np.ndarray, target: np.ndarray, today: date, known: KeySet | None) -> pl.DataFrame:
    """Valid numbers one slip away from each invalid 18-character number (only those in ``known``, if
    given): its row, the key, the kind (0 check, 1 swap, 2 digit), the position and the two characters."""
    digits = n17[:, None] // _POW10 % 10
    total = digits @ _W
    born_ok = _birth_ok(n17, today)
    found: list[pl.DataFrame] = []

    def keep(
        mask: np.ndarray,
        new17: np.ndarray,
        check: object,
        kind: int,
        pos: int,
        a: object,
        b: object,
        birth: bool,
    ) -> None:
        # Work on the rows the mask keeps; a slip outside digits 7–14 leaves the birth date as it was.
        rows = np.flatnonzero(mask)
        moved, key = new17[rows], _keys(new17[rows], np.broadcast_to(check, mask.shape)[rows])
        ok = _birth_ok(moved, today) if birth else born_ok[rows]
        if known is not None:
            ok &= known.contains(key)
        rows = rows[ok]
        cols = {"row": rows, "key": key[ok], "kind": np.full(len(rows), kind, dtype=np.int8),
                "pos": np.full(len(rows), pos, dtype=np.int8),
                "a": np.broadcast_to(a, mask.shape)[rows].astype(np.int8),
                "b": np.broadcast_to(b, mask.shape)[rows].astype(np.int8)}  # fmt: skip
        found.append(pl.DataFrame(cols))

    keep(np.ones(len(n17), dtype=bool), n17, total % 11, 0, 18, target, total % 11, False)
    for j in range(16):  # two neighbours among the 17 digits
        a, b = digits[:, j], digits[:, j + 1]
        moved = n17 + (b - a) * _POW10[j] + (a - b) * _POW10[j + 1]
        swapped = (a != b) & ((total + (b - a) * (_W[j] - _W[j + 1])) % 11 == target)
        keep(swapped, moved, target, 1, j + 1, a, b, 5 <= j <= 13)
    # The 17th digit and a check character that is a digit: the digit becomes the check character.
    a, c = digits[:, 16], np.array([int(ch) if ch != "X" else -1 for ch in CHECK_CHARS])[target]
    new_target = np.array([_CHECK_INDEX[str(v)] for v in range(10)])[a]
    swapped = (c >= 0) & (a != c) & ((total + (c - a) * _W[16]) % 11 == new_target)
    keep(swapped, n17 + (c - a), new_target, 1, 17, a, c, False)
    for p in range(17):  # exactly one digit at p makes the check come out right, unless it would be 10
        delta = (target - total) * pow(int(_W[p]), -1, 11) % 11
        new = (digits[:, p] + delta) % 11
        moved = n17 + (new - digits[:, p]) * _POW10[p]
        keep((new != 10) & (delta != 0), moved, target, 2, p + 1, digits[:, p], new, 6 <= p <= 13)
    return pl.concat(found)


def _candidates(bad: pl.DataFrame, today: date, known: KeySet | None) -> pl.DataFrame:
    rid = pl.col("r_id")
    short = bad.filter(rid.str.contains(r"^[0-9]{15}([0-9]{2})?$")).select(
        "record_id",
        n17=pl.when(rid.str.len_bytes() == 15)
        .then(rid.str.slice(0, 6) + "19" + rid.str.slice(6))
        .otherwise(rid),
        kind=pl.when(rid.str.len_bytes() == 15).then(3).otherwise(4).cast(pl.Int8),
    )
    n17 = short["n17"].cast(pl.Int64).to_numpy()
    key = _keys(n17, (n17[:, None] // _POW10 % 10) @ _W % 11)
    ok = _birth_ok(n17, today)
    if known is not None:
        ok &= known.contains(key)
    short = short.select("record_id", "kind").with_columns(key=pl.Series(key)).filter(pl.Series(ok))
    long = bad.filter(rid.str.contains(r"^[0-9]{17}[0-9X]$"))
    long = long.filter(~id_columns(long["r_id"], today=today).valid)
    slips = _slips(
        long["r_id"].str.slice(0, 17).cast(pl.Int64).to_numpy(),
        long["r_id"].str.slice(17).replace_strict(_CHECK_INDEX, return_dtype=pl.Int64).to_numpy(),
        today,
        known,
    )
    slips = slips.with_columns(record_id=long["record_id"].gather(slips["row"])).drop("row")
    return pl.concat([short, slips], how="diagonal_relaxed").with_columns(pl.col("record_id").cast(pl.Int64))


def _describe(found: pl.DataFrame) -> pl.DataFrame:
    """``record_id, candidate, detail``: the repaired number and the slip in the words of ``IdRepair``."""
    first17 = (pl.col("key") // 11).cast(pl.String).str.zfill(17)
    check = (pl.col("key") % 11).replace_strict(_CHECK, return_dtype=pl.String)
    a, b = pl.col("a").cast(pl.String), pl.col("b").cast(pl.String)
    check_a, check_b = (
        x.cast(pl.Int64).replace_strict(_CHECK, default="", return_dtype=pl.String)
        for x in (pl.col("a"), pl.col("b"))
    )
    detail = (
        pl.when(pl.col("kind") == 0).then(pl.format("第18位校验码“{}”应为“{}”", check_a, check_b))
        .when(pl.col("kind") == 1).then(pl.format("第{}、{}位“{}{}”颠倒", "pos", pl.col("pos") + 1, a, b))
        .when(pl.col("kind") == 2).then(pl.format("第{}位“{}”应为“{}”", "pos", a, b))
        .when(pl.col("kind") == 3).then(pl.lit("15位旧号码，已升为18位"))
        .otherwise(pl.lit("缺少第18位校验码，已补上"))
    )  # fmt: skip
    return found.select("record_id", candidate=first17 + check, detail=detail)


def repair_candidates(bad: pl.DataFrame, *, today: date, registry: KeySet | None = None) -> pl.DataFrame:
    """Every valid number one slip away from each ``(record_id, r_id)``: ``record_id, candidate, detail``.

    The same candidates, in the same words, as :func:`policy.matching.id_repair_candidates`, over a digit
    matrix: a few vector passes per position instead of a loop per record. With ``registry`` (from
    :func:`id_keys`) only the candidates that are someone's number are kept, before any text is made.
    """
    return _describe(_candidates(bad, today, registry))
