"""The payroll line of one case and month, the plain-case test, and overpayment after an event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from policy.cases import CaseStatus
from policy.facts import TraceStep
from policy.money import yuan
from policy.months import month_add, month_last_day
from policy.payroll.days import MonthResult, month_evaluate, timeline
from policy.payroll.model import (
    ONE_DAY,
    PAY_BASIS,
    REASON_ORDER,
    ZERO,
    ArrearsMonth,
    Overpayment,
    PaidMonth,
    PayFacts,
    PayLine,
    PayRules,
    StatusPeriod,
)

__all__ = ["is_plain", "pay_month", "recovery_for"]


def _basis(m: MonthResult, rules: PayRules, *extra: str) -> str:
    keys = [*extra]
    if m.partial:
        keys += ["payroll.start_rule", "payroll.stop_rule"]
    if "suspended" in m.codes:
        keys.append("payroll.resume_backpay")
    return "；".join([PAY_BASIS, *(rules.basis[k] for k in keys if k in rules.basis)])


def pay_month(*, facts: PayFacts, month: date, rules: PayRules) -> PayLine | None:
    """The case's line in ``month``'s payroll, or None when nothing is due and nothing happened.

    Every month after ``facts.paid_through`` (from the start month when never paid) up to ``month`` is
    computed at its own amount and status; see the package docstring for the rules. None means: no money
    due, none withheld or overdue, and in ``month`` the case was neither in force nor suspended on any
    day and no status change took effect (also when ``month`` is already settled or before the start).
    """
    month = month.replace(day=1)
    start_month = facts.start_on.replace(day=1)
    pointer = facts.paid_through.replace(day=1) if facts.paid_through else None
    new = pointer is None or pointer < start_month
    first = start_month if new or pointer is None else month_add(pointer, 1)
    if first > month:
        return None
    runs = timeline(facts, month_last_day(month), rules.resume_backpay)
    limit = month_add(month, -rules.arrears_max_months)
    codes: set[str] = {"new"} if new else set()
    arrears: list[ArrearsMonth] = []
    withheld: list[ArrearsMonth] = []
    overdue: list[ArrearsMonth] = []
    trace: list[TraceStep] = []
    first_held: date | None = None
    regular = ZERO
    cursor = first
    while cursor <= month:
        m = month_evaluate(facts, runs, cursor, rules)
        codes.update(m.codes)
        label = f"{cursor:%Y年%m月}" + ("应发" if cursor == month else "补发")
        extra: tuple[str, ...] = ()
        if m.held:
            first_held = first_held or cursor
            withheld.append(ArrearsMonth(cursor, m.if_resumed, "withheld", m.detail))
            outcome = f"暂缓发放（恢复后可补 {m.if_resumed} 元）"
        elif cursor == month:
            regular, outcome = m.due, f"{m.due} 元"
        elif m.due == 0:
            outcome = "不发放"
        elif cursor < limit:
            overdue.append(ArrearsMonth(cursor, m.due, "overdue", m.detail))
            outcome, extra = f"{m.due} 元超过补发期限，待人工处理", ("payroll.arrears_max_months",)
        else:
            arrears.append(ArrearsMonth(cursor, m.due, "backpay" if m.backpay else "arrears", m.detail))
            outcome = f"补发 {m.due} 元"
        trace.append(TraceStep(label, m.detail, _basis(m, rules, *extra), outcome))
        cursor = month_add(cursor, 1)
    current = m  # the payroll month itself: the loop's last
    if current.whole and not current.held:
        codes.add("regular")
    codes.update(a.reason for a in arrears)
    if arrears:
        codes.add("arrears")
    if withheld:
        codes.add("withheld")
    if overdue:
        codes.add("overdue")
    gross = regular + sum((a.amount for a in arrears), ZERO)
    if gross == 0 and not withheld and not overdue and not current.eventful:
        return None
    recovery = ZERO
    if facts.recovery_due > 0 and gross > 0:
        recovery, step = _recovery(facts.recovery_due, gross, rules)
        trace.append(step)
        codes.add("recovery")
    arrears_total = gross - regular
    trace.append(
        TraceStep(
            "实发金额",
            f"本月应发 {regular} + 补发 {arrears_total} − 追回 {recovery} = {gross - recovery} 元",
            outcome=f"{gross - recovery} 元",
        )
    )
    if first_held is None:
        after: date | None = month
    else:
        after = month_add(first_held, -1) if first_held > first else pointer
    return PayLine(
        case_id=facts.case_id,
        program=facts.program,
        month=month,
        amount=current.period.amount,
        regular=regular,
        arrears=tuple(arrears),
        recovery=recovery,
        reasons=tuple(sorted(codes, key=REASON_ORDER.__getitem__)),
        trace=tuple(trace),
        paid_through_after=after,
        withheld=tuple(withheld),
        overdue=tuple(overdue),
    )


def _recovery(due: Decimal, gross: Decimal, rules: PayRules) -> tuple[Decimal, TraceStep]:
    """追回 this month: the balance, capped by a share of the gross and a fixed amount."""
    percent = f"{(rules.recovery_cap_rate * 100).normalize():f}%"
    cap = min(yuan(gross * rules.recovery_cap_rate), gross)
    words = f"本月扣减上限 = 应发 {gross} × {percent} = {cap} 元"
    if rules.recovery_cap_amount > 0 and rules.recovery_cap_amount < cap:
        cap = yuan(rules.recovery_cap_amount)
        words += f"，且每月不超过 {cap} 元"
    taken = min(due, cap)
    detail = f"待追回余额 {due} 元；{words}；扣减 {taken} 元，余额 {due - taken} 元"
    keys = ("payroll.recovery_cap_rate", "payroll.recovery_cap_amount")
    basis = "；".join(rules.basis[k] for k in keys if k in rules.basis)
    return taken, TraceStep("追回扣减", detail, basis, f"{taken} 元")


def is_plain(*, facts: PayFacts, month: date) -> bool:
    """Whether ``pay_month`` gives the plain line: ``net`` = the amount in force, reasons ``('regular',)``.

    Exactly when all of these hold (mirror them in SQL for the set-based path):

    1. ``recovery_due`` = 0;
    2. ``paid_through`` is the month before ``month``;
    3. ``start_on`` is before the 1st of ``month``;
    4. the case is 在保 (active) on every day from the last day of the previous month to the last day of
       ``month``: the status in force on the previous month's last day is active, and so is every status
       period starting within ``month`` (a change superseded by another on the same day does not count);
    5. the amount in force in ``month`` equals the one in force in the previous month, and ``month``'s
       amount period is not a 渐退 period.

    The plain line then has ``regular`` = ``net`` = that amount, no 补发, withheld, overdue or 追回, and
    ``paid_through_after`` = ``month``.

    For positive amounts the converse holds too: any other case gets another reason (checked by tests).
    The rules (``PayRules``) do not matter: a month in force all through is paid whole under any rule.
    """
    month = month.replace(day=1)
    previous = month_add(month, -1)
    if facts.recovery_due != 0 or facts.paid_through is None:
        return False
    if facts.paid_through.replace(day=1) != previous or facts.start_on >= month:
        return False
    if facts.status_on(month - ONE_DAY) != CaseStatus.ACTIVE:
        return False
    last = month_last_day(month)
    periods = facts.statuses
    for index, p in enumerate(periods):
        undone = index + 1 < len(periods) and periods[index + 1].start == p.start
        if month <= p.start <= last and p.status != CaseStatus.ACTIVE and not undone:
            return False
    period = facts.amount_period(month)
    return not period.phase_out and period.amount == facts.amount_period(previous).amount


def recovery_for(
    *, facts: PayFacts, event_on: date, paid_months: tuple[PaidMonth, ...], rules: PayRules
) -> Overpayment:
    """What was overpaid once an event (死亡, 迁出 …) on ``event_on`` ended the case.

    The case counts as 退出 from the day after ``event_on``; the event's month is paid under
    ``payroll.stop_rule`` and later months not at all. For each paid month from the event's month on,
    the overpayment is what was paid beyond that entitlement; months before it are not examined.
    """
    ended = replace(
        facts,
        statuses=(
            *(p for p in facts.statuses if p.start <= event_on),
            StatusPeriod(event_on + ONE_DAY, CaseStatus.EXITED),
        ),
    )
    event_month = event_on.replace(day=1)
    paid: dict[date, Decimal] = {}
    for row in paid_months:
        key = row.month.replace(day=1)
        paid[key] = paid.get(key, ZERO) + row.amount
    months: list[ArrearsMonth] = []
    trace: list[TraceStep] = []
    for month in sorted(m for m in paid if m >= event_month):
        if month < ended.start_on.replace(day=1):
            entitled, detail = ZERO, "起始月之前，不应发放"
        else:
            runs = timeline(ended, month_last_day(month), backpay=False)
            result = month_evaluate(ended, runs, month, rules)
            entitled, detail = result.due, result.detail
        over = max(paid[month] - entitled, ZERO)
        words = f"已发 {paid[month]} 元，应发 {entitled} 元（{detail}）"
        trace.append(
            TraceStep(f"{month:%Y年%m月}多发", words, rules.basis.get("payroll.stop_rule", ""), f"{over} 元")
        )
        if over:
            months.append(ArrearsMonth(month, over, "overpaid", words))
    total = sum((row.amount for row in months), ZERO)
    trace.append(
        TraceStep("应追回合计", f"{event_on:%Y年%m月%d日}之后多发合计 {total} 元", outcome=f"{total} 元")
    )
    return Overpayment(total=total, months=tuple(months), trace=tuple(trace))
