"""Monitoring fixtures: "today" pinned, files kept in a temporary VAR_DIR."""

from __future__ import annotations

import pytest

from tests.apps.monitoring.flow import TODAY


@pytest.fixture(autouse=True)
def _pinned(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MINZHENG_TODAY = TODAY
