"""新建家庭, as one task: the household, its members, their incomes and the payment account in one save.

It runs the household-create and income-create services inside one transaction, so a bad income row
leaves no household, person or income behind, and every row written keeps its own audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from apps.core.clock import today
from apps.core.scoping import require
from apps.registry.choices import IncomeType
from apps.registry.models import Household, Membership
from apps.registry.services.finances import IncomeInput, income_add
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from policy.dates import INCOME_PERIOD, date_problem
from policy.errors import ValidationFailed
from policy.money import parse_yuan
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(kw_only=True)
class NewIncome:
    """An income of one of the new members: ``member`` is its place in ``members`` (0 = the head),
    or None when the row it named was left empty."""

    member: int | None
    income_type: str
    amount: Decimal | str
    period_start: date | None
    period_end: date | None
    note: str = ""


def _income_problems(income: NewIncome, *, members: int, on: date) -> dict[str, list[str]]:
    """What ``income_add`` would refuse, found before anything is written, so that one answer can name the
    members' mistakes and the incomes' together. The same policy checks as ``income_add``."""
    errors: dict[str, list[str]] = {}
    if income.member is None or not 0 <= income.member < members:
        errors["member"] = ["所选成员未填写姓名和公民身份号码，请选择已填写的成员"]
    if income.income_type not in IncomeType.values:
        errors["income_type"] = ["收入类型无效"]
    for field, label in (("period_start", "起始日期"), ("period_end", "截止日期")):
        value = getattr(income, field)
        if value is None:
            errors[field] = [f"请填写{label}"]
        elif problem := date_problem(value, label=label, allowed=INCOME_PERIOD, today=on):
            errors[field] = [problem]
    if not errors.keys() & {"period_start", "period_end"} and income.period_end < income.period_start:  # type: ignore[operator]
        errors["period_end"] = ["截止日期不能早于起始日期"]
    try:
        parse_yuan(income.amount, field="amount")
    except ValidationFailed as exc:
        errors.update(exc.errors)
    return errors


@transaction.atomic
def household_register(
    *, actor: User, household: HouseholdInput, members: list[NewMember], incomes: list[NewIncome]
) -> Household:
    """Register a new household with its members and their incomes: all of it, or nothing.

    Reasons come back keyed as the form's fields: the household's own, ``members-<i>-<field>`` and
    ``incomes-<j>-<field>`` (``j`` the place in ``incomes``).
    """
    require(actor, Capability.EDIT_REGISTRY)
    on = today()
    errors: dict[str, list[str]] = {}
    for j, income in enumerate(incomes):
        for key, reasons in _income_problems(income, members=len(members), on=on).items():
            errors.setdefault(f"incomes-{j}-{key}", []).extend(reasons)
    try:
        created = household_create(actor=actor, data=household, members=members)
    except ValidationFailed as exc:
        raise ValidationFailed({**exc.errors, **errors}) from None
    if errors:
        raise ValidationFailed(errors)
    # household_create joins the members in the order given, one membership row each.
    people = list(
        Membership.objects.filter(household=created, end_date__isnull=True)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    for j, income in enumerate(incomes):
        assert income.member is not None and income.period_start and income.period_end
        try:
            income_add(
                actor=actor,
                household=created,
                data=IncomeInput(
                    person_id=people[income.member],
                    income_type=income.income_type,
                    amount=income.amount,
                    period_start=income.period_start,
                    period_end=income.period_end,
                    note=income.note,
                ),
            )
        except ValidationFailed as exc:
            for key, reasons in exc.errors.items():
                errors.setdefault(f"incomes-{j}-{key}", []).extend(reasons)
    if errors:
        # Raising rolls back the household, its members and the incomes written above.
        raise ValidationFailed(errors)
    return created
