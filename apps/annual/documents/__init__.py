"""The appendix as files: a Word document (python-docx: title, the ready sentences, each table as a real
Word table, the charts as PNG from :mod:`~apps.annual.documents.charts`) and a workbook (openpyxl: a sheet
per table, numbers as numbers, native Excel charts). Both print
:func:`apps.annual.documents.tables.appendix_tables`, so they say what the page says.
"""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from apps.annual.documents import charts
from apps.annual.documents.tables import Table, appendix_tables, cell_text
from apps.annual.selectors import AppendixView
from apps.core.docx import paragraph_add, run_font
from apps.core.exports import xlsx_put

TITLE_FONT, HEADING_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"


def title_of(view: AppendixView) -> str:
    return f"{view.area.name}{view.appendix.year}年度工作总结数据附录"


def source_line(view: AppendixView) -> str:
    a, fresh = view.appendix, view.freshness
    made = f"{fresh.refreshed_at:%Y-%m-%d %H:%M}" if fresh.refreshed_at else "尚未统计"
    stale = "（统计后数据有变化，请重新统计后再生成）" if fresh.stale else ""
    return (
        f"数据截至{a.year}年{a.through.month}月；统计时间{made}{stale}。"
        "全部数字由系统根据在保对象、变更记录、发放明细、临时救助审批、地方标准和数据比对线索自动计算。"
    )


# ---------------------------------------------------------------- Word


def _word_table(doc: object, table: Table) -> None:
    out = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))  # type: ignore[attr-defined]
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, title in enumerate(table.headers):
        cell = out.cell(0, col)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(cell.paragraphs[0].add_run(title), TABLE_FONT, 9, True)
    for r, row in enumerate(table.rows, start=1):
        last = table.total and r == len(table.rows)
        for col, value in enumerate(row):
            paragraph = out.cell(r, col).paragraphs[0]
            if isinstance(value, int | Decimal):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run_font(paragraph.add_run(cell_text(value)), TABLE_FONT, 9, last)
    if not table.rows:
        paragraph_add(doc, "（本期无数据）", BODY_FONT, 10)


CHART_AFTER = {
    "cases": charts.persons_chart,
    "months": charts.months_chart,
    "standards": charts.standards_chart,
}


def docx_bytes(view: AppendixView) -> bytes:
    """The appendix as a DOCX file."""
    doc = new_document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    doc.core_properties.title = title_of(view)
    doc.core_properties.subject = "年度工作总结数据附录"
    paragraph_add(doc, title_of(view), TITLE_FONT, 20, center=True)
    paragraph_add(doc, source_line(view), BODY_FONT, 10)
    paragraph_add(doc, "可直接引用的表述", HEADING_FONT, 14)
    for number, sentence in enumerate(view.sentences, start=1):
        paragraph_add(doc, f"{number}. {sentence.text}", BODY_FONT, 12, indent=True)
    if not view.sentences:
        paragraph_add(doc, "本期没有可统计的数据。", BODY_FONT, 12, indent=True)
    for table in appendix_tables(view):
        paragraph_add(doc, table.title, HEADING_FONT, 13)
        _word_table(doc, table)
        if table.note:
            paragraph_add(doc, "注：" + table.note, BODY_FONT, 9)
        draw = CHART_AFTER.get(table.key)
        png = draw(view) if draw else None
        if png:
            doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Excel

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DDE7F5")
SHEET_NAMES = {
    "cases": "在保对象",
    "money": "资金支出",
    "months": "各月支出",
    "grants": "临时救助",
    "standards": "保障标准",
    "leads": "数据比对",
}


def _sheet(ws: Worksheet, table: Table) -> int:
    """Write the table from row 3 (title in row 1); returns the last row written."""
    xlsx_put(ws, row=1, column=1, value=table.title).font = Font(bold=True, size=13)
    for col, title in enumerate(table.headers, start=1):
        cell = xlsx_put(ws, row=3, column=col, value=title)
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = 26 if col == 1 else 14
    row = 3
    for row, values in enumerate(table.rows, start=4):
        for col, value in enumerate(values, start=1):
            cell = xlsx_put(ws, row=row, column=col, value=value)
            cell.border = BOX
            if table.total and row == 3 + len(table.rows):
                cell.font = Font(bold=True)
    if table.note:
        xlsx_put(ws, row=row + 2, column=1, value="注：" + table.note)
    ws.freeze_panes = "A4"
    return row


def _bar(
    ws: Worksheet,
    *,
    title: str,
    unit: str,
    cols: tuple[int, int],
    rows: int,
    at: str,
    horizontal: bool = False,
    labels: int = 1,
) -> None:
    """A native bar chart of columns ``cols`` (header in row 3) over ``rows`` rows, labelled by ``labels``."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title, chart.y_axis.title = title, unit
    data = Reference(ws, min_col=cols[0], max_col=cols[1], min_row=3, max_row=3 + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=labels, min_row=4, max_row=3 + rows))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, at)


def _cases_chart(ws: Worksheet, view: AppendixView, at: str) -> None:
    """The chart's own two columns (L:M), "最低生活保障（城市）" and its persons, so each bar is named."""
    xlsx_put(ws, row=2, column=12, value="图表数据")
    xlsx_put(ws, row=3, column=12, value="项目")
    xlsx_put(ws, row=3, column=13, value="在保人数")
    for row, line in enumerate(view.appendix.cases, start=4):
        xlsx_put(ws, row=row, column=12, value=f"{line.label}（{line.area_label}）")
        xlsx_put(ws, row=row, column=13, value=line.persons)
    ws.column_dimensions["L"].width = 30
    _bar(ws, title="在保人数", unit="人", cols=(13, 13), rows=len(view.appendix.cases), at=at, labels=12)


def xlsx_bytes(view: AppendixView) -> bytes:
    """The appendix as an XLSX workbook: the sentences, then a sheet per table, with native charts."""
    book = Workbook()
    first = book.active
    first.title = "表述"
    # The title begins with the area's stored name: every cell goes through apps.core.exports.
    xlsx_put(first, row=1, column=1, value=title_of(view)).font = Font(bold=True, size=14)
    xlsx_put(first, row=2, column=1, value=source_line(view))
    first.column_dimensions["A"].width = 14
    first.column_dimensions["B"].width = 120
    for row, sentence in enumerate(view.sentences, start=4):
        xlsx_put(first, row=row, column=1, value=sentence.topic).font = Font(bold=True)
        xlsx_put(first, row=row, column=2, value=sentence.text).alignment = Alignment(wrap_text=True)
    for table in appendix_tables(view):
        ws = book.create_sheet(SHEET_NAMES[table.key])
        last = _sheet(ws, table)
        body = len(table.rows) - (1 if table.total else 0)  # the 合计 row is not charted
        if body <= 0:
            continue
        if table.key == "cases":
            _cases_chart(ws, view, at=f"A{last + 4}")
        elif table.key == "months":
            _bar(ws, title="各月救助资金支出", unit="万元", cols=(2, 3), rows=body, at="F3")
        elif table.key == "standards":
            _bar(
                ws,
                title="保障标准与上年比较",
                unit="元/人·月",
                cols=(3, 4),
                rows=body,
                at=f"A{last + 4}",
                horizontal=True,
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
