"""Months, as the bureau counts them. A month is named by its first day (``date(2025, 11, 1)`` is 2025年11月):
payrolls, case changes, statistics and leads all take effect from a month, and a month input or the
command line writes it ``YYYY-MM``.

Two kinds of arithmetic, kept apart on purpose:

* :func:`month_add` moves between months and answers a first day (发放月, 生效月, 统计月);
* :func:`months_add` moves a day by whole months, keeping the day where the month has it (31 January + 1
  is the last day of February): the next 定期核查, a 渐退 schedule, an income's months in the 收入计算期.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import Decimal

from policy.errors import ValidationFailed

__all__ = [
    "month_add",
    "month_last_day",
    "month_parse",
    "month_range",
    "month_start",
    "months_add",
    "months_back",
    "months_between",
]


def month_parse(text: str, *, field: str = "month") -> date:
    """The first day of the month written ``YYYY-MM`` (as the month inputs and the CLI give it); anything
    after a second dash is ignored, so ``2024-05-07`` is May 2024."""
    try:
        year, month = str(text).strip().split("-")[:2]
        return date(int(year), int(month), 1)
    except ValueError:
        raise ValidationFailed.on(field, f"月份“{text}”格式应为 YYYY-MM，例如 2024-05") from None


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def month_add(month: date, months: int) -> date:
    """The first day of the month ``months`` after (before, if negative) ``month``'s month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_last_day(month: date) -> date:
    """The last day of ``month``'s month."""
    return month.replace(day=monthrange(month.year, month.month)[1])


def month_range(first: date, last: date) -> list[date]:
    """Every month from ``first``'s to ``last``'s, inclusive, as first days; empty if ``last`` is earlier."""
    out, month = [], month_start(first)
    while month <= month_start(last):
        out.append(month)
        month = month_add(month, 1)
    return out


def months_back(last: date, count: int) -> list[date]:
    """The ``count`` months ending with ``last``'s month, oldest first."""
    return [month_add(month_start(last), -n) for n in range(count - 1, -1, -1)]


def months_add(day: date, months: int) -> date:
    """The same day ``months`` later (earlier, if negative), clamped to the month's last day (31 January + 1
    → 28 or 29 February)."""
    target = month_add(day, months)
    return target.replace(day=min(day.day, month_last_day(target).day))


def months_between(start: date, end: date) -> Decimal:
    """Months from ``start`` up to (not including) ``end``: whole calendar months, then the rest of a
    month as a fraction of that month's days. 2025-01-01 → 2026-01-01 is exactly 12; none if ``end`` is
    not later."""
    if end <= start:
        return Decimal("0")
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and months_add(start, whole) > end:
        whole -= 1
    anchor = months_add(start, whole)
    rest = (end - anchor).days
    if not rest:
        return Decimal(whole)
    span = (months_add(anchor, 1) - anchor).days
    return Decimal(whole) + Decimal(rest) / Decimal(span)
