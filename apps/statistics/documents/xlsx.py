"""The statistics as an XLSX workbook (openpyxl): the 民政统计 monthly table in its layout, the detail by
programme × 城乡, the breakdown by area and the 12-month trend, the last two with native Excel charts.

Numbers are written as numbers (counts as integers, money as yuan to the fen), so the bureau can sum and
chart them in Excel; nothing here computes a figure, it only lays out what the selectors give. Every
cell is put through :func:`apps.core.exports.xlsx_put`, so an area's name that begins with "=" stays text.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from apps.core.exports import xlsx_put
from apps.statistics.selectors import PROGRAM_LABELS, AreaRow, MonthlyFigures, Trend
from policy.money import yuan_from_cents

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill("solid", fgColor="DDE7F5")
BOLD = Font(bold=True)


def _header(ws: Worksheet, row: int, titles: list[str], widths: list[int] | None = None) -> None:
    for col, title in enumerate(titles, start=1):
        cell = xlsx_put(ws, row=row, column=col, value=title)
        cell.font, cell.fill, cell.border = BOLD, HEAD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width


def _row(ws: Worksheet, row: int, values: list[object]) -> None:
    for col, value in enumerate(values, start=1):
        xlsx_put(ws, row=row, column=col, value=value).border = BOX


def _monthly(ws: Worksheet, figures: MonthlyFigures) -> None:
    ws.title = "民政统计月报"
    title = f"民政统计月报（社会救助）· {figures.area.name} · {figures.month:%Y年%m月}"
    xlsx_put(ws, row=1, column=1, value=title).font = Font(bold=True, size=14)
    as_of = figures.freshness.refreshed_at
    xlsx_put(
        ws,
        row=2,
        column=1,
        value="统计时间："
        + (f"{as_of:%Y-%m-%d %H:%M}" if as_of else "尚未统计")
        + "；数据来自在保对象、变更记录和发放明细",
    )
    _header(ws, 4, ["指标名称", "单位", "代码", "数量", "上期", "环比(%)"], [40, 10, 10, 14, 14, 10])
    row, section = 5, ""
    for line in figures.table:
        ind = line.indicator
        if ind.section != section:
            section = ind.section
            xlsx_put(ws, row=row, column=1, value=section).font = BOLD
            row += 1
        _row(
            ws,
            row,
            [
                "　" * (ind.indent + 1) + ind.label,
                ind.unit.value,
                ind.code,
                line.value,
                line.previous,
                line.rate if line.rate is not None else "—",
            ],
        )
        row += 1
    ws.freeze_panes = "A5"


def _programs(ws: Worksheet, figures: MonthlyFigures) -> None:
    titles = [
        "救助项目",
        "城乡",
        "月末户数",
        "月末人数",
        "上月户数",
        "户数环比(%)",
        "当月新增户数",
        "当月退出户数",
    ]
    titles += ["当月实发(元)", "本年累计实发(元)", "临时救助人次", "临时救助累计(元)"]
    _header(ws, 1, titles, [24, 6, 10, 10, 10, 10, 12, 12, 14, 16, 12, 16])
    for i, p in enumerate(figures.programs, start=2):
        rate = p.households_rate
        _row(
            ws,
            i,
            [
                p.label,
                "城市" if p.is_urban else "农村",
                p.households,
                p.persons,
                p.previous_households,
                rate if rate is not None else "—",
                p.new_households,
                p.exit_households,
                yuan_from_cents(p.paid_cents),
                yuan_from_cents(p.paid_cents_ytd),
                p.grants,
                yuan_from_cents(p.grant_cents_ytd),
            ],
        )
    ws.freeze_panes = "A2"


AREA_TITLES = (
    "区划代码",
    "名称",
    "低保户数",
    "低保人数",
    "特困人数",
    "在保户数(全部项目)",
    "在保人数(全部项目)",
)
AREA_TITLES += ("当月实发(元)", "本年累计(元)")


def _areas(ws: Worksheet, rows: tuple[AreaRow, ...]) -> None:
    _header(
        ws,
        1,
        [*AREA_TITLES],
        [14, 20, 10, 10, 10, 14, 14, 14, 14],
    )
    for i, r in enumerate(rows, start=2):
        _row(
            ws,
            i,
            [
                r.code,
                r.name,
                r.households.get("dibao", 0),
                r.persons.get("dibao", 0),
                r.persons.get("tekun", 0),
                r.total_households,
                r.total_persons,
                yuan_from_cents(r.paid_cents),
                yuan_from_cents(r.paid_cents_ytd),
            ],
        )
    if rows:
        chart = BarChart()
        chart.type, chart.title, chart.y_axis.title = "bar", "低保户数（月末）", "户"
        chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=len(rows) + 1))
        chart.height, chart.width = max(7.5, 0.6 * len(rows)), 16
        ws.add_chart(chart, "K2")


def _trend(ws: Worksheet, trend: Trend) -> None:
    programs = list(trend.programs)
    titles = ["月份"] + [f"{PROGRAM_LABELS.get(p, p)}户数" for p in programs]
    titles += [f"{PROGRAM_LABELS.get(p, p)}人数" for p in programs]
    titles += [f"{PROGRAM_LABELS.get(p, p)}支出(元)" for p in programs]
    _header(ws, 1, titles, [10] + [16] * (len(titles) - 1))
    for i, point in enumerate(trend.points, start=2):
        _row(
            ws,
            i,
            [f"{point.month:%Y-%m}"]
            + [point.households.get(p, 0) for p in programs]
            + [point.persons.get(p, 0) for p in programs]
            + [yuan_from_cents(point.paid_cents.get(p, 0)) for p in programs],
        )
    if programs and trend.points:
        chart = LineChart()
        chart.title, chart.y_axis.title = "月末在保户数", "户"
        last = len(trend.points) + 1
        chart.add_data(
            Reference(ws, min_col=2, max_col=1 + len(programs), min_row=1, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
        chart.height, chart.width = 8, 18
        ws.add_chart(chart, f"A{last + 3}")


def statistics_workbook(*, figures: MonthlyFigures, areas: tuple[AreaRow, ...], trend: Trend) -> bytes:
    """Every statistical table of the month as one XLSX file."""
    book = Workbook()
    _monthly(book.active, figures)
    _programs(book.create_sheet("分项目明细"), figures)
    _areas(book.create_sheet("分区域"), areas)
    _trend(book.create_sheet("近12个月趋势"), trend)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
