"""``minzheng payroll prepare`` and ``… approve``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.payroll.models import Payroll


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_prepare_then_approve_from_the_command_line(case, finance, approver):
    printed = _run("payroll_prepare", "--county", "421303", "--month", "2025-12", "--user", finance.username)
    payroll = Payroll.objects.get()
    assert f"应发{payroll.total}元" in printed and "生成常规发放明细" in printed
    with pytest.raises(CommandError, match="无权"):
        _run("payroll_approve", "--county", "421303", "--month", "2025-12", "--user", finance.username)
    printed = _run("payroll_approve", "--county", "421303", "--month", "2025-12", "--user", approver.username)
    assert "已锁定" in printed
    payroll.refresh_from_db()
    assert payroll.state == "approved" and payroll.approved_by == approver


def test_a_bad_month_is_named(finance):
    with pytest.raises(CommandError, match="YYYY-MM"):
        _run("payroll_prepare", "--county", "421303", "--month", "2025/12", "--user", finance.username)
