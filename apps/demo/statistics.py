"""The demo's statistics: refreshed at the end of ``minzheng demo``, so the dashboard and the 民政统计 page
show figures at once."""

from __future__ import annotations

from apps.assistance.models import Case
from apps.core.clock import today
from apps.statistics.services import stats_refresh
from policy.statistics import month_add, month_range


def stats_demo_refresh() -> int:
    """Refresh every county that has cases, January of last year through this month; returns the fact
    rows written (0 when there are no cases yet)."""
    this = today().replace(day=1)
    months = month_range(month_add(this, -12).replace(month=1), this)
    counties = sorted(
        {code[:6] + "000000" for code in Case.objects.values_list("area_id", flat=True).distinct()}
    )
    return sum(stats_refresh(actor=None, county=c, months=months).rows for c in counties)
