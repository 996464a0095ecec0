"""``minzheng crosscheck run --batch ID --user NAME``: check an imported batch against the county's
households with an open case; prints how many were matched and the leads it found (never twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.cli import actor_named, bars, console_for
from apps.crosscheck.models import Run
from apps.crosscheck.selectors import batch_get_for
from apps.crosscheck.services.runs import RunStep, crosscheck_run
from policy.errors import MinzhengError


def run_with_bars(*, console: Any, actor: Any, batch: Any, runner: Any = crosscheck_run) -> Run:
    """Run ``batch`` with a bar per stage (the matcher's own steps each get one)."""

    def label(step: RunStep) -> str:
        return f"{step.stage}：{step.detail}" if step.stage == "匹配" and step.detail else step.stage

    with bars(console) as progress:
        try:
            return runner(
                actor=actor, batch=batch, progress=lambda step: progress(label(step), step.done, step.total)
            )
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc


class Command(BaseCommand):
    help = "把一个导入批次与在保家庭比对，按来源的规则生成疑似问题线索（重复比对不会重复生成）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", required=True, help="导入批次编号")
        parser.add_argument("--user", required=True, help="以哪个用户的身份比对")

    def handle(self, *args: Any, batch: str, user: str, **options: Any) -> None:
        actor = actor_named(user)
        try:
            found = batch_get_for(actor=actor, batch_id=batch)
        except MinzhengError as exc:
            raise CommandError(exc.message or "没有这个导入批次") from exc
        run = run_with_bars(console=console_for(self.stdout), actor=actor, batch=found)
        methods = "，".join(f"{k} {v}" for k, v in run.methods.items()) or "无"
        self.stdout.write(
            f"比对完成（比对编号{run.pk}）：{found}，比对{run.persons}人、{run.records}条，匹配{run.matched}条（{methods}），"
            f"新增线索{run.leads_created}条，此前已发现{run.leads_known}条。"
        )
