"""``minzheng monitoring raise --county CODE --user NAME``: run the early-warning rules over a county's
low-income register and create the alerts not already open; prints what each rule found and created."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.cli import actor_named, bars, console_for
from apps.monitoring.services import STEPS, alerts_raise
from policy.errors import MinzhengError
from policy.monitoring import Rule


class Command(BaseCommand):
    help = "对一个县的低收入人口名册运行预警规则，生成预警信息（已有未办结预警的不重复生成）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="县(市、区)的12位区划代码")
        parser.add_argument("--user", required=True, help="以哪个用户的身份运行")

    def handle(self, *args: Any, county: str, user: str, **options: Any) -> None:
        actor = actor_named(user)
        with bars(console_for(self.stdout)) as progress:
            done = 0

            def step(name: str) -> None:
                nonlocal done
                done += 1
                progress("预警规则", done, len(STEPS))
                progress.display.console.log(name)

            try:
                result = alerts_raise(actor=actor, county=county.strip(), progress=step)
            except MinzhengError as exc:
                raise CommandError(exc.message or "没有这个县，或不在您的管辖范围内") from exc
        for rule in Rule:
            if rule == Rule.DISASTER:
                continue
            found, created = result.found.get(rule.value, 0), result.created.get(rule.value, 0)
            self.stdout.write(f"{rule.label}：发现{found}户，新增预警{created}条")
        self.stdout.write(f"完成：名册{result.register}户，新增预警{result.total_created}条。")
