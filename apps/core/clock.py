"""The office's "today", and its working-day calendar.

Every step is dated by :func:`today`. It is the local date, unless the setting ``MINZHENG_TODAY``
(an ISO date) pins it: a demo can show a 公示 that has run its course, and a browser test can move time
forward without sleeping. Nothing else in the app reads the system date for a business date.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from policy.calendar import WorkCalendar, calendar_parse

HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays_cn.csv"


def today() -> date:
    pinned = getattr(settings, "MINZHENG_TODAY", None)
    if pinned:
        return date.fromisoformat(str(pinned))
    return timezone.localdate()


@lru_cache(maxsize=1)
def work_calendar() -> WorkCalendar:
    """The national holidays and 调休 days of data/holidays_cn.csv, read once per process."""
    return calendar_parse(HOLIDAYS_FILE.read_text(encoding="utf-8"))


def calendar_gap(on: date | None = None) -> str:
    """A warning when deadlines are being counted into a year the holiday file does not cover yet.

    From November on, the next year matters too: its first deadlines are already being set.
    """
    on = on or today()
    years = work_calendar().years
    wanted = [on.year] + ([on.year + 1] if on.month >= 11 else [])
    missing = [y for y in wanted if y not in years]
    if not missing:
        return ""
    return (
        f"节假日数据尚未包含{'、'.join(str(y) for y in missing)}年，期限暂按周一至周五计算；"
        "国务院办公厅公布放假安排后，请系统管理员补充节假日数据（apps/core/data/holidays_cn.csv）。"
    )
