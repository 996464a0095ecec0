"""Payroll fixtures: one 低保 case approved in September 2025 (paid from October)."""

from __future__ import annotations

import pytest

from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.factories import COUNTY, household


@pytest.fixture
def case(worker, reviewer, approver):
    """A 低保 case approved in September 2025: paid from October."""
    dibao_standards(COUNTY)
    made = approved_case(actor=reviewer, household=household(actor=worker), approver=approver)
    assert made.start_month.isoformat() == "2025-10-01"
    return made
