"""``minzheng registry import FILE --user USERNAME``: import households from an XLSX or CSV template file.

Prints the Chinese error report (row, column, value, reason) or what was imported. Nothing is written
unless the whole file is valid. ``--report PATH`` also saves the error report as XLSX.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from apps.core.cli import actor_named, bars, console_for
from apps.registry.services.import_sheets import import_report_write
from apps.registry.services.imports import ImportRejected, registry_import
from policy.errors import MinzhengError

SHOWN = 200


class Command(BaseCommand):
    help = "从模板文件（.xlsx 或 UTF-8/GBK 编码的 .csv）批量导入家庭及成员；有任何错误时不导入任何数据"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="填好的导入模板（.xlsx 或 .csv）")
        parser.add_argument(
            "--user", required=True, help="以哪个用户的身份导入（决定辖区与权限，并记入审计日志）"
        )
        parser.add_argument("--report", default="", help="有错误时把错误报告另存为此 .xlsx 文件")

    def handle(self, *args: Any, file: str, user: str, report: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        actor = actor_named(user)
        console = console_for(self.stdout)
        with bars(console) as progress:
            try:
                result = registry_import(
                    actor=actor, file_name=path.name, content=path.read_bytes(), progress=progress
                )
            except ImportRejected as exc:
                progress.display.stop()  # type: ignore[attr-defined]
                self._report(console, exc, path.name, report)
                raise CommandError(exc.message) from exc
            except MinzhengError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            f"导入成功：{result.households}户，{result.persons}人，收入记录{result.incomes}条"
            f"（{result.income_year}年度）；疑似重复待核实{result.suspected_duplicates}对。"
        )

    def _report(self, console: Console, exc: ImportRejected, name: str, report: str) -> None:
        table = Table(title=f"“{name}”未导入：发现{len(exc.issues)}处错误")
        for header in ("行", "列", "内容", "原因"):
            table.add_column(header, overflow="fold")
        for issue in exc.issues[:SHOWN]:
            table.add_row(str(issue.row), issue.column or "—", issue.value, issue.reason)
        console.print(table)
        if len(exc.issues) > SHOWN:
            console.print(f"……另有{len(exc.issues) - SHOWN}处错误未显示，请用 --report 保存完整的错误报告。")
        if report:
            import_report_write(issues=exc.issues, file_name=name, target=Path(report))
            console.print(f"错误报告已保存：{report}")
