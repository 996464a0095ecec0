"""Tables 二, 三 and 四 as an XLSX workbook in the official layout, and reading one back.

The same workbook serves as the export of the tables and as the template to fill offline: one sheet per
table, merged header cells as printed, the figures as numbers. :func:`xlsx_read` takes a filled workbook
back all or nothing: it checks that the sheets and the printed labels are those of the year's template
(so a shifted row cannot put figures in the wrong cells) and names every unreadable cell by table, row,
column and spreadsheet address.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.core.exports import xlsx_put
from apps.core.sheets import SheetRefused, workbook_open
from apps.disclosure.documents import Document
from policy.disclosure import CellKind, Entry, Label, LabelStyle, Table, Template, value_parse
from policy.errors import ValidationFailed

TABLE_TOP = 4  # the first row of a table on its sheet: title, organ and a blank line come first
MARK = "minzheng-disclosure"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EEF2F7")
ENTRY_FILL = PatternFill("solid", fgColor="FFFDE7")


def _sheet_name(template: Template, table: Table) -> str:
    return table.number


def _heading(template: Template, table: Table) -> str:
    section = next(s for s in template.sections if s.table is table)
    return f"{table.number}　{section.heading}"


def _number(kind: CellKind, text: str) -> Any:
    if text in ("", None):
        return 0
    try:
        return Decimal(text) if kind == CellKind.MONEY else int(text)
    except (ArithmeticError, ValueError):
        return text  # a draft's unreadable figure is exported as typed


def _write_sheet(ws: Worksheet, document: Document, table: Table) -> None:
    template = document.template
    # The organ's name and a draft's figures are typed by people: every cell goes through
    # apps.core.exports, so text that begins with "=" stays text.
    xlsx_put(ws, row=1, column=1, value=_heading(template, table)).font = Font(bold=True, size=14)
    heading = f"{document.organ}　{document.year}年度　{template.name}（{template.basis}）"
    xlsx_put(ws, row=2, column=1, value=heading)
    specs = {spec.key: spec for spec in table.specs}
    for placed in table.placed():
        cell = placed.cell
        row, col = TABLE_TOP + placed.row, 1 + placed.col
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row + dr, col + dc).border = BOX
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
        if isinstance(cell, Label):
            target = xlsx_put(ws, row=row, column=col, value=cell.text)
            target.alignment = Alignment(
                wrap_text=True,
                vertical="center",
                horizontal="left" if cell.style == LabelStyle.ROW else "center",
            )
            if cell.style == LabelStyle.HEAD:
                target.font = Font(bold=True)
                target.fill = HEAD_FILL
        elif isinstance(cell, Entry):
            spec = specs[cell.key]
            target = xlsx_put(
                ws, row=row, column=col, value=_number(spec.kind, document.values.get(cell.key, ""))
            )
            target.number_format = "0.00" if spec.kind == CellKind.MONEY else "0"
            target.alignment = Alignment(horizontal="center", vertical="center")
            target.fill = ENTRY_FILL
    label_cols = {"t2": 1, "t3": 3, "t4": 0}[table.key]
    for c in range(1, table.width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 26 if c <= label_cols else 12
    if table.key == "t3":
        ws.column_dimensions["A"].width = 10
        ws.column_dimensions["B"].width = 14
    ws.freeze_panes = f"{get_column_letter(1 + label_cols)}{TABLE_TOP + table.header_rows}"


def xlsx_bytes(document: Document) -> bytes:
    """The workbook of the report's tables (also the template to fill: yellow cells are the figures)."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in document.template.tables:
        _write_sheet(wb.create_sheet(_sheet_name(document.template, table)), document, table)
    wb.properties.title = f"{document.title}（表格）"
    wb.properties.keywords = f"{MARK} template={document.template.code} year={document.year}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    """A spreadsheet value as the text a person typed; numbers keep at most 15 significant digits, as the
    spreadsheet shows them, so a binary fraction such as 0.30000000000000004 reads as 0.3."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        raise TypeError("date")
    return str(value).strip()


def _template_of(wb: Any) -> str:
    keywords = str(wb.properties.keywords or "")
    if MARK not in keywords:
        return ""
    return next((w.split("=", 1)[1] for w in keywords.split() if w.startswith("template=")), "")


def xlsx_read(template: Template, year: int, content: bytes) -> dict[str, str]:
    """The figures of a filled workbook as text by cell key, or one ValidationFailed naming every problem."""
    try:
        wb = workbook_open(content, read_only=False)  # read cell by cell, by sheet name
    except SheetRefused:
        raise ValidationFailed.on("file", "无法读取上传的文件：请上传本系统下载的 XLSX 模板") from None
    marked = _template_of(wb)
    if marked and marked != template.code:
        raise ValidationFailed.on(
            "file",
            f"上传的是{marked}年版格式的表格，{year}年度应使用{template.name}（{template.basis}），请重新下载模板",
        )
    errors: dict[str, list[str]] = {}
    cells: dict[str, str] = {}
    for table in template.tables:
        name = _sheet_name(template, table)
        if name not in wb.sheetnames:
            errors.setdefault("file", []).append(f"缺少工作表“{name}”：请使用本系统下载的模板")
            continue
        _read_sheet(wb[name], table, errors, cells)
    if errors:
        count = sum(len(r) for r in errors.values())
        raise ValidationFailed(errors, f"上传的表格有{count}处问题，未导入任何数据")
    return cells


def _read_sheet(ws: Worksheet, table: Table, errors: dict[str, list[str]], cells: dict[str, str]) -> None:
    specs = {spec.key: spec for spec in table.specs}
    for placed in table.placed():
        cell = placed.cell
        target = ws.cell(TABLE_TOP + placed.row, 1 + placed.col)
        where = f"{table.number}（单元格{target.coordinate}）"
        if isinstance(cell, Label):
            found = _text(target.value) if not isinstance(target.value, dt.date) else ""
            if found.replace("\n", "") != cell.text:
                errors.setdefault("file", []).append(
                    f"{where}应为“{cell.text}”，实为“{found}”：请使用本系统下载的模板，不要增删或移动行列"
                )
            continue
        spec = specs[cell.key]
        try:
            raw = _text(target.value)
        except TypeError:
            errors.setdefault(cell.key, []).append(
                f"{spec.full_name}（单元格{target.coordinate}）：应为{spec.hint}，不是日期"
            )
            continue
        try:
            value_parse(spec, raw)
        except ValidationFailed as exc:
            errors.setdefault(cell.key, []).append(
                exc.message.replace(spec.full_name, f"{spec.full_name}（单元格{target.coordinate}）", 1)
            )
            continue
        cells[cell.key] = raw
