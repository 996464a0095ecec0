"""``minzheng token create USERNAME``: print a new API token for an account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.services import token_create


class Command(BaseCommand):
    help = "为账号生成接口访问令牌（旧令牌失效）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{username}”不存在或已停用")
        self.stdout.write(token_create(actor=user))
