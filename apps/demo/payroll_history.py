"""The demo county's payroll history: the months before this one, paid through the real payroll.

So that the statistics, the dashboard's trends, the 资金台账 and the annual appendix have money to show,
曾都区's base caseload starts paid only through the month before the history. Each month of the history
then goes through exactly what 财务 and the 县级审批员 do: a few cases leave (退出, through
``case_change``), finance prepares the payroll, the county approves it, finance makes the 邮储 bank file,
and the bank's return file is imported. Every payment is confirmed except two in the last month, which
the bank returns as failed (账户已销户): this month's preview lists them as waiting to be re-issued.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
from django.utils import timezone

from apps.assistance.models import Case
from apps.core.exports import csv_writer
from apps.payroll.models import LineStatus, PaymentFile, Payroll, ReturnFile
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.bank import payroll_export, payroll_root, sent_lines
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.reconcile import payroll_reconcile
from apps.workbench.services.payroll import payroll_prepare
from policy.areas import area_code_range
from policy.payroll import month_add

if TYPE_CHECKING:
    from apps.accounts.models import User

TEMPLATE = "psbc"  # the 邮储 preset: GBK CSV, its return file keyed by 证件号码
FAILED_LAST_MONTH = 2
EXITS = (0, 1, 2)  # cases leaving in a month, drawn at random


@dataclass(frozen=True, slots=True)
class History:
    months: int
    lines: int
    paid: Decimal
    exits: int


def _bank_return(file: PaymentFile, failures: int, rng: np.random.Generator) -> bytes:
    """What the bank sends back for ``file``: every row 成功 but ``failures`` of them 账户已销户."""
    content = (payroll_root() / file.stored_path).read_bytes()
    rows = list(csv.DictReader(io.StringIO(content.decode("gbk"), newline="")))
    failing = set(rng.choice(len(rows), min(failures, len(rows)), replace=False).tolist()) if rows else set()
    out = io.StringIO(newline="")
    # The shared writer, as every file the system writes; it never has to quote here: the values come
    # from the 邮储 CSV file, whose columns may not begin like a formula (apps.payroll.documents.payment).
    writer = csv_writer(out)
    writer.writerow(["证件号码", "账号", "金额", "交易状态", "响应信息"])
    for n, row in enumerate(rows):
        status, reason = ("账户已销户", "账户已销户") if n in failing else ("成功", "交易成功")
        writer.writerow([row["证件号码"], row["账号"], row["金额"], status, reason])
    return out.getvalue().encode("gbk")


def _exits(*, county: str, month: date, approver: User, rng: np.random.Generator) -> int:
    """退出 from ``month`` for a few 低保 cases in force: income rose above the standard at the 定期核查,
    so the county cancels the 低保 (a real change, with its reason and the audit)."""
    low, high = area_code_range(county)
    in_force = list(
        Case.objects.filter(
            area_id__gte=low, area_id__lte=high, program="dibao", status="active", start_month__lt=month
        ).values_list("pk", flat=True)
    )
    count = min(int(rng.choice(EXITS)), len(in_force))
    for pk in rng.choice(in_force, count, replace=False).tolist() if count else []:
        case_change(
            actor=approver,
            case=Case.objects.get(pk=pk),
            change="exit",
            reason_code="income_over",
            reason="定期核查：家庭成员务工收入增加，人均收入超过保障标准，取消低保",
            effective_month=month,
            on=month_add(month, -1).replace(day=25),
        )
    return count


def _at(month: date, day: int, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime(month.year, month.month, day, hour, minute))


def _dated(payroll: Payroll, month: date) -> None:
    """The month's payroll dated as the office works: prepared on the 8th, approved on the 10th, the bank
    file made on the 12th and its return imported on the 16th (the demo runs them all today, and a
    history stamped with one minute reads like none). The audit log keeps the real time of each write."""
    Payroll.objects.filter(pk=payroll.pk).update(
        prepared_at=_at(month, 8, 9, 30), approved_at=_at(month, 10, 15, 10)
    )
    PaymentFile.objects.filter(payroll=payroll).update(created_at=_at(month, 12, 10, 5))
    ReturnFile.objects.filter(payroll=payroll).update(created_at=_at(month, 16, 16, 40))


def payroll_history_seed(
    *, county: str, first: date, last: date, finance: User, approver: User, seed: int = 2026
) -> History:
    """Pay ``county``'s caseload month by month from ``first`` to ``last`` (first days of months)."""
    rng = np.random.default_rng(seed)
    months = lines = exits = 0
    paid = Decimal("0")
    month = first
    while month <= last:
        exits += _exits(county=county, month=month, approver=approver, rng=rng)
        payroll = payroll_approve(
            actor=approver, payroll=payroll_prepare(actor=finance, county=county, month=month)
        )
        if sent_lines(payroll).filter(status=LineStatus.PENDING).exists():
            file = payroll_export(actor=finance, payroll=payroll, template_code=TEMPLATE)
            failures = FAILED_LAST_MONTH if month == last else 0
            payroll_reconcile(
                actor=finance,
                payroll=payroll,
                content=_bank_return(file, failures, rng),
                filename=f"{month:%Y%m}回盘.csv",
                template_code=TEMPLATE,
            )
        _dated(payroll, month)
        payroll = Payroll.objects.get(pk=payroll.pk)
        months += 1
        lines += payroll.line_count
        paid += payroll.total - payroll.held_total
        month = month_add(month, 1)
    return History(months=months, lines=lines, paid=paid, exits=exits)


__all__ = ["History", "payroll_history_seed"]
