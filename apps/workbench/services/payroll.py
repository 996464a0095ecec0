"""发放前比对, then 生成发放表: what the 资金发放 page, the API and ``minzheng payroll prepare`` run.

The cross-check (a floor above the payroll) first matches the county's latest death and cremation lists
against the people its cases cover and holds the payments of anyone matched; the payroll then marks
those lines 暂缓 until a person decides on the lead. The order is the payroll's: the request is checked
first (a refused request runs no check), then the cross-check's holds, each in its own transaction, then
the lease and the one transaction of the preparation (apps/payroll/services/prepare.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from apps.crosscheck.services.holds import death_holds_refresh
from apps.payroll.models import Payroll
from apps.payroll.services import prepare
from apps.payroll.services.prepare import Stage, Step

if TYPE_CHECKING:
    from apps.accounts.models import User


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def payroll_prepare(
    *, actor: User, county: str, month: date, program: str = "", progress: Stage = _quiet
) -> Payroll:
    """生成 (or re-generate, while not yet approved) the payroll of ``county`` for ``month``, after the
    发放前死亡比对 (:func:`apps.crosscheck.services.holds.death_holds_refresh`)."""
    return prepare.payroll_prepare(
        actor=actor,
        county=county,
        month=month,
        program=program,
        progress=progress,
        holds_refresh=death_holds_refresh,
    )


def payroll_prepare_steps(
    *, actor: User, county: str, month: date, program: str = ""
) -> Iterator[Step | Payroll]:
    """:func:`payroll_prepare` as the payroll's generator of stages, for the page that streams them."""
    return prepare.payroll_prepare_steps(
        actor=actor, county=county, month=month, program=program, holds_refresh=death_holds_refresh
    )
