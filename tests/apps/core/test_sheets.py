"""Reading an uploaded spreadsheet: XLSX or CSV told by its bytes, UTF-8 or GBK, rows as cells."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from apps.core.sheets import SheetRefused, cell_text, sheet_cells, sheet_kind


def _xlsx(**sheets: list[list[object]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_is_read_in_utf8_with_or_without_a_bom_or_in_gbk(encoding):
    content = "姓名,金额\n张三,680.5\n".encode(encoding)

    assert [(n, list(cells)) for n, cells in sheet_cells(content)] == [
        (1, ["姓名", "金额"]),
        (2, ["张三", "680.5"]),
    ]


def test_a_csv_in_neither_encoding_is_refused_in_chinese():
    with pytest.raises(SheetRefused, match="编码无法识别"):
        list(sheet_cells(b"\xff\xfe\x00\xd8\x00"))


def test_an_old_xls_is_refused_before_anything_is_read():
    with pytest.raises(SheetRefused, match="Excel 97-2003"):
        sheet_kind(b"\xd0\xcf\x11\xe0rest of the file")
    assert sheet_kind(b"PK\x03\x04") == "xlsx" and sheet_kind(b"a,b") == "csv"


def test_a_workbook_is_read_from_the_named_sheet_or_the_first():
    content = _xlsx(说明=[["请按模板填写"]], 家庭成员=[["姓名"], ["李四"]])

    assert list(sheet_cells(content, sheet="家庭成员")) == [(1, ("姓名",)), (2, ("李四",))]
    assert list(sheet_cells(content, sheet="地方标准", or_first=True)) == [(1, ("请按模板填写",))]
    with pytest.raises(SheetRefused, match="没有名为“地方标准”的工作表"):
        list(sheet_cells(content, sheet="地方标准"))


def test_a_zip_that_is_no_workbook_is_refused():
    with pytest.raises(SheetRefused, match="无法作为Excel工作簿打开"):
        list(sheet_cells(b"PK\x03\x04broken"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (42.0, "42"),
        (4213031990.5, "4213031990.5"),
        (4.21303199001011e17, "4.21303199001011e+17"),  # a mangled ID number stays visibly wrong
        (datetime(2025, 3, 1, 8, 30), "2025-03-01"),
        (date(2025, 3, 1), "2025-03-01"),
        (True, "是"),
        ("\u3000张三 ", "张三"),
    ],
)
def test_a_cell_reads_as_the_text_a_person_sees(value, text):
    assert cell_text(value) == text
