"""``minzheng stats refresh [--county CODE] [--month YYYY-MM | --from YYYY-MM --to YYYY-MM]``: rebuild the
monthly statistics (the fact table) from the cases, payrolls and 临时救助 decisions, with a progress bar.

Without ``--county`` every county that has cases is refreshed; without months, January of last year
through this month (so this year's and last year's 累计 and every 上期 are current). Run it after payroll
approval and reconciliation, or nightly from cron. Exit status 1 on a bad county or month.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models.functions import Substr
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from apps.assistance.models import Case
from apps.core.cli import county_arg, month_arg
from apps.core.clock import today
from apps.statistics.services import stats_refresh
from policy.errors import MinzhengError
from policy.months import month_add, month_range


class Command(BaseCommand):
    help = "重新统计：按在保对象、发放明细和临时救助审批重建月度统计"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--county", default="", help="县（区）区划代码（6或12位）；不填为所有有在保对象的县"
        )
        parser.add_argument("--month", default="", help="只统计这一个月 YYYY-MM")
        parser.add_argument("--from", dest="first", default="", help="起始月 YYYY-MM（默认去年1月）")
        parser.add_argument("--to", dest="last", default="", help="截止月 YYYY-MM（默认本月）")

    def handle(self, *args: Any, county: str, month: str, first: str, last: str, **options: Any) -> None:
        this = today().replace(day=1)
        if month:
            months = [month_arg(month)]
        else:
            start = month_arg(first) if first else month_add(this, -12).replace(month=1)
            months = month_range(start, month_arg(last) if last else this)
        if not months:
            raise CommandError("截止月不能早于起始月")
        counties = [county_arg(county)] if county else self._counties()
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
            ) as bar:
                for code in counties:
                    task = bar.add_task(code, total=len(months) + 2)

                    def say(stage: str, done: int, total: int, task: Any = task, code: str = code) -> None:
                        bar.update(task, completed=done, total=total, description=f"{code} {stage}")

                    result = stats_refresh(actor=None, county=code, months=months, progress=say)
                    console.print(f"{code}：{months[0]:%Y-%m}至{months[-1]:%Y-%m}，写入{result.rows}行")
        except MinzhengError as exc:
            raise CommandError(exc.message) from None

    def _counties(self) -> list[str]:
        codes = Case.objects.annotate(c=Substr("area_id", 1, 6)).values_list("c", flat=True).distinct()
        return sorted(c + "000000" for c in codes)
