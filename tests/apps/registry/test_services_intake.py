"""household_register: a new household, its members and their incomes in one save, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.core.models import AuditLog
from apps.registry.models import Household, Income, Membership, Person
from apps.registry.services import intake
from apps.registry.services.households import HouseholdInput, NewMember
from apps.registry.services.intake import NewIncome, household_register
from policy.errors import PermissionDenied, ValidationFailed
from tests.factories import VILLAGE, person_input

pytestmark = pytest.mark.django_db


def _members() -> list[NewMember]:
    return [
        NewMember(relation="head", data=person_input(name="李大山")),
        NewMember(relation="spouse", data=person_input(name="周小红")),
    ]


def _income(member: int | None = 0, amount: str = "800", **kw: object) -> NewIncome:
    values: dict[str, object] = {
        "member": member,
        "income_type": "wage",
        "amount": amount,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 6, 30),
    }
    values.update(kw)
    return NewIncome(**values)  # type: ignore[arg-type]


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Household.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Income.objects.count(),
        AuditLog.objects.count(),
    )


def test_household_members_and_incomes_are_saved_together_with_an_audit_row_each(worker):
    # when
    household = household_register(
        actor=worker,
        household=HouseholdInput(area_code=VILLAGE, address="幸福路3号", account_number="6222020200112233"),
        members=_members(),
        incomes=[_income(0, "1,200.50"), _income(1, "300", income_type="transfer")],
    )
    # then
    assert household.account_number == "6222020200112233"
    incomes = {i.person.name: i for i in Income.objects.filter(household=household).select_related("person")}
    assert incomes["李大山"].amount == Decimal("1200.50") and incomes["李大山"].income_type == "wage"
    assert incomes["周小红"].amount == Decimal("300.00") and incomes["周小红"].income_type == "transfer"
    audit = AuditLog.objects.filter(household_id=household.pk, actor=worker)
    assert audit.filter(entity_type="registry.household", action="create").count() == 1
    assert audit.filter(entity_type="registry.income", action="create").count() == 2
    assert audit.filter(summary__contains="加入家庭").count() == 2  # each member joining


def test_a_bad_income_row_writes_nothing_and_names_its_row(worker):
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        household_register(
            actor=worker,
            household=HouseholdInput(area_code=VILLAGE, address="幸福路3号"),
            members=_members(),
            incomes=[_income(0, "800"), _income(1, "八百")],
        )
    assert set(caught.value.errors) == {"incomes-1-amount"}
    assert _counts() == before


def test_member_and_income_mistakes_come_back_together(worker):
    members = _members()
    members[1].data.id_number = "421303199001011230"  # a wrong check digit
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        household_register(
            actor=worker,
            household=HouseholdInput(area_code=VILLAGE, address="幸福路3号"),
            members=members,
            incomes=[_income(None), _income(0, period_start=date(2026, 7, 1), period_end=date(2026, 6, 1))],
        )
    assert {"members-1-id_number", "incomes-0-member", "incomes-1-period_end"} <= set(caught.value.errors)
    assert _counts() == before


def test_a_refusal_by_the_income_service_itself_rolls_back_the_household(worker, monkeypatch):
    # given: the early check lets the row through, so income_add refuses it after the household was written
    monkeypatch.setattr(intake, "_income_problems", lambda income, **kw: {})
    before = _counts()
    with pytest.raises(ValidationFailed) as caught:
        household_register(
            actor=worker,
            household=HouseholdInput(area_code=VILLAGE, address="幸福路3号"),
            members=_members(),
            incomes=[_income(0, "800"), _income(1, "-5")],
        )
    assert "incomes-1-amount" in caught.value.errors
    assert _counts() == before


def test_a_role_that_cannot_edit_the_registry_is_refused(finance):
    with pytest.raises(PermissionDenied):
        household_register(
            actor=finance,
            household=HouseholdInput(area_code=VILLAGE, address="幸福路3号"),
            members=_members(),
            incomes=[],
        )
