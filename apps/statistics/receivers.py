"""Keeping the statistics current when the money moves: a bank return file that confirms payments
refreshes its county's month at once, so the 民政统计月报 and the dashboard show the new 实发 without
waiting for the nightly ``minzheng stats refresh``.

The refresh runs after the import's transaction has committed. If it fails, the import stands, the
month's statistics say they are out of date (the source watermark moved), and the next refresh catches up.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from apps.statistics.services import stats_refresh

log = logging.getLogger(__name__)


def refresh_paid_month(sender: Any, *, county: str, month: date, **kwargs: Any) -> None:
    try:
        stats_refresh(actor=None, county=county, months=[month])
    except Exception:  # the import must not look failed because a derived table could not be rebuilt
        log.exception("统计刷新失败：%s %s（银行回盘之后），页面将提示统计已过期", county, month)
