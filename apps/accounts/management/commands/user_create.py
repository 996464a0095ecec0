"""``minzheng user create``: create a bureau account bound to a role and an area."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import user_create
from policy.errors import ValidationFailed
from policy.roles import Role


class Command(BaseCommand):
    help = "创建账号：minzheng user create 用户名 --role county_approver --area 421303000000"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--area", required=True, help="12位统计用区划代码")
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--password", default=None, help="省略时交互输入")

    def handle(
        self, *args: Any, username: str, role: str, area: str, name: str, password: str | None, **options: Any
    ) -> None:
        password = password or getpass.getpass("密码：")
        try:
            user = user_create(
                actor=None, username=username, password=password, role=role, area_code=area, display_name=name
            )
        except ValidationFailed as exc:
            raise CommandError("；".join(m for ms in exc.errors.values() for m in ms)) from exc
        self.stdout.write(f"已创建 {user.username}（{user.role_label}，{user.area}）")
