"""What the ``minzheng payroll …`` commands share: acting as a named user, and a month argument."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError

from apps.accounts.models import User


def actor_named(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在或已停用")
    return user


def month_parse(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(f"月份“{text}”格式应为 YYYY-MM，例如 2024-05") from None
