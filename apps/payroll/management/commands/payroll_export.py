"""``minzheng payroll export --county 421303 --month 2024-05 [--programme dibao] --bank CODE --user NAME
[--out DIR] [--reissue [--all-failed]]``.

Writes the bank payment file of an approved payroll (or, with ``--reissue``, the 失败重发 file of the lines
whose account was corrected since the bank failed them) with a progress bar, keeps it on the server, and
prints where it is, how many lines, the total and its SHA-256. ``--out DIR`` also copies it (and the 汇总
of a CSV file) to DIR; that copy is a download and is audited as one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from apps.core.cli import actor_named
from apps.payroll.documents import BankFileRejected
from apps.payroll.management.commands._payroll_cli import payroll_named
from apps.payroll.services.bank import (
    WRITE_STAGE,
    payment_file_open,
    payroll_export,
    payroll_reissue,
    payroll_root,
)
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = (
        "生成银行代发文件：--county 区划代码 --month YYYY-MM [--programme 项目] --bank 银行模板代码 "
        "--user 财务 [--out 目录] [--reissue 失败重发]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县(市、区)区划代码，6位或12位")
        parser.add_argument("--month", required=True, help="发放月份 YYYY-MM")
        parser.add_argument("--programme", default="", help="救助项目代码；不填为全部项目的发放表")
        parser.add_argument("--bank", default="", help="银行模板代码，如 psbc；不填用本县默认模板")
        parser.add_argument("--user", required=True, help="生成人用户名（财务）")
        parser.add_argument("--out", default="", help="另存一份到该目录（记入审计日志）")
        parser.add_argument("--reissue", action="store_true", help="生成失败重发文件（账户已更正的失败明细）")
        parser.add_argument(
            "--all-failed", action="store_true", help="与 --reissue 同用：全部失败明细按现账户重发"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["user"])
        payroll = payroll_named(options["county"], options["month"], options["programme"])
        console = Console(file=self.stdout._out, highlight=False)  # type: ignore[attr-defined]
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        try:
            with Progress(*columns, console=console) as bar:
                task = bar.add_task(WRITE_STAGE, total=None)

                def progress(stage: str, done: int, total: int) -> None:
                    bar.update(task, completed=done, total=max(total, 1))

                if options["reissue"]:
                    file = payroll_reissue(
                        actor=actor,
                        payroll=payroll,
                        template_code=options["bank"],
                        include_uncorrected=options["all_failed"],
                        progress=progress,
                    )
                else:
                    file = payroll_export(
                        actor=actor, payroll=payroll, template_code=options["bank"], progress=progress
                    )
        except BankFileRejected as exc:
            for problem in exc.problems:
                console.print(problem.message, soft_wrap=True)
            raise CommandError(f"代发明细有{exc.total}处问题，未生成文件") from exc
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        path = payroll_root() / file.stored_path
        if options["out"]:
            path = self._copy(actor, file.pk, Path(options["out"]), summary=False)
            if file.summary_path:
                console.print(f"汇总表：{self._copy(actor, file.pk, Path(options['out']), summary=True)}")
        console.print(
            f"已生成{file.get_kind_display()}（{file.bank_name}）：{path}\n"
            f"{file.line_count}笔，合计{file.total}元\nSHA-256：{file.sha256}",
            soft_wrap=True,
        )

    def _copy(self, actor: Any, file_id: int, folder: Path, *, summary: bool) -> Path:
        try:
            opened = payment_file_open(actor=actor, file_id=file_id, summary=summary)
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / opened.filename
        shutil.copyfile(opened.path, target)
        return target
