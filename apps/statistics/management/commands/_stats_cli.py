"""What the statistics commands share: reading a county code and a month, and the command line's reader."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError

from apps.accounts.models import User
from policy.areas import AreaLevel, area_code_level, area_code_normalize
from policy.errors import ValidationFailed
from policy.payroll import month_parse
from policy.roles import Role


def county_parse(text: str) -> str:
    """A county's 12-digit code from 6 or 12 digits."""
    try:
        code = area_code_normalize(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if area_code_level(code) != AreaLevel.COUNTY:
        raise CommandError(f"“{text}”不是县（区）级区划代码")
    return code


def month_arg(text: str) -> date:
    try:
        return month_parse(text)
    except ValidationFailed as exc:
        raise CommandError(exc.message) from None


def reader(*, username: str, county: str) -> User:
    """The user the figures are read as: ``--user`` if given (their area limits what they see), else the
    command line itself, reading the one county as its 管理员 would. Nothing is written as this reader."""
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user
    return User(username="命令行", role=Role.ADMIN.value, area_id=county, is_active=True)
