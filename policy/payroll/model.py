"""The payroll's data: a case's facts, the local rules, and the line that comes out (see policy.payroll)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

from policy.cases import CaseStatus
from policy.errors import ValidationFailed
from policy.facts import TraceStep
from policy.money import yuan
from policy.parameters import CATALOGUE, Kind, Standards

__all__ = [
    "ONE_DAY",
    "PAY_BASIS",
    "REASON_LABELS",
    "REASON_ORDER",
    "ZERO",
    "AmountPeriod",
    "ArrearsMonth",
    "Overpayment",
    "PaidMonth",
    "PartialMonth",
    "PayFacts",
    "PayLine",
    "PayRules",
    "StatusPeriod",
    "pay_rules",
]

ZERO = Decimal("0.00")
ONE_DAY = timedelta(days=1)
PAY_BASIS = "民发〔2021〕57号：从作出确认同意决定之日下月起发放，按月社会化发放"

# Every code a line may carry, in the order lines list them, with the words the preview shows.
REASON_LABELS: dict[str, str] = {
    "new": "新纳入",
    "regular": "按月发放",
    "arrears": "补发",
    "backpay": "暂停期间补发",
    "amount_changed": "金额变更",
    "phase_out": "渐退期",
    "prorated_start": "起始当月按日折算",
    "prorated_stop": "停发当月按日折算",
    "partial_unpaid": "不足整月不发",
    "resumed": "恢复发放",
    "suspended": "暂停",
    "withheld": "暂缓发放",
    "stopped": "停发",
    "exited": "退出",
    "overdue": "超期补发待人工处理",
    "recovery": "追回扣减",
    "adjustment": "已发月份补差",
}
REASON_ORDER = {code: i for i, code in enumerate(REASON_LABELS)}


class PartialMonth(StrEnum):
    """How a month in which the case is in force for only some days is paid."""

    FULL = "full"
    NONE = "none"
    BY_DAY = "by_day"

    @property
    def label(self) -> str:
        return {"full": "整月发放", "none": "当月不发", "by_day": "按日折算"}[self.value]


@dataclass(frozen=True, slots=True)
class AmountPeriod:
    """The approved monthly amount from ``start``'s month on (the day is ignored)."""

    start: date
    amount: Decimal
    phase_out: bool = False  # a 渐退 month
    note: str = ""  # e.g. "调标", "渐退第2个月": shown in the trace


@dataclass(frozen=True, slots=True)
class StatusPeriod:
    """The case's status from ``start`` (a day) until the next period."""

    start: date
    status: CaseStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class PayFacts:
    """What the payroll knows about one case.

    ``amounts`` and ``statuses`` are in date order; ``statuses[0]`` holds from ``start_on`` even if dated
    later (the status the case was created with). ``paid_through`` is the last month already settled by an
    approved payroll (None: never paid); ``recovery_due`` the outstanding 追回 balance.
    """

    case_id: int
    program: str
    start_on: date
    amounts: tuple[AmountPeriod, ...]
    statuses: tuple[StatusPeriod, ...]
    paid_through: date | None = None
    recovery_due: Decimal = ZERO

    def __post_init__(self) -> None:
        where = f"在保对象{self.case_id}"
        if not self.amounts or self.amounts[0].start.replace(day=1) > self.start_on.replace(day=1):
            raise ValidationFailed.on("amounts", f"{where}：起始月没有核定的月保障金额")
        if not self.statuses:
            raise ValidationFailed.on("statuses", f"{where}：缺少状态记录")
        for earlier, later in pairwise(self.amounts):
            if later.start.replace(day=1) < earlier.start.replace(day=1):
                raise ValidationFailed.on("amounts", f"{where}：金额记录应按月份先后排列")
        for before, after in pairwise(self.statuses):
            if after.start < before.start:
                raise ValidationFailed.on("statuses", f"{where}：状态记录应按日期先后排列")
        for period in self.amounts:
            if period.amount < 0 or period.amount != yuan(period.amount):
                raise ValidationFailed.on("amounts", f"{where}：月保障金额应为不小于0、到分的金额")
        if self.recovery_due < 0:
            raise ValidationFailed.on("recovery_due", f"{where}：待追回金额不能为负数")

    def amount_period(self, month: date) -> AmountPeriod:
        """The amount in force in ``month`` (the first period also covers earlier months)."""
        starts = [p.start.replace(day=1) for p in self.amounts]
        return self.amounts[max(bisect_right(starts, month.replace(day=1)) - 1, 0)]

    def status_on(self, day: date) -> CaseStatus:
        status = self.statuses[0].status
        for period in self.statuses:
            if period.start > day:
                break
            status = period.status
        return status


