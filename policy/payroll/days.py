"""Days and months of one case: its status timeline, and what each month earns under the rules.

Internal to ``policy.payroll``; the rules it applies are described in that package's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from policy.cases import CaseStatus
from policy.money import yuan
from policy.months import month_add, month_last_day
from policy.payroll.model import (
    ONE_DAY,
    ZERO,
    AmountPeriod,
    PartialMonth,
    PayFacts,
    PayRules,
)

__all__ = ["MonthResult", "Run", "month_evaluate", "timeline"]

# Day kinds on the case's timeline, beyond the CaseStatus values.
_BEFORE = "before"  # before start_on
_BACKPAY = "backpay"  # suspended, later resumed, paid back
_OPEN = "open"  # suspended and still so at the end of the payroll month (withheld)
_ACTIVE = CaseStatus.ACTIVE.value
_PAID_KINDS = frozenset({_ACTIVE, _BACKPAY})
_KIND_LABELS = {
    _BEFORE: "未纳入",
    _ACTIVE: "在保",
    _BACKPAY: "暂停（已恢复，补发）",
    _OPEN: "暂停（待恢复）",
    CaseStatus.SUSPENDED.value: "暂停",
    CaseStatus.STOPPED.value: "停发",
    CaseStatus.EXITED.value: "退出",
}
_KIND_REASON = {
    _BACKPAY: "suspended",
    _OPEN: "suspended",
    CaseStatus.SUSPENDED.value: "suspended",
    CaseStatus.STOPPED.value: "stopped",
    CaseStatus.EXITED.value: "exited",
}
_EARNING = frozenset({_ACTIVE, _BACKPAY, _OPEN})
_EVENTFUL = frozenset({_ACTIVE, _BACKPAY, _OPEN, CaseStatus.SUSPENDED.value})
Run = tuple[date, date, str]


def timeline(facts: PayFacts, until: date, backpay: bool) -> list[Run]:
    """The case's days from ``start_on`` to ``until`` as runs of one kind each, in order.

    Only changes up to ``until`` count, so a suspension still running at ``until`` is open (withheld)
    even if a later 恢复 is already on file.
    """
    if facts.start_on > until:
        return []
    raw: list[tuple[date, date, CaseStatus]] = []
    first, current = facts.start_on, facts.status_on(facts.start_on)
    for period in facts.statuses:
        if period.start <= facts.start_on:
            continue
        if period.start > until:
            break
        if period.start == first:  # two changes on one day: the later one holds
            current = period.status
            if raw and raw[-1][2] == current:
                first = raw.pop()[0]
        elif period.status != current:
            raw.append((first, period.start - ONE_DAY, current))
            first, current = period.start, period.status
    raw.append((first, until, current))
    runs: list[Run] = []
    for index, (start, end, status) in enumerate(raw):
        kind: str = status.value
        if status == CaseStatus.SUSPENDED and backpay:
            following = raw[index + 1][2] if index + 1 < len(raw) else None
            # resumed: paid back; still suspended: withheld; ended in 停发/退出: forfeited
            kind = _BACKPAY if following == CaseStatus.ACTIVE else _OPEN if following is None else kind
        runs.append((start, end, kind))
    return runs


@dataclass(slots=True, kw_only=True)
class MonthResult:
    """One month of one case, computed."""

    month: date
    period: AmountPeriod
    due: Decimal  # what the month earns now
    whole: bool  # paid as a whole month
    held: bool  # an open suspension would earn more: withheld
    if_resumed: Decimal  # what it earns if the open suspension ends in 恢复
    backpay: bool  # has suspended days paid back
    eventful: bool  # in force or suspended on some day, or a status change takes effect in it
    partial: bool  # a start or stop rule decided it
    codes: list[str]
    detail: str


def _paid_days(segments: list[tuple[int, bool]], rules: PayRules) -> tuple[int, list[str], str]:
    """Days paid in a month from its (length, paid-kind) segments, with reason codes and words."""
    days = sum(length for length, _ in segments)
    active = sum(length for length, paid in segments if paid)
    if active in (0, days):
        return active, [], ""
    flags = [paid for _, paid in segments]
    starts = any(not a and b for a, b in pairwise(flags))
    stops = any(a and not b for a, b in pairwise(flags))
    applied = [r for r, on in ((rules.start_rule, starts), (rules.stop_rule, stops)) if on]
    for rule in (PartialMonth.FULL, PartialMonth.BY_DAY, PartialMonth.NONE):
        if rule in applied:
            break
    words = f"不足整月（{active}/{days}天），按{rule.label}"
    if rule is PartialMonth.FULL:
        return days, [], words
    if rule is PartialMonth.NONE:
        return 0, ["partial_unpaid"], words
    codes = [
        c
        for c, r, on in (
            ("prorated_start", rules.start_rule, starts),
            ("prorated_stop", rules.stop_rule, stops),
        )
        if on and r is rule
    ]
    return active, codes, words


def month_evaluate(facts: PayFacts, runs: list[Run], month: date, rules: PayRules) -> MonthResult:
    """One month: its amount, its days by kind, and what it earns under the rules."""
    last = month_last_day(month)
    days = last.day
    segments: list[tuple[date, date, str]] = []
    if facts.start_on > month:
        segments.append((month, min(facts.start_on - ONE_DAY, last), _BEFORE))
    codes: list[str] = []
    changed = False
    for index, (start, end, kind) in enumerate(runs):
        if end < month or start > last:
            continue
        segments.append((max(start, month), min(end, last), kind))
        if kind in _KIND_REASON:
            codes.append(_KIND_REASON[kind])
        if index > 0 and start >= month:
            changed = True
            if kind == _ACTIVE:
                codes.append("resumed")
    lengths = [((b - a).days + 1, k) for a, b, k in segments]
    kinds = {k for _, k in lengths}
    period = facts.amount_period(month)
    if kinds & _EARNING:  # amount reasons only for months that earn, or would but for a 暂停
        previous = month_add(month, -1)
        if (
            previous >= facts.start_on.replace(day=1)
            and facts.amount_period(previous).amount != period.amount
        ):
            codes.append("amount_changed")
        if period.phase_out:
            codes.append("phase_out")
    paid, rule_codes, words = _paid_days([(n, k in _PAID_KINDS) for n, k in lengths], rules)
    codes += rule_codes
    due = _share(period.amount, paid, days)
    held, if_resumed = False, due
    if any(k == _OPEN for _, k in lengths):
        more, _, _ = _paid_days([(n, k in _PAID_KINDS or k == _OPEN) for n, k in lengths], rules)
        held, if_resumed = more > paid, _share(period.amount, more, days)
    spans = "、".join(
        f"{a.day}–{b.day}日{_KIND_LABELS[k]}" if (a.day, b.day) != (1, days) else f"全月{_KIND_LABELS[k]}"
        for a, b, k in segments
    )
    amount = f"月保障金额 {period.amount} 元" + (f"（{period.note}）" if period.note else "")
    if paid == days:
        calc = f"{words + '：' if words else ''}整月 {due} 元"
    elif paid:
        calc = f"{words}：{period.amount} × {paid} ÷ {days} = {due} 元"
    else:
        calc = f"{words + '：' if words else ''}不发放"
    return MonthResult(
        month=month,
        period=period,
        due=due,
        whole=paid == days,
        held=held,
        if_resumed=if_resumed,
        backpay=_BACKPAY in kinds,
        eventful=changed or bool(kinds & _EVENTFUL),
        partial=bool(words),
        codes=codes,
        detail=f"{amount}；{spans}；{calc}",
    )


def _share(amount: Decimal, paid: int, days: int) -> Decimal:
    if paid == days:
        return amount
    return yuan(amount * paid / days) if paid else ZERO
