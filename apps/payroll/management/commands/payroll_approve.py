"""``minzheng payroll approve --county 421303 --month 2024-05 [--programme dibao] --user NAME``.

Approves a prepared payroll (maker-checker: never by the person who prepared it) and locks it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.cli import actor_named, county_arg, month_arg
from apps.payroll.models import Payroll
from apps.payroll.services.approve import payroll_approve
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = "审批发放表：--county 区划代码 --month YYYY-MM [--programme 项目] --user 审批人（不能是制表人）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县(市、区)区划代码，6位或12位")
        parser.add_argument("--month", required=True, help="发放月份 YYYY-MM")
        parser.add_argument("--programme", default="", help="救助项目代码；不填为全部项目的发放表")
        parser.add_argument("--user", required=True, help="审批人用户名（县级审批员）")

    def handle(self, *args: Any, county: str, month: str, programme: str, user: str, **options: Any) -> None:
        actor = actor_named(user)
        code, first = county_arg(county), month_arg(month)
        payroll = Payroll.objects.filter(county_id=code, month=first, program=programme).first()
        if payroll is None:
            raise CommandError("没有找到该县该月的发放表，请先生成（minzheng payroll prepare）")
        try:
            payroll = payroll_approve(actor=actor, payroll=payroll)
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"已审批 {payroll.title}（{payroll.number}）：{payroll.line_count}笔，"
            f"应发{payroll.total}元，发放表已锁定"
        )
