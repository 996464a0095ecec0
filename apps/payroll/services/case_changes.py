"""Changing cases, with the money the change settles: the services every entry point calls.

assistance changes a case and knows nothing of the payroll, the floor above it. A change — one case's
调整, 暂停, 停发, 恢复, 退出 or 渐退, or a 调标 of a whole county — may take effect in a month the payroll
has already paid; the difference is then settled as a 补差 or a 追回 (:mod:`.retro`). Each service here
runs the assistance change and then that settlement, in one transaction: if either fails, neither is
written. The case page and API, the 调标 page and command and a cross-check remedy call these; tests of
casework alone call assistance's own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from apps.assistance.models import Case, StandardChangeRun
from apps.assistance.services.cases import case_change_apply
from apps.assistance.services.restandard import Progress, restandard_write_steps
from apps.payroll.models import PayAdjustment, Recovery
from apps.payroll.services.retro import case_change_settle, restandard_settle

if TYPE_CHECKING:
    from apps.accounts.models import User


@transaction.atomic
def case_change(
    *,
    actor: User,
    case: Case,
    change: str,
    reason_code: str,
    reason: str,
    amount: Decimal | None = None,
    covered: Sequence[int] | None = None,
    effective_month: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> Case:
    """:func:`apps.assistance.services.cases.case_change` (same arguments), then the 补差 or 追回 of the
    months already paid that it reaches back into; answers the case as it is now."""
    return case_change_settled(
        actor=actor,
        case=case,
        change=change,
        reason_code=reason_code,
        reason=reason,
        amount=amount,
        covered=covered,
        effective_month=effective_month,
        expected_version=expected_version,
        on=on,
    ).case


@dataclass(frozen=True, slots=True)
class SettledChange:
    case: Case  # as it is now
    settled: PayAdjustment | Recovery | None  # what this change settled for the months already paid


@transaction.atomic
def case_change_settled(
    *,
    actor: User,
    case: Case,
    change: str,
    reason_code: str,
    reason: str,
    amount: Decimal | None = None,
    covered: Sequence[int] | None = None,
    effective_month: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> SettledChange:
    """:func:`case_change`, answering also the 补差 or 追回 it wrote (a cross-check remedy reports it)."""
    made = case_change_apply(
        actor=actor,
        case=case,
        change=change,
        reason_code=reason_code,
        reason=reason,
        amount=amount,
        covered=covered,
        effective_month=effective_month,
        expected_version=expected_version,
        on=on,
    )
    settled = case_change_settle(
        actor=actor,
        case=made.case,
        event=made.event,
        amount_before=made.amount_before,
        phase_out_before=made.phase_out_before,
    )
    return SettledChange(case=made.case, settled=settled)


def restandard_apply_steps(*, actor: User, run: StandardChangeRun) -> Iterator[Progress | StandardChangeRun]:
    """确认调标: apply exactly what ``run`` previewed (:func:`apps.assistance.services.restandard.
    restandard_write_steps`), then settle the months already paid at the old amount, in one transaction;
    yields the stages for a progress bar, then the applied run."""
    with transaction.atomic():
        applied = yield from restandard_write_steps(actor=actor, run=run)
        yield Progress("正在结算已发放月份的补差和追回……", 90)
        restandard_settle(actor=actor, run=applied)
    yield Progress("调标完成", 100)
    yield applied


def restandard_apply(*, actor: User, run: StandardChangeRun) -> StandardChangeRun:
    """:func:`restandard_apply_steps` without the progress."""
    applied = run
    for step in restandard_apply_steps(actor=actor, run=run):
        if isinstance(step, StandardChangeRun):
            applied = step
    return applied


__all__ = ["case_change", "restandard_apply", "restandard_apply_steps"]
