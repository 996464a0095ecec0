"""The demo's statistics: refreshed for every county with cases, from January of last year."""

from __future__ import annotations

from apps.demo.statistics import stats_demo_refresh
from apps.statistics.models import StatFact, StatRefresh


def test_the_demo_leaves_the_statistics_populated(history, settings):
    settings.MINZHENG_TODAY = "2025-12-15"

    assert stats_demo_refresh() > 0
    months = set(StatRefresh.objects.filter(county="421303000000").values_list("month", flat=True))
    assert (
        len(months) == 24
        and min(months).isoformat() == "2024-01-01"
        and max(months).isoformat() == "2025-12-01"
    )
    assert StatFact.objects.filter(month="2025-12-01", households__gt=0).exists()
