"""Writing a spreadsheet: every XLSX and CSV the system writes puts its cells through here, so that no
stored text comes out as a formula (CSV or formula injection, OWASP).

Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what a spreadsheet program
reads as the start of a formula. An address, a bank name or an account holder typed into a form, the API,
an import or the portal may begin so, and must reach Excel as the text that was typed:

- in XLSX such text is written as a text cell with Excel's *quote prefix*, so the cell shows exactly what
  was stored, is never evaluated, and stays text when a person edits it in Excel;
- in CSV, which has no cell types, a single quote is put in front (the form Excel itself uses for text
  that looks like a formula); the stored value is not changed.

Numbers, dates and ``Decimal`` amounts are not text and pass unchanged (a negative amount stays a number).
A formula the system means to write (none does today) would be built by the writer with
:func:`xlsx_formula`, so that a deliberate formula is visible in the code.

Two writers stand beside this module and follow the same rule: the payroll's streaming XLSX writer
(apps/payroll/documents/xlsx.py, too fast for openpyxl's cells) gives such text the quote-prefixed twin of
its style, and the bank's CSV payment file, which the bank's system reads as it is, refuses such text
rather than carry the quote (apps/payroll/documents/payment.py). The registry refuses it where it is typed
(apps/registry/validators.py). tests/test_exports_guard.py checks that nothing else writes a cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Text that a spreadsheet program would take as the start of a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_safe(value: object) -> object:
    """One CSV cell: formula-like text gets a leading single quote; anything else is unchanged."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def csv_row(values: Iterable[object]) -> list[object]:
    # csv_safe inlined: a bank file of a million rows puts ten million cells through here.
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_LEADS) else v for v in values]


def csv_writer(out: io.TextIOBase | Any, **kwargs: Any) -> _SafeCsvWriter:
    """A ``csv.writer`` whose rows are made safe before they are written."""
    return _SafeCsvWriter(csv.writer(out, **kwargs))


class _SafeCsvWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def _as_text(cell: Cell | WriteOnlyCell) -> None:
    # openpyxl has already typed a leading "=" as a formula ("f"); a text cell ("s") with Excel's quote
    # prefix is shown as typed and stays text when edited.
    cell.data_type = "s"
    cell.quotePrefix = True


def xlsx_put(ws: Worksheet, *, row: int, column: int, value: object) -> Cell:
    """``ws.cell(row, column, value)`` for a normal worksheet, formula-like text kept as text."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if is_formula_like(value):
        _as_text(cell)
    return cell


def xlsx_row(ws: Worksheet, values: Iterable[object]) -> list[object]:
    """The cells of one row for ``ws.append(...)`` (normal or write-only worksheet): formula-like text
    becomes a text cell; other values pass unchanged. A cell the writer built itself (to style a header,
    say) is made safe too, so styling a cell is no way round the rule."""
    out: list[object] = []
    for value in values:
        if isinstance(value, Cell):
            if is_formula_like(value.value):
                _as_text(value)
            out.append(value)
        elif is_formula_like(value):
            cell = WriteOnlyCell(ws, value=value) if ws.parent.write_only else Cell(ws, value=value)
            _as_text(cell)
            out.append(cell)
        else:
            out.append(value)
    return out


def xlsx_append(ws: Worksheet, values: Iterable[object]) -> None:
    ws.append(xlsx_row(ws, values))


def xlsx_formula(ws: Worksheet, *, row: int, column: int, formula: str) -> Cell:
    """A formula the system means to write (none today): the one way to put one in a cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = formula if formula.startswith("=") else "=" + formula
    return cell


def xlsx_formulas(content: bytes) -> list[str]:
    """Every formula cell in a workbook, as ``Sheet!A1: =…``: what the tests of each export check is
    empty."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=False, data_only=False)
    found: list[str] = []
    for ws in book.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found


__all__ = [
    "FORMULA_LEADS",
    "csv_row",
    "csv_safe",
    "csv_writer",
    "is_formula_like",
    "xlsx_append",
    "xlsx_formula",
    "xlsx_formulas",
    "xlsx_put",
    "xlsx_row",
]
