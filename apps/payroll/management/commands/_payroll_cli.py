"""What the ``minzheng payroll …`` commands share: acting as a named user, a month argument, and finding
a payroll by county, month and programme."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError

from apps.accounts.models import User
from apps.payroll.models import Payroll
from policy.errors import ValidationFailed
from policy.payroll import month_parse as payroll_month_parse


def actor_named(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在或已停用")
    return user


def month_parse(text: str) -> date:
    try:
        return payroll_month_parse(text)
    except ValidationFailed as exc:
        raise CommandError(exc.message) from None


def payroll_named(county: str, month: str, programme: str) -> Payroll:
    """The payroll of a county (6 or 12 digits), a month (YYYY-MM) and a programme ("" = all)."""
    code = county.ljust(12, "0") if len(county) == 6 else county
    payroll = Payroll.objects.filter(county_id=code, month=month_parse(month), program=programme).first()
    if payroll is None:
        raise CommandError("没有找到该县该月的发放表，请先生成并审批（minzheng payroll prepare / approve）")
    return payroll
