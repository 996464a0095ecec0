"""``minzheng report monthly --county 421303 --month 2026-10 [--out FILE] [--user U]``: the 民政统计 monthly
table (社会救助) of a county, printed, and with ``--out`` written as the XLSX workbook the page exports
(the table, the detail by programme, the breakdown by township and the 12-month trend).

The figures are those of the last refresh (``minzheng stats refresh``); the command says when that was
and whether the data has changed since. ``--user`` reads as that user (their area limits what they see).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from apps.core.cli import county_arg, month_arg, reader_for
from apps.statistics.documents.xlsx import statistics_workbook
from apps.statistics.selectors import breakdown, monthly_figures, trend
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = "民政统计月报：打印一个县（区）某月的社会救助统计表，并可导出Excel"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县（区）区划代码（6或12位）")
        parser.add_argument("--month", required=True, help="统计月份 YYYY-MM")
        parser.add_argument("--out", default="", help="导出的 XLSX 文件")
        parser.add_argument("--user", default="", help="以该用户身份读取（默认命令行）")

    def handle(self, *args: Any, county: str, month: str, out: str, user: str, **options: Any) -> None:
        code, when = county_arg(county), month_arg(month)
        actor = reader_for(username=user, area=code)
        try:
            figures = monthly_figures(actor=actor, area_code=code, month=when)
            content = (
                statistics_workbook(
                    figures=figures,
                    areas=breakdown(actor=actor, area_code=code, month=when),
                    trend=trend(actor=actor, area_code=code, until=when),
                )
                if out
                else b""
            )
        except MinzhengError as exc:
            raise CommandError(exc.message or "无权查看该县（区）的统计") from None
        console = Console(file=self.stdout, highlight=False, width=120)  # type: ignore[arg-type]
        table = Table(title=f"民政统计月报（社会救助）· {figures.area.name} · {when:%Y年%m月}")
        for title, justify in [("指标名称", "left"), ("单位", "left"), ("代码", "left"), ("数量", "right")]:
            table.add_column(title, justify=justify)  # type: ignore[arg-type]
        table.add_column("上期", justify="right")
        table.add_column("环比(%)", justify="right")
        for line in figures.table:
            ind = line.indicator
            rate = "—" if line.rate is None else str(line.rate)
            table.add_row(
                "　" * ind.indent + ind.label,
                ind.unit.value,
                ind.code,
                f"{line.value:,}",
                f"{line.previous:,}",
                rate,
            )
        console.print(table)
        fresh = figures.freshness
        when_done = f"{fresh.refreshed_at:%Y-%m-%d %H:%M}" if fresh.refreshed_at else "尚未统计"
        console.print(f"统计时间：{when_done}（{fresh.label}）")
        if fresh.refreshed_at is None or fresh.stale:
            console.print("提示：先运行 minzheng stats refresh 重新统计")
        if out:
            Path(out).write_bytes(content)
            console.print(f"已导出：{out}")
