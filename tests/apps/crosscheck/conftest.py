"""Cross-check fixtures: files kept in a temporary VAR_DIR, "today" pinned after the payrolls the tests
pay, and a 低保 case paid for October to December 2025."""

from __future__ import annotations

import pytest

from tests.apps.crosscheck.flow import TODAY, paid_case


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    # Batches, runs and attachments are written under VAR_DIR; keep each test's files to itself.
    settings.VAR_DIR = tmp_path / "var"
    settings.MINZHENG_TODAY = TODAY


@pytest.fixture
def case(worker, reviewer, approver):
    """A one-person 低保 household, paid October to December 2025."""
    return paid_case(worker=worker, reviewer=reviewer, approver=approver)
