"""月度发放: what one case (在保对象) is paid in one month's payroll, and why.

:func:`pay_month` looks at every month not yet settled — those after ``paid_through`` up to the payroll
month — and pays each at that month's amount and status: the month itself (本月应发), earlier months as
补发, minus a capped 追回 deduction. Each line carries reason codes and a Chinese trace with the numbers.

The rules, all local configuration (``payroll.*`` in :data:`policy.parameters.CATALOGUE`):

* **Partial months.** A month in which the case is in force for only some days (纳入 or 恢复 on a day
  after the 1st: ``payroll.start_rule``; 暂停, 停发 or 退出 on a day after the 1st: ``payroll.stop_rule``)
  is paid in full (``full``), not at all (``none``) or by calendar days (``by_day``: amount × days ÷ days
  of the month, rounded once by :func:`policy.money.yuan`). A month with both a start and a stop takes the
  more favourable of the two rules (full, then by_day, then none).
* **Statuses are by day.** A ``StatusPeriod`` starting on the 1st makes its whole month that status, so
  "停发 from next month" is a period starting on the 1st of the next month, or a mid-month stop under
  ``stop_rule = full``. 停发 and 退出 days are never paid.
* **暂停.** With ``payroll.resume_backpay`` on, a suspension that ends in 恢复 is paid back as if it had not
  happened; while its outcome is open the months it touches are withheld (nothing paid for them, and
  ``paid_through_after`` stays before them so a later payroll sees them again). A suspension that ends in
  停发 or 退出 — or any suspension when the flag is off — is not paid.
* **补发** reaches back ``payroll.arrears_max_months`` months; older money due is not paid but listed in
  ``overdue`` for manual handling, and ``paid_through_after`` moves past it.
* **追回** deducts at most ``payroll.recovery_cap_rate`` of the month's gross (and at most
  ``payroll.recovery_cap_amount`` when that is above 0), never more than is due, so ``net`` ≥ 0.

Amounts change by whole months (调整, 调标, 渐退 take effect from a month). Months before ``start_on``'s
month are never paid.

For the set-based engine: :func:`is_plain` names, as a condition to mirror in SQL, the cases whose line is
simply the amount in force (reasons ``('regular',)``); everything else goes through :func:`pay_month`.
Store ``PayLine.paid_through_after`` as the case's new ``paid_through`` once the payroll is approved; a None
line leaves it as it was. :func:`recovery_for` works out the 追回 after an event such as a death.

Modules: ``model`` (inputs, rules, the line), ``days`` (the day timeline and one month's computation),
``lines`` (the three functions above).
"""

# Month arithmetic lives in policy.months; these two stay importable from here for the demo generator
# (apps/demo) until it imports them from there.
from policy.months import month_add, month_parse
from policy.payroll.lines import is_plain, pay_month, recovery_for
from policy.payroll.model import (
    REASON_LABELS,
    AmountPeriod,
    ArrearsMonth,
    Overpayment,
    PaidMonth,
    PartialMonth,
    PayFacts,
    PayLine,
    PayRules,
    StatusPeriod,
    pay_rules,
)

__all__ = [
    "REASON_LABELS",
    "AmountPeriod",
    "ArrearsMonth",
    "Overpayment",
    "PaidMonth",
    "PartialMonth",
    "PayFacts",
    "PayLine",
    "PayRules",
    "StatusPeriod",
    "is_plain",
    "month_add",
    "month_parse",
    "pay_month",
    "pay_rules",
    "recovery_for",
]
