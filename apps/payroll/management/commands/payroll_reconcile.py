"""``minzheng payroll reconcile FILE --county 421303 --month 2024-05 [--programme dibao] --bank CODE
--user NAME``.

Imports the bank's return file (回盘): the lines it names become 已到账 or 发放失败, all or nothing, and the
应发/实发/失败 reconciliation by township and programme is printed. A bad file changes nothing: every bad
row is listed with its number and the command exits non-zero. Importing the same file again changes
nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from apps.core.cli import actor_named
from apps.payroll.management.commands._payroll_cli import payroll_named
from apps.payroll.selectors.bank import Reconciliation, reconciliation_for
from apps.payroll.services.reconcile import STAGES, ReconResult, ReturnFileRejected, payroll_reconcile
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = (
        "导入银行回盘并对账：FILE --county 区划代码 --month YYYY-MM [--programme 项目] "
        "--bank 银行模板代码 --user 财务"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="银行回盘文件（.xlsx 或 .csv）")
        parser.add_argument("--county", required=True, help="县(市、区)区划代码，6位或12位")
        parser.add_argument("--month", required=True, help="发放月份 YYYY-MM")
        parser.add_argument("--programme", default="", help="救助项目代码；不填为全部项目的发放表")
        parser.add_argument("--bank", default="", help="银行模板代码，如 psbc；不填用本县默认模板")
        parser.add_argument("--user", required=True, help="导入人用户名（财务）")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["user"])
        payroll = payroll_named(options["county"], options["month"], options["programme"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件“{path}”")
        console = Console(file=self.stdout._out, highlight=False, width=160)  # type: ignore[attr-defined]
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        try:
            with Progress(*columns, console=console) as bar:
                tasks = {name: bar.add_task(name, total=1) for name in STAGES}

                def progress(stage: str, done: int, total: int) -> None:
                    bar.update(tasks[stage], completed=done, total=max(total, 1))

                result = payroll_reconcile(
                    actor=actor,
                    payroll=payroll,
                    content=path.read_bytes(),
                    filename=path.name,
                    template_code=options["bank"],
                    progress=progress,
                )
                for task in tasks.values():
                    bar.update(task, completed=bar.tasks[task].total)
        except ReturnFileRejected as exc:
            for problem in exc.problems:
                console.print(problem.message, soft_wrap=True, markup=False)
            raise CommandError(f"回盘文件有{len(exc.problems)}处问题，未导入，发放状态没有任何改变") from exc
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        console.print(_outcome(result), soft_wrap=True)
        console.print(_table(reconciliation_for(actor=actor, payroll=result.payroll)))


def _outcome(result: ReconResult) -> str:
    if result.duplicate_of is not None:
        earlier = result.duplicate_of
        return (
            f"该回盘文件已于{earlier.created_at:%Y-%m-%d %H:%M}导入（{earlier.filename}），本次未做任何更改"
        )
    if result.return_file is None:
        return f"回盘{result.rows}笔的结果此前均已导入，本次未做任何更改"
    done = "，发放表已全部对账" if result.payroll.state == "reconciled" else ""
    return (
        f"已导入回盘{result.rows}笔：到账{result.paid}笔{result.paid_total}元，失败{result.failed}笔"
        f"{result.failed_total}元，此前已处理{result.unchanged}笔{done}"
    )


def _table(report: Reconciliation) -> Table:
    table = Table(title=f"{report.payroll.county.name}{report.payroll}对账表（应发 = 实发 + 失败 + 未回盘）")
    for header in (
        "乡镇(街道)",
        "项目",
        "应发笔数",
        "应发金额",
        "实发笔数",
        "实发金额",
        "失败笔数",
        "失败金额",
    ):
        table.add_column(header, justify="left" if header in ("乡镇(街道)", "项目") else "right")
    table.add_column("未回盘", justify="right")
    table.add_column("暂缓(未发送)", justify="right")
    for row in report.rows:
        table.add_row(
            row.township,
            row.program_label,
            str(row.due_count),
            f"{row.due_amount}",
            str(row.paid_count),
            f"{row.paid_amount}",
            str(row.failed_count),
            f"{row.failed_amount}",
            f"{row.pending_count}笔{row.pending_amount}",
            f"{row.held_count}笔{row.held_amount}",
            end_section=row is report.rows[-2] if len(report.rows) > 1 else False,
        )
    return table
