"""``minzheng crosscheck import FILE --source CODE --county CODE --user NAME``: import another department's
list (XLSX, or CSV in UTF-8 or GBK) as a new batch of the source.

The column mapping is the source's saved one, else the usual header words; ``--map field=列名`` overrides
a field. Nothing is kept unless every row is valid: the errors are printed (row, column, value, reason)
and ``--report PATH`` also saves them as XLSX. ``--run`` checks the batch against the registry at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.table import Table

from apps.core.cli import actor_named, bars, console_for
from apps.core.clock import today
from apps.crosscheck.services.imports import BatchInput, batch_import, batch_preview
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.runs import crosscheck_run
from apps.crosscheck.services.uploads import report_write
from policy.crosscheck import SOURCES
from policy.errors import MinzhengError

SHOWN = 200


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”应写作2025-01-31") from None


class Command(BaseCommand):
    help = "导入其他部门的比对名单（.xlsx 或 UTF-8/GBK 编码的 .csv）为新的批次；有任何错误时不导入任何数据"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="名单文件")
        parser.add_argument("--source", required=True, choices=list(SOURCES), help="数据来源代码")
        parser.add_argument("--county", required=True, help="县(市、区)12位区划代码")
        parser.add_argument(
            "--user", required=True, help="以哪个用户的身份导入（决定辖区与权限，并记入审计日志）"
        )
        parser.add_argument("--received", default="", help="收到日期，默认今天")
        parser.add_argument("--list-date", default="", help="数据截止日期，默认今天")
        parser.add_argument("--map", action="append", default=[], help="列对应关系 field=列名，可重复")
        parser.add_argument("--note", default="")
        parser.add_argument("--report", default="", help="有错误时把错误报告另存为此 .xlsx 文件")
        parser.add_argument("--run", action="store_true", help="导入后立即与在保家庭比对")

    def handle(self, *args: Any, **o: Any) -> None:
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{o['file']}")
        actor = actor_named(o["user"])
        mapping = None
        if o["map"]:
            pairs = [m.split("=", 1) for m in o["map"]]
            if any(len(p) != 2 for p in pairs):
                raise CommandError("--map 应写作 field=列名，如 --map event_date=死亡日期")
            try:  # the saved mapping (or the usual header words), with the fields given overridden
                guessed = batch_preview(
                    actor=actor, county=o["county"], source_code=o["source"], path=path, file_name=path.name
                ).mapping
            except MinzhengError as exc:
                raise CommandError(exc.message) from exc
            mapping = {**guessed, **{k.strip(): v.strip() for k, v in pairs}}
        data = BatchInput(
            county=o["county"],
            source_code=o["source"],
            file_name=path.name,
            received_on=_day(o["received"]) if o["received"] else today(),
            list_date=_day(o["list_date"]) if o["list_date"] else today(),
            mapping=mapping,
            note=o["note"],
        )
        console = console_for(self.stdout)
        with bars(console) as progress:
            try:
                batch = batch_import(actor=actor, data=data, path=path, progress=progress)
            except BatchRejected as exc:
                progress.display.stop()
                self._report(console, exc, path.name, o["report"])
                raise CommandError(exc.message) from exc
            except MinzhengError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            f"导入成功：{batch}（编号{batch.pk}），{batch.row_count}行；缺身份证号{batch.id_missing}行，"
            f"身份证号校验位不符{batch.id_unchecked}行（比对时自动纠错）。"
        )
        if o["run"]:
            from apps.crosscheck.management.commands.crosscheck_run import run_with_bars

            run = run_with_bars(console=console, actor=actor, batch=batch, runner=crosscheck_run)
            self.stdout.write(f"比对完成：匹配{run.matched}条，新增线索{run.leads_created}条。")

    def _report(self, console: Any, exc: BatchRejected, name: str, report: str) -> None:
        table = Table(title=f"“{name}”未导入：发现{exc.total}处错误")
        for header in ("行", "列", "内容", "原因"):
            table.add_column(header, overflow="fold")
        for issue in exc.issues[:SHOWN]:
            table.add_row(str(issue.row), issue.column or "—", issue.value, issue.reason)
        console.print(table)
        if exc.total > SHOWN:
            console.print(f"……另有{exc.total - SHOWN}处错误未显示，请用 --report 保存错误报告。")
        if report:
            report_write(rejected=exc, file_name=name, target=Path(report))
            console.print(f"错误报告已保存：{report}")
