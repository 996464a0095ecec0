"""From registry rows to policy facts: monthly incomes over the last 12 months, assets, people's fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.registry.models import Income
from apps.registry.services.finances import AssetInput, IncomeInput, asset_add, income_add
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from apps.standards.mappers import household_facts_from_registry, monthly_incomes
from apps.standards.selectors import standards_for
from policy.facts import IncomeKind
from policy.months import months_add, months_between
from policy.selfcare import SelfCareLevel
from tests.factories import VILLAGE, new_id_number, person_input

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 1)
ALL_CARE = {f"care_{k}": True for k in ("eat", "dress", "transfer", "toilet", "walk", "bathe")}


def test_months_are_counted_in_calendar_months_and_fractions_of_a_month():
    assert months_between(date(2025, 1, 1), date(2026, 1, 1)) == 12
    assert months_between(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert months_between(date(2025, 6, 1), date(2025, 6, 16)) == Decimal(15) / Decimal(30)
    assert months_add(date(2024, 3, 31), -1) == date(2024, 2, 29)


def _income(kind, amount, start, end, person_id=1):
    return Income(
        person_id=person_id, income_type=kind, amount=Decimal(amount), period_start=start, period_end=end
    )


def test_a_years_income_is_a_twelfth_a_month_even_when_it_only_partly_overlaps_the_window():
    rows = [_income("wage", "12000", date(2025, 1, 1), date(2025, 12, 31))]

    assert monthly_incomes(rows, on=ON) == {(1, "wage"): Decimal("1000.00")}


def test_two_half_years_of_one_type_average_over_the_months_they_cover():
    rows = [
        _income("wage", "6000", date(2025, 3, 1), date(2025, 8, 31)),
        _income("wage", "9000", date(2025, 9, 1), date(2026, 2, 28)),
    ]

    assert monthly_incomes(rows, on=ON) == {(1, "wage"): Decimal("1250.00")}


def test_income_entirely_before_the_last_12_months_is_not_counted():
    rows = [_income("wage", "12000", date(2024, 1, 1), date(2024, 12, 31))]

    assert monthly_incomes(rows, on=ON) == {}


@pytest.fixture
def registry_household(worker):
    """A 78-year-old head (partly unable to care for herself), her employed son, a grandson at school."""
    members = [
        NewMember(
            relation="head",
            data=person_input(
                name="王秀英",
                id_number=new_id_number(birth=date(1948, 5, 1), male=False),
                care={**ALL_CARE, "care_bathe": False, "care_toilet": False},
                disability_category="physical",
                disability_grade=2,
                serious_illness=True,
            ),
        ),
        NewMember(
            relation="child",
            data=person_input(
                name="李强", id_number=new_id_number(birth=date(1975, 1, 1)), employment="employed"
            ),
        ),
        NewMember(
            relation="grandchild",
            data=person_input(
                name="李小宝", id_number=new_id_number(birth=date(2012, 1, 1)), employment="student"
            ),
        ),
    ]
    household = household_create(
        actor=worker, data=HouseholdInput(area_code=VILLAGE, address="乌龙巷1号"), members=members
    )
    son = household.memberships.get(relation="child").person
    income_add(
        actor=worker,
        household=household,
        data=IncomeInput(
            person_id=son.pk,
            income_type="wage",
            amount="24000",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        ),
    )
    for kind, value in [("deposit", "20000"), ("securities", "5000"), ("housing", None), ("vehicle", None)]:
        asset_add(
            actor=worker,
            household=household,
            data=AssetInput(asset_type=kind, description="登记", value=value),
        )
    return household


def test_the_registry_household_becomes_the_facts_the_programmes_read(registry_household, admin_user):
    standards = standards_for(area_code=VILLAGE, urban=True, on=ON)

    facts = household_facts_from_registry(household=registry_household, on=ON, standards=standards)

    head, son, grandson = facts.members
    assert facts.urban is True and facts.area_code == VILLAGE
    assert (head.name, head.self_care, head.disability_grade, head.serious_illness) == (
        "王秀英",
        SelfCareLevel.PARTIAL,
        2,
        True,
    )
    assert [(i.kind, i.monthly) for i in son.incomes] == [(IncomeKind.WAGE, Decimal("2000.00"))]
    assert son.employed and son.employable and grandson.in_school and not grandson.employable
    assert not head.employable  # no 就业状况 recorded, and 78 is past the 特困 elderly age
    assert head.supporter_able and not son.supporter_able  # the son is the only able adult
    assert (facts.assets.deposits, facts.assets.homes, facts.assets.vehicles) == (Decimal("25000.00"), 1, 1)


def test_a_member_who_died_before_the_day_is_left_out(registry_household, worker):
    from apps.registry.services.persons import PersonInput, person_update

    grandson = registry_household.memberships.get(relation="grandchild").person
    person_update(
        actor=worker,
        person=grandson,
        data=PersonInput(
            name=grandson.name,
            id_number=grandson.id_number,
            hukou_area_code=grandson.hukou_area_id,
            death_date=date(2026, 1, 1),
        ),
    )
    standards = standards_for(area_code=VILLAGE, urban=True, on=ON)

    facts = household_facts_from_registry(household=registry_household, on=ON, standards=standards)

    assert [m.name for m in facts.members] == ["王秀英", "李强"]
