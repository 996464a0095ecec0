"""Annual appendix fixtures: the statistics' generated county (tests/apps/statistics/conftest.py) counted
for 2025, with the 城市低保标准 raised from July 2025, and ``today`` pinned to early 2026 so 2025 is a
finished year."""

from __future__ import annotations

from datetime import date

import pytest

from apps.standards.models import StandardVersion
from apps.statistics.services import stats_refresh
from tests.apps.statistics.conftest import MONTHS, history  # noqa: F401  (the fixture, re-exported)
from tests.factories import COUNTY


@pytest.fixture
def counted(history, approver, settings, tmp_path):  # noqa: F811
    settings.VAR_DIR = tmp_path
    StandardVersion.objects.create(
        area_id=COUNTY, key="dibao.standard", urban=True, value="700", effective_from=date(2025, 7, 1)
    )
    stats_refresh(actor=approver, county=COUNTY, months=[date(2024, 12, 1), *MONTHS])
    settings.MINZHENG_TODAY = "2026-02-10"
    return history
