"""Building monitoring data through the real services: register households, incomes, lists, alerts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from apps.assistance.models import Case
from apps.crosscheck.models import Batch
from apps.crosscheck.services.runs import crosscheck_run
from apps.monitoring.models import Alert
from apps.monitoring.services import OutcomeInput, alert_visit, flag_add
from apps.registry.models import Household, Person
from apps.registry.selectors import household_members
from apps.registry.services.finances import IncomeInput, income_add
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.crosscheck.flow import csv_bytes, import_list
from tests.factories import COUNTY, household

TODAY = "2026-01-10"
ON = date(2026, 1, 10)

__all__ = ["ON", "TODAY", "OutcomeInput"]


def flagged(*, worker: Any, reviewer: Any, members: int = 2, **kw: Any) -> Household:
    """A household put under 防返贫 monitoring by the township."""
    fam = household(actor=worker, members=members, **kw)
    flag_add(actor=reviewer, household=fam, reason="因病返贫风险")
    return fam


def dibao_case(*, worker: Any, reviewer: Any, approver: Any, members: int = 2) -> Case:
    if not Case.objects.exists():
        dibao_standards(COUNTY)
    return approved_case(
        actor=reviewer, household=household(actor=worker, members=members), approver=approver
    )


def people(fam: Household) -> list[Person]:
    return [m.person for m in household_members(household=fam)]


def earn(actor: Any, fam: Household, person: Person, amount: str, year: int) -> None:
    income_add(
        actor=actor,
        household=fam,
        data=IncomeInput(
            person_id=person.pk,
            income_type="wage",
            amount=Decimal(amount),
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31) if year < ON.year else ON,
        ),
    )


def listed(
    *, actor: Any, tmp: Path, source: str, headers: list[str], rows: list[list[str]], name: str = "名单.csv"
) -> Batch:
    """A list imported and run by ``actor`` (a county approver)."""
    batch = import_list(
        actor=actor, content=csv_bytes(rows, headers=headers), tmp=tmp, source=source, name=name
    )
    crosscheck_run(actor=actor, batch=batch)
    return batch


def visited(*, actor: Any, alert: Alert) -> Alert:
    return alert_visit(actor=actor, alert=alert, visited_on=ON, notes="入户了解，家庭确有困难")
