"""Reading a spreadsheet a person uploads: XLSX told from CSV by its first bytes, a CSV decoded as UTF-8
(with or without a BOM) or GBK, and the rows read as cells, then as the text a person sees in them.

Every import reads through here (the registry's and the standards' templates, the bank's return files,
other departments' lists, the 政府信息公开 workbook), so each refuses the same files with the same words.
What a row means (the header, the columns) stays with each import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from openpyxl import Workbook, load_workbook

from policy.errors import ValidationFailed

XLSX_MAGIC = b"PK\x03\x04"  # a ZIP container, as every .xlsx is
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE2 compound file: Excel 97-2003
UNKNOWN_ENCODING = "CSV文件的编码无法识别，请保存为UTF-8或GBK编码"

Cells = Iterator[tuple[int, Sequence[object]]]  # (row number as the spreadsheet shows it, the cells)


class SheetRefused(ValidationFailed):
    """The file as a whole cannot be read; the message says why in Chinese. Each import turns it into its
    own refusal (with the row, if it lists problems by row)."""

    def __init__(self, reason: str) -> None:
        super().__init__({"file": [reason]})


def sheet_kind(head: bytes) -> Literal["xlsx", "csv"]:
    """What the file's first bytes say it is; anything that is not a workbook is read as CSV. An old
    .xls is refused: openpyxl cannot read it, and people mistake it for the template."""
    if head[:4] == XLSX_MAGIC:
        return "xlsx"
    if head[:4] == XLS_MAGIC:
        raise SheetRefused("不支持Excel 97-2003（.xls）格式，请在Excel中“另存为”.xlsx后再导入")
    return "csv"


def csv_decode(content: bytes) -> str:
    """The text of a CSV file. Excel on Chinese Windows saves CSV as GBK; everything else uses UTF-8,
    often with a BOM. GB18030 reads every GBK file (and more)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("gb18030")
        except UnicodeDecodeError:
            raise SheetRefused(UNKNOWN_ENCODING) from None


def csv_cells(content: bytes) -> Cells:
    """The rows of a CSV file, numbered from 1."""
    reader = csv.reader(io.StringIO(csv_decode(content), newline=""))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise SheetRefused(f"CSV文件格式有误：{exc}") from None


def workbook_open(source: bytes | Path, *, read_only: bool = True) -> Workbook:
    """An XLSX workbook with the values (not the formulas) of its cells. ``read_only`` streams the rows,
    for files read top to bottom; a workbook read cell by cell needs it off."""
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else source
        return load_workbook(handle, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetRefused("文件无法作为Excel工作簿打开，请确认是.xlsx格式") from exc


def xlsx_cells(source: bytes | Path, *, sheet: str = "", or_first: bool = False) -> Cells:
    """The rows of the worksheet ``sheet`` (the first when ``sheet`` is empty, or, with ``or_first``, when
    the workbook has no such sheet), numbered from 1."""
    book = workbook_open(source)
    try:
        if sheet and sheet not in book.sheetnames and not or_first:
            raise SheetRefused(f"工作簿中没有名为“{sheet}”的工作表")
        chosen = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
        chosen.reset_dimensions()  # some programs record a wrong size; read every row really there
        yield from enumerate(chosen.iter_rows(values_only=True), start=1)
    finally:
        book.close()


def sheet_cells(content: bytes, *, sheet: str = "", or_first: bool = False) -> Cells:
    """The rows of an uploaded XLSX or CSV file, numbered from 1 (a CSV has one sheet, so ``sheet`` is
    for an XLSX only)."""
    if sheet_kind(content) == "xlsx":
        return xlsx_cells(content, sheet=sheet, or_first=or_first)
    return csv_cells(content)


def cell_text(value: object) -> str:
    """A cell as the text a person sees: whole numbers without ``.0``, dates as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        # Above 15 digits a float has already lost digits; keep the scientific form so it is refused.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    return str(value).replace("\u3000", " ").strip()


__all__ = [
    "UNKNOWN_ENCODING",
    "XLSX_MAGIC",
    "XLS_MAGIC",
    "Cells",
    "SheetRefused",
    "cell_text",
    "csv_cells",
    "csv_decode",
    "sheet_cells",
    "sheet_kind",
    "workbook_open",
    "xlsx_cells",
]
