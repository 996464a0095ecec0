"""``minzheng cases restandard --county CODE --on DATE [--user U] [--apply]``: 调标 from the shell.

Re-assesses every 低保 case of the county under the standards in force on ``--on`` (the new standard's
first day) and prints the figures: up, down, unchanged, newly ineligible, the monthly cost difference.

- Without ``--user`` nothing is stored: the figures are only printed.
- With ``--user`` the preview is stored as that user's run (as on the 调标 page).
- With ``--apply --user U`` the run is then applied at once, as U, who must hold the 调标 right; the
  months already paid at the old amount are settled with it (补差 or 追回), as on the 调标 page.

Exit status 1 when the user may not do it, the county is not theirs, or the standard is not set.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from apps.accounts.models import User
from apps.areas.models import Area
from apps.assistance.models import StandardChangeRun
from apps.assistance.selectors.restandard import restandard_county_get
from apps.assistance.services import restandard
from apps.payroll.services.case_changes import restandard_apply_steps
from policy.areas import AreaLevel
from policy.errors import MinzhengError
from policy.money import yuan_from_cents


def _yuan(cents: int) -> str:
    return f"{yuan_from_cents(cents):,}"


class Command(BaseCommand):
    help = "调标：按新低保标准重新核算一个县（区）的在保对象，预览并可确认执行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县（区）12位区划代码")
        parser.add_argument("--on", required=True, help="新标准执行日期 YYYY-MM-DD")
        parser.add_argument("--user", default="", help="以该用户身份保存预览（和执行）")
        parser.add_argument("--apply", action="store_true", help="预览后立即确认执行（须同时给出 --user）")

    def handle(self, *args: Any, county: str, on: str, user: str, apply: bool, **options: Any) -> None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise CommandError(f"--on 应为日期 YYYY-MM-DD，收到“{on}”") from None
        if apply and not user:
            raise CommandError("确认执行须用 --user 指明确认人")
        console = Console(file=self.stdout, highlight=False)  # type: ignore[arg-type]
        try:
            actor = User.objects.get(username=user) if user else None
            area = self._county(actor, county)
            with Progress(
                TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
            ) as bar:
                task = bar.add_task("调标预览", total=100)
                if actor is None:
                    steps = restandard.restandard_compute_steps(county=area, on=day)
                    result = self._drain(steps, bar, task)
                    figures = result.figures()
                else:
                    run = self._drain(
                        restandard.restandard_preview_steps(actor=actor, county=area, on=day), bar, task
                    )
                    figures = run.figures()
                    if apply:
                        bar.update(task, completed=0, description="确认调标")
                        run = self._drain(restandard_apply_steps(actor=actor, run=run), bar, task)
        except User.DoesNotExist:
            raise CommandError(f"没有用户“{user}”") from None
        except MinzhengError as exc:
            raise CommandError(exc.message) from None
        console.print(self._table(area, day, figures))
        if actor is not None:
            state = "已执行" if apply else "已保存预览，可在“调标”页面确认执行"
            console.print(f"调标{run.number}：{state}")

    def _county(self, actor: User | None, code: str) -> Area:
        if actor is not None:
            return restandard_county_get(actor=actor, code=code)
        county = Area.objects.filter(pk=code, level=AreaLevel.COUNTY).first()
        if county is None:
            raise CommandError(f"没有县（区）“{code}”")
        return county

    def _drain(self, steps: Any, bar: Progress, task: Any) -> Any:
        """Run a service's steps, moving the bar; return what the steps end with."""
        last: Any = None
        while True:
            try:
                step = next(steps)
            except StopIteration as done:
                return done.value if done.value is not None else last
            if isinstance(step, restandard.Progress):
                bar.update(task, completed=step.percent, description=step.text)
            elif isinstance(step, StandardChangeRun):
                last = step

    def _table(self, county: Area, day: date, f: dict[str, int]) -> Table:
        table = Table(title=f"{county.name} 自{day:%Y-%m-%d}起 低保调标")
        table.add_column("项目")
        table.add_column("数值", justify="right")
        rows = [
            ("有核算依据的在保对象", f"{f['cases']:,} 户"),
            ("增发", f"{f['up']:,} 户"),
            ("减发", f"{f['down']:,} 户"),
            ("不变", f"{f['unchanged']:,} 户"),
            ("按新标准不再符合（列入核查，不停发）", f"{f['ineligible']:,} 户"),
            ("收入认定口径变化（列入核查）", f"{f['rules_changed']:,} 户"),
            ("现金额曾另行确定或调整（列入核查）", f"{f['departed']:,} 户"),
            ("无核算依据（列入核查）", f"{f['no_basis']:,} 户"),
            ("渐退期内（不调整）", f"{f['phase_out']:,} 户"),
            ("调整户每月资金变化", f"{_yuan(f['cost_after'] - f['cost_before'])} 元"),
            ("不再符合户现每月金额", f"{_yuan(f['ineligible_cost'])} 元"),
        ]
        for label, value in rows:
            table.add_row(label, value)
        return table
