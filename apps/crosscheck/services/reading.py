"""Reading another department's list (CSV in UTF-8 or GBK, or XLSX) into a Polars frame of text columns.

Files can be large — a county's pension list runs to millions of rows — so a CSV is never read row by
row in Python: its encoding is told from a sample, a GBK file is converted to UTF-8 in chunks, and Polars
reads it in one go with every column as text. The header is the first of the first ten rows that names a
person (a title line above it is allowed); each data row keeps the number a spreadsheet shows for it
(the header's row + 1 onwards; blank rows keep their numbers and are dropped).
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from apps.core.sheets import UNKNOWN_ENCODING, Cells, SheetRefused, cell_text, sheet_kind, xlsx_cells
from apps.core.uploads import LIST, unpacked_check
from apps.registry.services.import_read import ImportIssue, issues_by_column
from policy.crosscheck import FIELDS, SourceDef, header_norm
from policy.errors import ValidationFailed

ROW = "_row"  # the spreadsheet's row number of each data row
SAMPLE = 1 << 20
HEADER_SEARCH = 10
CHUNK = 1 << 24


class BatchRejected(ValidationFailed):
    """The file has errors, so nothing was kept; ``issues`` lists them in row order (at most
    :data:`apps.crosscheck.services.validate.MAX_ISSUES`), ``total`` counts them all and ``by_column``
    counts them all by column."""

    def __init__(
        self, issues: list[ImportIssue], total: int | None = None, by_column: dict[str, int] | None = None
    ) -> None:
        self.issues = sorted(issues, key=lambda i: i.row)  # stable: a row keeps its columns in order
        self.total = len(issues) if total is None else total
        self.by_column = issues_by_column(self.issues) if by_column is None else by_column
        whole_file = self.total == 1 and not self.issues[0].column
        message = (
            self.issues[0].reason
            if whole_file
            else f"发现{self.total}处错误，未导入任何数据，请改正后重新导入"
        )
        super().__init__({"": [message]})


def rejected(reason: str, *, row: int = 1, column: str = "", value: str = "") -> BatchRejected:
    return BatchRejected([ImportIssue(row=row, column=column, value=value, reason=reason)])


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample cut in the middle of a character is still UTF-8.
        return exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


@contextmanager
def utf8_csv(path: Path) -> Iterator[Path]:
    """``path`` itself when it is UTF-8 (with or without a BOM), else a UTF-8 copy of a GBK (GB18030) file,
    removed afterwards. Excel on Chinese Windows saves CSV as GBK."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE)
    if _is_utf8(sample):
        yield path
        return
    decoder = codecs.getincrementaldecoder("gb18030")()
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as out, path.open("rb") as handle:
        target = Path(out.name)
        try:
            while chunk := handle.read(CHUNK):
                out.write(decoder.decode(chunk).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError:
            target.unlink(missing_ok=True)
            raise rejected(UNKNOWN_ENCODING) from None
    try:
        yield target
    finally:
        target.unlink(missing_ok=True)


def _looks_like_header(cells: list[str], names: set[str]) -> bool:
    return any(header_norm(c) in names for c in cells if c)


def _name_words(source: SourceDef, saved: dict[str, str]) -> set[str]:
    words = {header_norm(w) for w in source.field_headers("name")}
    words |= {header_norm(w) for w in (saved.get("name", ""), saved.get("id_number", "")) if w}
    return words | {header_norm(w) for w in FIELDS["id_number"].headers}


@dataclass(frozen=True)
class Table:
    """A file read: its headers (as written), the header's row number, and the rows as text columns plus
    :data:`ROW`; blank rows are already dropped."""

    headers: list[str]
    header_row: int
    frame: pl.DataFrame


def _header_index(lines: Iterable[list[str]], words: set[str]) -> tuple[int, list[str]]:
    for index, cells in enumerate(lines):
        if index >= HEADER_SEARCH:
            break
        cells = [c.replace("\ufeff", "").strip() for c in cells]
        if _looks_like_header(cells, words):
            return index, cells
    raise rejected("没有找到表头：前10行中应有一行列名，其中包含“姓名”或“公民身份号码”等列")


def _headers_check(headers: list[str], header_row: int) -> None:
    issues = []
    seen: set[str] = set()
    for index, text in enumerate(headers, start=1):
        if not text:
            continue
        if text in seen:
            issues.append(ImportIssue(header_row, text, text, "列名重复，请删除或改名多余的一列"))
        seen.add(text)
        if index > 200:
            break
    if issues:
        raise BatchRejected(issues)


def _csv_read(path: Path, words: set[str], *, limit: int | None) -> Table:
    with utf8_csv(path) as utf8:
        with utf8.open(encoding="utf-8-sig", newline="") as handle:
            head = list(csv.reader(io.StringIO(handle.read(SAMPLE)), strict=False))[:HEADER_SEARCH]
        index, headers = _header_index(head, words)
        _headers_check(headers, index + 1)
        names = [h or f"第{i}列" for i, h in enumerate(headers, start=1)]
        try:
            frame = pl.read_csv(
                utf8,
                # The header line sets the width: a longer row is cut to it (its surplus cells land in
                # no mapped column), a shorter one is padded with nulls.
                skip_rows=index,
                has_header=True,
                new_columns=names,
                infer_schema=False,
                n_rows=limit,
                truncate_ragged_lines=True,
                quote_char='"',
                encoding="utf8",
            )
        except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
            raise rejected(f"CSV文件无法读取：{str(exc).splitlines()[0][:120]}") from None
    frame = frame.with_row_index(ROW, offset=index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    return Table(headers=headers, header_row=index + 1, frame=_drop_blank(frame, names))


def _drop_blank(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    if not names:
        return frame
    stripped = [pl.col(n).str.strip_chars() for n in names]
    return frame.with_columns([s.alias(n) for s, n in zip(stripped, names, strict=True)]).filter(
        pl.any_horizontal([pl.col(n).is_not_null() & (pl.col(n) != "") for n in names])
    )


def _xlsx_read(path: Path, file_name: str, words: set[str], *, limit: int | None) -> Table:
    try:
        unpacked_check(path, name=file_name, limit=LIST)  # a small ZIP must not unpack into gigabytes
        with closing(xlsx_cells(path)) as rows:
            return _xlsx_table(rows, words, limit=limit)
    except BatchRejected:
        raise
    except ValidationFailed as exc:  # SheetRefused, or too big unpacked
        raise rejected(exc.message) from None


def _xlsx_table(rows: Cells, words: set[str], *, limit: int | None) -> Table:
    head: list[list[str]] = []
    for _, cells in rows:
        head.append([cell_text(v) for v in cells])
        if len(head) >= HEADER_SEARCH or _looks_like_header(head[-1], words):
            break
    index, headers = _header_index(head, words)
    _headers_check(headers, index + 1)
    names = [h or f"第{i}列" for i, h in enumerate(headers, start=1)]
    columns: list[list[str | None]] = [[] for _ in names]
    numbers: list[int] = []
    for number, cells in rows:  # numbered on from the header's row
        texts = [cell_text(v) for v in cells[: len(names)]]
        if not any(texts):
            continue
        numbers.append(number)
        for column, text in zip(columns, texts + [""] * (len(names) - len(texts)), strict=True):
            column.append(text or None)
        if limit is not None and len(numbers) >= limit:
            break
    data: dict[str, list[object]] = {ROW: list(numbers)}
    data.update({n: list(c) for n, c in zip(names, columns, strict=True)})
    schema = {ROW: pl.Int64, **dict.fromkeys(names, pl.String)}
    return Table(headers=headers, header_row=index + 1, frame=pl.DataFrame(data, schema=schema))


def table_read(
    *, path: Path, file_name: str, source: SourceDef, saved: dict[str, str], limit: int | None = None
) -> Table:
    """The file at ``path`` (named ``file_name`` by its sender) as text columns; ``limit`` reads only the
    first rows (a preview). Raises :class:`BatchRejected` for a file that cannot be read at all."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    if not magic:
        raise rejected("文件是空的")
    words = _name_words(source, saved)
    try:
        kind = sheet_kind(magic)
    except SheetRefused as exc:  # an old .xls: the file itself is wrong, so the issue names it
        raise rejected(exc.message, value=file_name) from None
    if kind == "xlsx":
        return _xlsx_read(path, file_name, words, limit=limit)
    return _csv_read(path, words, limit=limit)


__all__ = [
    "ROW",
    "BatchRejected",
    "ImportIssue",
    "Table",
    "rejected",
    "table_read",
    "utf8_csv",
]
