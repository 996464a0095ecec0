"""Checking a list's rows, column by column over the whole frame at once (10 million rows in seconds),
into the batch's typed columns and the list of bad rows with their Chinese reasons.

What is refused (the whole file is then not kept): a missing name or required value, a date that is not
a date or lies in the future, an ID number of the wrong shape, an area code that is not 6, 9 or 12
digits, an amount that is not a non-negative number with at most two decimals. What is kept: an ID number
whose check digit is wrong — lists are typed by hand, and the matcher repairs such numbers
(``id_checked`` is false for them) — and a 15-digit old-style number, converted to 18 digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from apps.crosscheck.services.reading import ROW, BatchRejected, ImportIssue
from apps.registry.services.import_read import REPORT_ISSUES
from policy.crosscheck import FIELDS, FieldKind, SourceDef
from policy.identity import CHECK_CHARS, WEIGHTS

MAX_ISSUES = REPORT_ISSUES  # kept for the page and the report; all are counted, by column
EXCEL_EPOCH = date(1899, 12, 30)
EARLIEST = date(1880, 1, 1)
# The batch's columns, in order, with their types: every batch has all of them (null where unmapped).
SCHEMA: dict[str, pl.DataType] = {
    "record_id": pl.Int64(),
    "name": pl.String(),
    "id_number": pl.String(),
    "id_checked": pl.Boolean(),
    "birth_date": pl.Date(),
    "area_code": pl.String(),
    "event_date": pl.Date(),
    "amount": pl.Decimal(18, 2),
    "ref": pl.String(),
    "detail": pl.String(),
}


@dataclass(frozen=True)
class Checked:
    """The rows as the batch keeps them, or the bad rows found (``issues`` capped, ``total`` all, and
    ``by_column`` all of them counted by column)."""

    frame: pl.DataFrame
    issues: list[ImportIssue]
    total: int
    by_column: dict[str, int] = field(default_factory=dict)

    @property
    def id_missing(self) -> int:
        return int(self.frame["id_number"].null_count())

    @property
    def id_unchecked(self) -> int:
        return int((~self.frame["id_checked"].fill_null(True)).sum())


def _text(name: str) -> pl.Expr:
    return pl.col(name).str.replace_all("\u3000", " ").str.strip_chars()


def _date_norm(raw: pl.Expr) -> pl.Expr:
    """``2025/1/31``, ``2025.1.31``, ``2025年1月31日`` and a trailing midnight time → ``2025-01-31``."""
    return (
        raw.str.replace_all(r"[年月/.]", "-")
        .str.replace_all("日", "")
        .str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "")
        .str.replace(r"^(\d{4})-(\d)-", "${1}-0${2}-")
        .str.replace(r"^(\d{4}-\d{2})-(\d)$", "${1}-0${2}")
    )


def _date(norm: pl.Expr) -> pl.Expr:
    """A normalised date column (:func:`_date_norm`), ``20250131`` or an Excel day number as a date; None
    for anything else (and for days that do not exist)."""
    return pl.coalesce(
        norm.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        pl.when(norm.str.len_chars() == 8).then(norm.str.strptime(pl.Date, "%Y%m%d", strict=False)),
        pl.when(norm.str.contains(r"^\d{5}$")).then(
            pl.lit(EXCEL_EPOCH) + pl.duration(days=norm.cast(pl.Int64, strict=False))
        ),
    )


def _id_normal(raw: pl.Expr) -> pl.Expr:
    out = raw.str.replace_all(r"\s", "")
    for wide, ascii_ in zip("０１２３４５６７８９ｘＸx", "0123456789XXX", strict=True):
        out = out.str.replace_all(wide, ascii_, literal=True)
    return out.str.replace(r"\.0$", "")


def _check_char(first17: str) -> pl.Expr:
    """The GB 11643 check character of the 17 digits in column ``first17`` (null if any is not a digit)."""
    digits = [pl.col(first17).str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(WEIGHTS)]
    total = pl.sum_horizontal(digits)
    return (total % 11).replace_strict(list(range(11)), list(CHECK_CHARS), return_dtype=pl.String)


def _money(text: pl.Expr, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    good = text.str.contains(r"^\d+(\.\d{1,2})?$")
    reason = (
        pl.when(raw.is_null() | (raw == ""))
        .then(None)
        .when(text.str.starts_with("-"))
        .then(pl.lit("金额不能为负数"))
        .when(~good)
        .then(pl.lit("应为金额数字（元），最多两位小数"))
    )
    return pl.when(good).then(text).cast(pl.Decimal(18, 2), strict=False), reason


ID_SHAPE = "公民身份号码应为18位（前17位为数字，最后一位为数字或X）或15位数字"
ID_SCIENTIFIC = "公民身份号码被表格软件显示为科学计数法，无法还原，请将该列设为“文本”后重新导出"


def _normalised(frame: pl.DataFrame, mapping: dict[str, str], source: SourceDef) -> pl.DataFrame:
    """Pass 1 (each column once): ``_t_<key>`` the stripped text of each mapped field, and the forms the
    checks read — the ID number normalised with its first 17 characters (an old 15-digit one widened), a
    date normalised, an amount without separators. Expressions that reuse one another are materialised
    pass by pass: Polars would otherwise evaluate a shared sub-expression once per use."""
    texts = {f"_t_{key}": _text(header) for key, header in mapping.items()}
    out = frame.select(pl.col(ROW), **texts)
    derived: dict[str, pl.Expr] = {}
    for key in mapping:
        kind = FIELDS[key].kind
        t = pl.col(f"_t_{key}")
        if kind is FieldKind.ID_NUMBER:
            derived["_idv"] = _id_normal(t)
        elif kind is FieldKind.DATE:
            derived[f"_d_{key}"] = _date_norm(t)
        elif kind is FieldKind.MONEY:
            derived[f"_m_{key}"] = t.str.replace_all(r"[,，¥￥元\s]", "")
        elif kind is FieldKind.AREA:
            derived[f"_a_{key}"] = t.str.replace_all(r"\s", "")
    out = out.with_columns(**derived)
    if "_idv" in out.columns:
        idv = pl.col("_idv")
        old = idv.str.contains(r"^\d{15}$")
        out = out.with_columns(
            _old=old,
            _b17=pl.when(old)
            .then(idv.str.slice(0, 6) + "19" + idv.str.slice(6, 9))
            .otherwise(idv.str.slice(0, 17)),
        )
        out = out.with_columns(_c17=_check_char("_b17"))
        out = out.with_columns(
            _id18=pl.when(pl.col("_old")).then(pl.col("_b17") + pl.col("_c17")).otherwise(idv)
        )
    return out


def rows_check(*, frame: pl.DataFrame, mapping: dict[str, str], source: SourceDef, today: date) -> Checked:
    """Check ``frame`` (text columns named by the file's headers, plus :data:`ROW`) under ``mapping``
    (field → header): every rule on every row, vectorised. The reasons name the field as the list does."""
    work = _normalised(frame, mapping, source)
    columns: dict[str, pl.Expr] = {"record_id": pl.col(ROW)}
    checks: list[tuple[str, str, pl.Expr]] = []  # (header, text column, reason or null)
    for key in source.fields:
        if key not in mapping:
            continue
        label = source.field_label(key)
        raw = pl.col(f"_t_{key}")
        empty = raw.is_null() | (raw == "")
        kind = FIELDS[key].kind
        if kind is FieldKind.TEXT:
            limit = 50 if key == "name" else 200
            columns[key] = pl.when(~empty).then(raw)
            reason = pl.when(raw.str.len_chars() > limit).then(pl.lit(f"{label}超过{limit}个字"))
        elif kind is FieldKind.ID_NUMBER:
            id18 = pl.col("_id18")
            shaped = id18.str.contains(r"^\d{17}[\dX]$") & ~empty
            columns[key] = pl.when(shaped).then(id18)
            columns["id_checked"] = pl.when(shaped).then(id18.str.slice(17, 1) == pl.col("_c17"))
            reason = (
                pl.when(empty)
                .then(None)
                .when(pl.col("_idv").str.contains("E+", literal=True))
                .then(pl.lit(ID_SCIENTIFIC))
                .when(~shaped)
                .then(pl.lit(ID_SHAPE))
            )
        elif kind is FieldKind.DATE:
            day = pl.col(f"_day_{key}")
            work = work.with_columns(_date(pl.col(f"_d_{key}")).alias(f"_day_{key}"))
            columns[key] = day
            reason = (
                pl.when(empty)
                .then(None)
                .when(day.is_null() | (day < pl.lit(EARLIEST)))
                .then(pl.lit(f"{label}无法识别，应为如2025-01-31的日期"))
                .when(day > pl.lit(today))
                .then(pl.lit(f"{label}晚于今天（{today:%Y-%m-%d}）"))
            )
        elif kind is FieldKind.AREA:
            digits = pl.col(f"_a_{key}")
            good = digits.str.contains(r"^(\d{6}|\d{9}|\d{12})$")
            columns[key] = pl.when(good).then(digits.str.pad_end(12, "0"))
            reason = pl.when(~empty & ~good).then(pl.lit(f"{label}应为6、9或12位数字"))
        else:
            columns[key], reason = _money(pl.col(f"_m_{key}"), raw)
        if key in source.required:
            reason = pl.coalesce(pl.when(empty).then(pl.lit(f"{label}不能为空")), reason)
        checks.append((mapping[key], f"_t_{key}", reason))
    order = {header: index for index, header in enumerate(frame.columns)}
    checks.sort(key=lambda c: order.get(c[0], 0))  # a row's problems in the file's column order
    typed = work.select(
        pl.col(ROW),
        *(pl.col(t) for _, t, _ in checks),
        **columns,
        **{f"_why{i}": why for i, (_, _, why) in enumerate(checks)},
    )
    issues, total, by_column = _issues(typed, checks)
    clean = typed.select(
        [
            (pl.col(name) if name in typed.columns else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in SCHEMA.items()
        ]
    )
    if clean["birth_date"].null_count():
        # The birth date the ID number states, where the list gives none: the matcher blocks on it.
        from_id = pl.col("id_number").str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
        clean = clean.with_columns(pl.coalesce(pl.col("birth_date"), from_id).alias("birth_date"))
    return Checked(
        frame=clean if total == 0 else clean.clear(), issues=issues, total=total, by_column=by_column
    )


def _issues(
    typed: pl.DataFrame, checks: list[tuple[str, str, pl.Expr]]
) -> tuple[list[ImportIssue], int, dict[str, int]]:
    """The first :data:`MAX_ISSUES` bad cells in row order, how many there are, and how many per column."""
    parts = []
    by_column: dict[str, int] = {}
    for index, (header, text, _) in enumerate(checks):
        bad = typed.filter(pl.col(f"_why{index}").is_not_null()).select(
            pl.col(ROW).alias("row"),
            pl.lit(header).alias("column"),
            pl.col(text).fill_null("").alias("value"),
            pl.col(f"_why{index}").alias("reason"),
        )
        if bad.height:
            by_column[header] = by_column.get(header, 0) + bad.height
            parts.append(bad.head(MAX_ISSUES))  # no more than the first can be shown
    if not parts:
        return [], 0, {}
    shown = pl.concat(parts).sort("row", maintain_order=True).head(MAX_ISSUES)
    return (
        [
            ImportIssue(row=r, column=c, value=v[:100], reason=why)
            for r, c, v, why in zip(
                shown["row"], shown["column"], shown["value"], shown["reason"], strict=True
            )
        ],
        sum(by_column.values()),
        by_column,
    )


def mapping_check(
    *, mapping: dict[str, str], headers: list[str], source: SourceDef, header_row: int
) -> dict[str, str]:
    """The mapping kept to the fields this list uses, or :class:`BatchRejected` naming each required field
    left unmapped, each header not in the file and each header given to two fields."""
    clean = {k: v.strip() for k, v in mapping.items() if k in source.fields and v and v.strip()}
    issues = []
    for key in sorted(source.required, key=list(FIELDS).index):
        if key not in clean:
            label = source.field_label(key)
            issues.append(
                ImportIssue(header_row, label, "", f"缺少必填列“{label}”：请在列对应关系中指定文件中的哪一列")
            )
    used: dict[str, str] = {}
    for key, header in clean.items():
        label = source.field_label(key)
        if header not in headers:
            issues.append(
                ImportIssue(header_row, header, header, f"文件中没有“{header}”这一列（对应“{label}”）")
            )
        elif header in used:
            issues.append(
                ImportIssue(header_row, header, header, f"“{header}”同时对应了“{used[header]}”和“{label}”")
            )
        used.setdefault(header, label)
    if issues:
        raise BatchRejected(issues)
    return clean
