"""The one place every spreadsheet is written through: text that a spreadsheet program would run as a
formula comes out as the text that was stored, never as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.exports import (
    csv_row,
    csv_safe,
    csv_writer,
    is_formula_like,
    xlsx_append,
    xlsx_formula,
    xlsx_formulas,
    xlsx_put,
)

# One per lead character a spreadsheet program takes as the start of a formula.
FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]
NOT_TEXT = [0, -1, -12.5, Decimal("-680.50"), Decimal("0.00"), date(2024, 1, 31), datetime(2024, 1, 31, 8, 0)]
PLAIN = ["张三", "1+1", " =1", "a=b", "", "'=already quoted"]


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(write_only: bool):
    book = Workbook(write_only=write_only)
    return book, (book.create_sheet("表") if write_only else book.active)


def _cells(content: bytes) -> list:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows())


@pytest.mark.parametrize("text", FORMULAS)
def test_each_lead_character_is_formula_like(text):
    assert is_formula_like(text)


@pytest.mark.parametrize("value", NOT_TEXT + PLAIN + [None])
def test_numbers_dates_and_ordinary_text_are_not_formula_like(value):
    assert not is_formula_like(value)


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_appended_formula_like_text_reads_back_as_that_text_in_a_quote_prefixed_text_cell(write_only):
    # given
    book, ws = _sheet(write_only)

    # when
    xlsx_append(ws, FORMULAS)
    content = _saved(book)

    # then
    assert xlsx_formulas(content) == []
    row = _cells(content)[0]
    assert [c.value for c in row] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in row)


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_numbers_decimals_dates_and_ordinary_text_pass_unchanged(write_only):
    book, ws = _sheet(write_only)

    xlsx_append(ws, NOT_TEXT + PLAIN)
    row = _cells(_saved(book))[0]

    assert [c.value for c in row[: len(NOT_TEXT)]] == [
        0,
        -1,
        -12.5,
        -680.5,
        0,
        datetime(2024, 1, 31),
        NOT_TEXT[-1],
    ]
    assert [c.data_type for c in row[:5]] == ["n"] * 5  # a negative amount stays a number
    assert [c.value for c in row[len(NOT_TEXT) :]] == [v or None for v in PLAIN]
    assert not any(c.quotePrefix for c in row)


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
def test_a_styled_cell_the_writer_built_is_made_safe_too(write_only):
    book, ws = _sheet(write_only)
    cell = WriteOnlyCell(ws, value="=1+1")
    cell.font = Font(bold=True)

    xlsx_append(ws, [cell])
    content = _saved(book)

    assert xlsx_formulas(content) == []
    (read,) = _cells(content)[0]
    assert (read.value, read.quotePrefix, read.font.b) == ("=1+1", True, True)


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_put_by_position_keeps_formula_like_text_as_text(text):
    book = Workbook()
    ws = book.active

    xlsx_put(ws, row=2, column=3, value=text).font = Font(bold=True)
    xlsx_put(ws, row=3, column=3, value=Decimal("-5.00"))
    content = _saved(book)

    assert xlsx_formulas(content) == []
    read = load_workbook(io.BytesIO(content)).active
    assert (read["C2"].value, read["C2"].data_type, read["C2"].quotePrefix) == (text, "s", True)
    assert (read["C3"].value, read["C3"].data_type) == (-5, "n")


def test_without_the_neutraliser_openpyxl_would_write_a_live_formula():
    # What the tests of every export guard against: a plain append of stored text.
    book = Workbook()
    book.active.append(['=HYPERLINK("http://evil","x")'])

    assert xlsx_formulas(_saved(book)) == ['Sheet!A1: =HYPERLINK("http://evil","x")']


def test_a_deliberate_formula_is_written_only_through_xlsx_formula():
    book = Workbook()
    ws = book.active
    ws.append([1, 2])

    xlsx_formula(ws, row=1, column=3, formula="SUM(A1:B1)")

    assert xlsx_formulas(_saved(book)) == ["Sheet!C1: =SUM(A1:B1)"]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_gets_a_quote_in_front_of_formula_like_text_and_the_rest_is_the_stored_text(text):
    out = io.StringIO(newline="")

    csv_writer(out).writerows([["姓名", "住址"], ["张三", text]])

    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == ["姓名", "住址"]
    assert rows[1][0] == "张三"
    assert rows[1][1] == "'" + text


def test_csv_leaves_numbers_dates_and_ordinary_text_alone():
    values = [*NOT_TEXT, *PLAIN]

    assert csv_row(values) == values
    assert csv_safe(Decimal("-1")) == Decimal("-1")
    assert csv_safe("-1") == "'-1"  # text is text: a string that looks negative is quoted, as OWASP asks


def test_the_csv_writer_passes_its_dialect_options_on():
    out = io.StringIO(newline="")

    csv_writer(out, lineterminator="\r\n", delimiter=";").writerow(["a", "=b"])

    assert out.getvalue() == "a;'=b\r\n"
