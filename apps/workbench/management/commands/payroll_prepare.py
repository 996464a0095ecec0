"""``minzheng payroll prepare --county 421303 --month 2024-05 [--programme dibao] --user NAME``.

Runs the 发放前比对 (the county's latest death lists against the people its cases cover), then generates
(or re-generates, while not approved) the county's monthly payroll in one transaction, with a progress
bar per stage, and prints its totals. The county may be given as 6 or 12 digits.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from apps.core.cli import actor_named, county_arg, month_arg
from apps.payroll.services.prepare import STAGES
from apps.workbench.services.payroll import payroll_prepare
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = "生成某县某月的发放表（制表）：--county 区划代码 --month YYYY-MM [--programme 项目] --user 制表人"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县(市、区)区划代码，6位或12位")
        parser.add_argument("--month", required=True, help="发放月份 YYYY-MM")
        parser.add_argument("--programme", default="", help="救助项目代码，如 dibao；不填为全部按月发放项目")
        parser.add_argument("--user", required=True, help="制表人用户名（财务）")

    def handle(self, *args: Any, county: str, month: str, programme: str, user: str, **options: Any) -> None:
        actor = actor_named(user)
        code, first = county_arg(county), month_arg(month)
        console = Console(file=self.stdout._out, highlight=False)  # type: ignore[attr-defined]
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        try:
            with Progress(*columns, console=console) as bar:
                tasks = {name: bar.add_task(name, total=1) for name in STAGES}

                def progress(stage: str, done: int, total: int) -> None:
                    bar.update(tasks[stage], completed=done, total=max(total, 1))

                payroll = payroll_prepare(
                    actor=actor, county=code, month=first, program=programme, progress=progress
                )
                for task in tasks.values():
                    bar.update(task, completed=bar.tasks[task].total)
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        console.print(
            f"已生成 {payroll.county.name} {payroll.title}（发放批次号{payroll.number}）："
            f"{payroll.line_count}笔，"
            f"保障{payroll.person_count}人，应发{payroll.total}元（补发{payroll.arrears_total}元，"
            f"追回扣减{payroll.recovery_total}元，暂缓{payroll.held_count}笔{payroll.held_total}元）",
            soft_wrap=True,
        )
