"""What the ``minzheng payroll …`` commands share beyond apps/core/cli.py: finding a payroll by county,
month and programme."""

from __future__ import annotations

from django.core.management.base import CommandError

from apps.core.cli import county_arg, month_arg
from apps.payroll.models import Payroll


def payroll_named(county: str, month: str, programme: str) -> Payroll:
    """The payroll of a county (6 or 12 digits), a month (YYYY-MM) and a programme ("" = all)."""
    code, first = county_arg(county), month_arg(month)
    payroll = Payroll.objects.filter(county_id=code, month=first, program=programme).first()
    if payroll is None:
        raise CommandError("没有找到该县该月的发放表，请先生成并审批（minzheng payroll prepare / approve）")
    return payroll
