"""The report as a Word document in the official layout: the title, the six sections, and tables 二, 三 and
四 as real Word tables whose header cells are merged as in the template (python-docx).

Fonts follow the usual 公文 habit — 方正小标宋简体 for the title, 黑体 for section headings, 仿宋_GB2312 for
the text, 宋体 in tables — named for East Asian text so Word picks them (or its substitute) on any PC.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table as DocxTable

from apps.core.docx import paragraph_add, run_font
from apps.disclosure.documents import Document
from policy.disclosure import Entry, Label, LabelStyle, Table

TITLE_FONT, HEADING_FONT, BODY_FONT, TABLE_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312", "宋体"
PAGE_WIDTH_CM = 15.6  # A4 less 2.7 cm margins each side
# Label columns get more room than figure columns; the rest of the width is shared by the figures.
LABEL_SHARE = {"t2": (4.6,), "t3": (1.6, 2.2, 3.4), "t4": ()}


def _repeat_header(row: object) -> None:
    props = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    props.append(mark)


def _widths(table: Table) -> list[float]:
    labels = LABEL_SHARE[table.key]
    figures = table.width - len(labels)
    each = (PAGE_WIDTH_CM - sum(labels)) / figures
    return [*labels, *([each] * figures)]


def _write_table(doc: object, table: Table, values: dict[str, str]) -> DocxTable:
    size = 10.5 if table.key == "t2" else 8
    out: DocxTable = doc.add_table(rows=len(table.rows), cols=table.width)  # type: ignore[attr-defined]
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    widths = _widths(table)
    for row in out.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths[i])
    for placed in table.placed():
        cell = placed.cell
        target = out.cell(placed.row, placed.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(out.cell(placed.row + cell.rowspan - 1, placed.col + cell.colspan - 1))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        if isinstance(cell, Label):
            text, bold = cell.text, cell.style == LabelStyle.HEAD
            if cell.style != LabelStyle.ROW:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(cell, Entry):
            text, bold = values.get(cell.key, ""), False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run_font(paragraph.add_run(text), TABLE_FONT, size, bold)
    for r in range(table.header_rows):
        _repeat_header(out.rows[r])
    return out


def docx_bytes(document: Document) -> bytes:
    """The whole report as a DOCX file."""
    doc = new_document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(3.0)
    section.left_margin = section.right_margin = Cm(2.7)
    doc.core_properties.title = document.title
    doc.core_properties.subject = f"政府信息公开工作年度报告（{document.template.basis}）"
    paragraph_add(doc, document.title, TITLE_FONT, 22, center=True, line_spacing=1.6)
    for part in document.template.sections:
        paragraph_add(doc, part.heading, HEADING_FONT, 16, line_spacing=1.6)
        if part.table is not None:
            _write_table(doc, part.table, document.values)
        for text in document.paragraphs(part.text_key) if part.text_key else []:
            paragraph_add(doc, text, BODY_FONT, 16, indent=True, line_spacing=1.6)
    paragraph_add(doc, document.organ, BODY_FONT, 16, line_spacing=1.6).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
