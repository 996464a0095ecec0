"""Payroll fixtures: one 低保 case approved in September 2025 (paid from October)."""

from __future__ import annotations

import pytest

from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, household


def paid_account() -> dict[str, str]:
    """A bank account for a household the payroll pays (a line without one is held)."""
    return {"bank_name": "中国邮政储蓄银行", "account_number": f"6217{next(_numbers):012d}"}


_numbers = iter(range(1, 10**9))


@pytest.fixture
def case(worker, reviewer, approver):
    """A 低保 case approved in September 2025: paid from October."""
    dibao_standards(COUNTY)
    made = approved_case(
        actor=reviewer, household=household(actor=worker, **paid_account()), approver=approver
    )
    assert made.start_month.isoformat() == "2025-10-01"
    return made