@dataclass(frozen=True, slots=True, kw_only=True)
class PayRules:
    """The local payroll rules in force, with where each came from (for the trace)."""

    start_rule: PartialMonth
    stop_rule: PartialMonth
    arrears_max_months: int
    recovery_cap_rate: Decimal
    recovery_cap_amount: Decimal  # 0: no fixed cap
    resume_backpay: bool
    basis: Mapping[str, str] = field(default_factory=dict)  # parameter key → "label：value（source）"


def _shown(standards: Standards, key: str) -> str:
    value = standards.value(key)
    if isinstance(value, bool):
        return "是" if value else "否"
    if key.endswith("_rule"):
        return PartialMonth(str(value)).label
    if CATALOGUE[key].kind == Kind.RATE and isinstance(value, Decimal):
        return f"{(value * 100).normalize():f}%"
    return str(value)


def pay_rules(standards: Standards) -> PayRules:
    """The payroll rules of one county on one day, read from its standards."""
    rate = standards.rate("payroll.recovery_cap_rate")
    if rate > 1:
        raise ValidationFailed.on("payroll.recovery_cap_rate", "追回扣减比例不能超过100%")
    keys = (
        "payroll.start_rule",
        "payroll.stop_rule",
        "payroll.arrears_max_months",
        "payroll.recovery_cap_rate",
        "payroll.recovery_cap_amount",
        "payroll.resume_backpay",
    )
    basis = {
        key: f"{CATALOGUE[key].label}：{_shown(standards, key)}（{standards.source(key) or '已配置'}）"
        for key in keys
    }
    return PayRules(
        start_rule=PartialMonth(standards.text("payroll.start_rule")),
        stop_rule=PartialMonth(standards.text("payroll.stop_rule")),
        arrears_max_months=standards.integer("payroll.arrears_max_months"),
        recovery_cap_rate=rate,
        recovery_cap_amount=standards.money("payroll.recovery_cap_amount"),
        resume_backpay=standards.flag("payroll.resume_backpay"),
        basis=basis,
    )


@dataclass(frozen=True, slots=True)
class ArrearsMonth:
    """One earlier month's money on a line: paid as 补发, withheld, or overdue."""

    month: date
    amount: Decimal
    reason: str  # "arrears", "backpay", "withheld", "overdue" (pay_month) or "overpaid" (recovery_for)
    detail: str = ""  # the month's computation in Chinese


@dataclass(frozen=True, slots=True, kw_only=True)
class PayLine:
    """One case's payment in one payroll month, with its reasons and trace."""

    case_id: int
    program: str
    month: date
    amount: Decimal  # the monthly amount in force this month
    regular: Decimal  # this month's own entitlement
    arrears: tuple[ArrearsMonth, ...]  # 补发, paid now
    recovery: Decimal  # 追回 deducted now
    reasons: tuple[str, ...]
    trace: tuple[TraceStep, ...]
    paid_through_after: date | None
    withheld: tuple[ArrearsMonth, ...] = ()  # 暂停, outcome open: not paid, seen again next month
    overdue: tuple[ArrearsMonth, ...] = ()  # due but older than the 补发 limit: for manual handling

    @property
    def arrears_total(self) -> Decimal:
        return sum((a.amount for a in self.arrears), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.regular + self.arrears_total

    @property
    def net(self) -> Decimal:
        """实发 = 本月应发 + 补发 − 追回; never below zero because 追回 never exceeds the gross."""
        return self.gross - self.recovery


@dataclass(frozen=True, slots=True)
class PaidMonth:
    """What was actually paid for one month (its regular payment plus any 补发 for it)."""

    month: date
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Overpayment:
    """Money paid for months after an event that ended the entitlement: the 追回 to raise."""

    total: Decimal
    months: tuple[ArrearsMonth, ...]  # reason "overpaid", amount = paid − entitled
    trace: tuple[TraceStep, ...]
