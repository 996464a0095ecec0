"""The 目标管理任务完成情况 report as files: a Word document in the seeds' wording (一、目标推进情况 with
(一)省级 (二)市级 (三)区级民生实事, a numbered line per indicator, then the table and a chart of
完成进度) and a workbook with the same table and a native chart. Both print
:func:`apps.targets.selectors.year_progress`.
"""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from apps.core.docx import paragraph_add, run_font
from apps.core.exports import xlsx_put
from apps.targets.selectors import TargetRow, YearProgress

COLUMNS = ("层级", "序号", "指标名称", "单位", "目标", "实际值", "截至", "完成进度(%)", "状态", "数据来源")
NUMERALS = "一二三四五六七八九十"


def report_title(progress: YearProgress) -> str:
    return f"{progress.county.name}民政局{progress.year}年度目标管理任务完成情况"


def number(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{places}f}" if places else f"{value.quantize(Decimal(1)):f}"
    return text.rstrip("0").rstrip(".") if "." in text and places == 2 else text


def row_cells(row: TargetRow) -> tuple[str, ...]:
    t, p = row.target, row.progress
    return (
        t.get_level_display(),
        str(t.seq),
        t.name,
        t.unit,
        f"{row.direction.symbol}{number(t.target_value)}",
        number(p.actual, row.places),
        f"{p.as_of:%Y-%m-%d}" if p.as_of else "—",
        number(p.completion, 1),
        p.status.label,
        f"系统数据：{row.measure.label}" if row.measure else "人工填报",
    )


def line_text(index: int, row: TargetRow) -> str:
    """One numbered line: 1.城市低保标准：目标≥680元/人·月，截至…实际700元/人·月，完成102.9%，达成。"""
    t, p = row.target, row.progress
    text = f"{index}.{t.name}：目标{row.direction.symbol}{number(t.target_value)}{t.unit}"
    if p.actual is None:
        text += f"，{row.note or '尚无实际值'}"
    else:
        text += f"，截至{p.as_of:%Y年%m月%d日}实际{number(p.actual, row.places)}{t.unit}" if p.as_of else ""
        if p.completion is not None:
            text += f"，完成{number(p.completion, 1)}%"
    text += f"，{p.status.label}。"
    if row.measure is None and t.actual_note:
        text += t.actual_note.rstrip("。") + "。"
    return text


def summary_text(progress: YearProgress) -> str:
    counts = [f"{lv.label}{len(rows)}项" for lv, rows in progress.by_level() if rows]
    status = "、".join(f"{label}{n}项" for label, n in progress.counts().items())
    when = f"截至{progress.as_of:%Y年%m月%d日}" if progress.as_of else "目前"
    return (
        f"{progress.year}年度，{progress.county.name}民政局涉及{'、'.join(counts) or '目标0项'}。"
        f"{when}，{status}。绑定系统数据的指标按当日数据自动计算，其余为人工填报并附佐证材料。"
    )


# ---------------------------------------------------------------- Word

BODY_FONT, BODY_SIZE = "仿宋_GB2312", 14


def _completion_png(progress: YearProgress) -> bytes | None:
    from apps.core.charts import plt  # Agg and the packaged Chinese font are set up there

    rows = [r for r in progress.rows if r.progress.completion is not None]
    if not rows:
        return None
    figure, ax = plt.subplots(figsize=(7.2, 0.42 * len(rows) + 1.2))
    labels = [r.target.name if len(r.target.name) <= 16 else r.target.name[:15] + "…" for r in rows]
    values = [float(r.progress.completion or 0) for r in rows]
    colors = ["#389e0d" if r.progress.status.value == "met" else "#d48806" for r in rows]
    bars = ax.barh(range(len(rows)), values, color=colors)
    ax.bar_label(bars, labels=[f"{v:g}%" for v in values], fontsize=7, padding=2)
    ax.axvline(100, color="#999999", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("完成进度（%）")
    ax.set_title(f"{progress.year}年度目标完成进度", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def report_docx(progress: YearProgress) -> bytes:
    doc = new_document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    doc.core_properties.title = report_title(progress)
    paragraph_add(doc, report_title(progress), "方正小标宋简体", 20, center=True)
    paragraph_add(doc, "一、目标推进情况", "黑体", 16)
    paragraph_add(doc, summary_text(progress), BODY_FONT, BODY_SIZE, indent=True)
    for i, (level, rows) in enumerate(progress.by_level()):
        if not rows:
            continue
        paragraph_add(doc, f"（{NUMERALS[i]}）{level.label}", "楷体_GB2312", 15, bold=True)
        for n, row in enumerate(rows, start=1):
            paragraph_add(doc, line_text(n, row), BODY_FONT, BODY_SIZE, indent=True)
    paragraph_add(doc, "二、指标完成情况明细", "黑体", 16)
    table = doc.add_table(rows=1 + len(progress.rows), cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, title in enumerate(COLUMNS):
        run_font(table.cell(0, c).paragraphs[0].add_run(title), "宋体", 8, True)
    for r, row in enumerate(progress.rows, start=1):
        for c, text in enumerate(row_cells(row)):
            run_font(table.cell(r, c).paragraphs[0].add_run(text), "宋体", 8)
    png = _completion_png(progress)
    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(16))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- Excel


def report_xlsx(progress: YearProgress) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "目标完成情况"
    # Every cell goes through apps.core.exports: a target's name or unit typed as "=…" stays text.
    xlsx_put(ws, row=1, column=1, value=report_title(progress)).font = Font(bold=True, size=14)
    xlsx_put(ws, row=2, column=1, value=summary_text(progress))
    for c, title in enumerate(COLUMNS, start=1):
        cell = xlsx_put(ws, row=4, column=c, value=title)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F5")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = 40 if c == 3 else 13
    for r, row in enumerate(progress.rows, start=5):
        cells: list[object] = list(row_cells(row))
        # numbers as numbers, so the bureau can sort and sum them
        cells[4] = row.target.target_value
        cells[5] = row.progress.actual
        cells[7] = row.progress.completion
        for c, value in enumerate(cells, start=1):
            xlsx_put(ws, row=r, column=c, value=value)
    xlsx_put(ws, row=4, column=11, value="比较方式")
    for r, row in enumerate(progress.rows, start=5):
        xlsx_put(ws, row=r, column=11, value=row.direction.symbol)
    last = 4 + len(progress.rows)
    if progress.rows:
        chart = BarChart()
        chart.type, chart.title, chart.y_axis.title = "bar", "完成进度", "%"
        chart.add_data(Reference(ws, min_col=8, min_row=4, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=3, min_row=5, max_row=last))
        chart.height, chart.width = max(7.5, 0.6 * len(progress.rows)), 18
        ws.add_chart(chart, f"A{last + 3}")
    ws.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
