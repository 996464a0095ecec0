"""What the statistics count, and how: the measures of the monthly fact table, the case changes that move
a case in or out of 在保, and 环比 (month arithmetic is :mod:`policy.months`).

Definitions (docs/statistics.md explains them with examples):

* A case's **status in month M** is the ``to_status`` of its latest status-changing event (纳入, 暂停, 停发,
  恢复, 退出: :data:`STATUS_CHANGES`) whose ``effective_month`` is M or earlier, ordered by effective
  month and then by the order the events were recorded. A change recorded late but effective earlier
  (补办) therefore counts from the month it took effect, not from the day it was typed in.
* **在保 at the end of M** (月末在保, point in time): the status in M is 在保 (``active``). 暂停 and 停发
  cases are not counted: they are not paid that month. Households = cases (one case is one household's
  membership of one programme); persons = the case's 保障成员 as they were in M.
* **新增 in M**: cases whose 纳入 takes effect in M (their first month). **退出 in M**: cases whose 退出
  takes effect in M (M is their first month without payment); their persons are those of month M − 1.
* **Money** is the payroll's 实发: lines of approved payrolls that the bank confirmed (``paid``), by the
  payroll month, exactly as the 资金台账 sums them; a failed or held line is not money spent.
* **临时救助** is paid once: 人次 and 金额 are the approved grants (``decision_amount``) by decision month.

Point-in-time measures are never summed over months; flows and money are (to the 累计 of the year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "IN_CARE",
    "STATUS_CHANGES",
    "Figures",
    "Measure",
    "change_rate",
    "figures_add",
]

# The case changes that set a status; 调整, 渐退 and 定期核查 keep it (policy.cases.CASE_TRANSITIONS).
STATUS_CHANGES: tuple[str, ...] = ("enrol", "suspend", "stop", "resume", "exit")
IN_CARE = "active"
NEW_CHANGE, EXIT_CHANGE = "enrol", "exit"


class Measure(StrEnum):
    HOUSEHOLDS = "households"  # 月末在保户数
    PERSONS = "persons"  # 月末在保人数
    NEW_HOUSEHOLDS = "new_households"  # 当月新增户数
    NEW_PERSONS = "new_persons"
    EXIT_HOUSEHOLDS = "exit_households"  # 当月退出户数
    EXIT_PERSONS = "exit_persons"
    PAID_LINES = "paid_lines"  # 实发笔数
    PAID_CENTS = "paid_cents"  # 实发金额（分）
    GRANTS = "grants"  # 临时救助人次
    GRANT_CENTS = "grant_cents"  # 临时救助金额（分）

    @property
    def point_in_time(self) -> bool:
        """True for a count at the month's end, which is never summed over months."""
        return self in (Measure.HOUSEHOLDS, Measure.PERSONS)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Measure.HOUSEHOLDS: "月末在保户数",
    Measure.PERSONS: "月末在保人数",
    Measure.NEW_HOUSEHOLDS: "当月新增户数",
    Measure.NEW_PERSONS: "当月新增人数",
    Measure.EXIT_HOUSEHOLDS: "当月退出户数",
    Measure.EXIT_PERSONS: "当月退出人数",
    Measure.PAID_LINES: "实发笔数",
    Measure.PAID_CENTS: "实发金额",
    Measure.GRANTS: "临时救助人次",
    Measure.GRANT_CENTS: "临时救助金额",
}

# (programme code, urban?, measure) → value; money in cents (fen), so sums stay exact integers.
Figures = Mapping[tuple[str, bool, Measure], int]


def figures_add(rows: Iterable[Figures]) -> dict[tuple[str, bool, Measure], int]:
    """The flows of several months added up (累计); point-in-time measures are left out."""
    total: dict[tuple[str, bool, Measure], int] = {}
    for row in rows:
        for key, value in row.items():
            if not key[2].point_in_time:
                total[key] = total.get(key, 0) + value
    return total


def change_rate(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """环比 in per cent, to one decimal, rounded half up: (本期 − 上期) ÷ 上期 × 100; None when 上期 is 0
    (the form then shows “—”, as a rise from nothing has no ratio)."""
    if previous == 0:
        return None
    rate = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
