"""``minzheng crosscheck leads [--county CODE] [--state STATE] [--user NAME]``: list the 疑似问题线索 in the
user's area (default: the first admin), as a table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.table import Table

from apps.accounts.models import User
from apps.core.cli import actor_named, bars, console_for
from apps.crosscheck.choices import StateChoices
from apps.crosscheck.selectors import LeadFilter, lead_list_for
from policy.areas import area_code_range
from policy.errors import MinzhengError

LIMIT = 500


class Command(BaseCommand):
    help = "列出辖区内的疑似问题线索"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", default="", help="只列出该县(市、区)的线索（12位区划代码）")
        parser.add_argument("--state", default="", choices=["", *StateChoices.values], help="状态")
        parser.add_argument("--source", default="", help="数据来源代码")
        parser.add_argument("--user", default="", help="以哪个用户的身份查看（默认第一个管理员）")
        parser.add_argument("--limit", type=int, default=LIMIT)

    def handle(
        self, *args: Any, county: str, state: str, source: str, user: str, limit: int, **o: Any
    ) -> None:
        actor = (
            actor_named(user)
            if user
            else User.objects.filter(role="admin", is_active=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError("没有可用的管理员账号，请用 --user 指定")
        console = console_for(self.stdout)
        try:
            rows = lead_list_for(actor=actor, filters=LeadFilter(state=state, source=source))
            if county:
                low, high = area_code_range(county.ljust(12, "0"))  # a county's code range (6 or 12 digits)
                rows = rows.filter(area_id__gte=low, area_id__lte=high)
            total = rows.count()
            shown = []
            with bars(console) as progress:
                for index, lead in enumerate(rows[:limit].iterator(), start=1):
                    shown.append(lead)
                    progress("读取线索", index, min(total, limit))
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        table = Table(title=f"疑似问题线索（共{total}条）")
        for header in (
            "编号",
            "规则",
            "严重程度",
            "状态",
            "乡镇(街道)",
            "村(社区)",
            "事件日期",
            "涉及金额(元)",
            "说明",
        ):
            table.add_column(header, overflow="fold")
        for lead in shown:
            table.add_row(
                str(lead.pk),
                lead.get_rule_display(),
                lead.get_severity_display(),
                lead.state_label,
                lead.township.name,
                lead.area.name,
                f"{lead.event_on:%Y-%m-%d}" if lead.event_on else "—",
                str(lead.amount_at_risk),
                lead.explanation,
            )
        console.print(table)
        if total > len(shown):
            console.print(f"……只列出前{len(shown)}条，可用 --limit、--state、--source 缩小范围。")
