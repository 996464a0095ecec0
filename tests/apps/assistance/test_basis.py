"""The frozen 低保 basis of a case: recorded at approval, replaced on a later record, and read back as
columns that give the same amounts as the single-household means test."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from apps.assistance.models import CaseBasis, CaseBasisMember
from apps.assistance.services.basis import case_basis_record, cases_load, excluded_text
from apps.registry.selectors import household_members
from apps.registry.services.finances import IncomeInput, income_add
from apps.standards.mappers import household_facts_from_registry
from apps.standards.selectors import standards_for
from policy.areas import area_code_range
from policy.facts import IncomeFacts, IncomeKind
from policy.programs import assess_program
from policy.programs.bulk import bulk_columns, dibao_bulk
from tests.apps.assistance.flow import approved_case
from tests.apps.assistance.test_restandard import case_with_basis
from tests.factories import COUNTY, VILLAGE
from tests.policy.programs.test_bulk import random_household

pytestmark = pytest.mark.usefixtures("standards")
ON = date(2023, 6, 1)


def _bulk_amount(on: date, standards) -> int:
    low, high = area_code_range(COUNTY)
    columns = cases_load(low=low, high=high).columns
    return int(dibao_bulk(columns.households(on), standards).amount[0])


def test_approval_records_a_basis_that_gives_back_the_assessed_amount(worker, reviewer, approver, family):
    # given a household with a wage, approved through the whole workflow
    head = household_members(household=family).first().person
    income_add(
        actor=worker,
        household=family,
        data=IncomeInput(
            person_id=head.pk,
            income_type="wage",
            amount="9000.00",
            period_start=date(2024, 9, 1),
            period_end=date(2025, 8, 31),
        ),
    )
    case = approved_case(actor=reviewer, household=family, approver=approver)
    # when the basis is read back as columns and re-assessed on the day it was taken
    basis = CaseBasis.objects.get(case=case)
    standards = standards_for(area_code=case.area_id, urban=case.is_urban, on=basis.assessed_on)
    amount = _bulk_amount(basis.assessed_on, standards)
    # then it is the amount the single-household means test gave, and the amount decided
    facts = household_facts_from_registry(household=family, on=basis.assessed_on, standards=standards)
    single = assess_program(code="dibao", household=facts, standards=standards, on=basis.assessed_on)
    assert Decimal(amount) / 100 == single.monthly_amount == case.application.proposed_amount
    assert case.monthly_amount == single.monthly_amount
    assert basis.assessed_on == case.application.assessed_on
    assert basis.members == CaseBasisMember.objects.filter(basis=basis).count() == 3
    assert basis.income == 75000  # 9000 ÷ 12 months, in cents
    assert Decimal(basis.amount) / 100 == single.monthly_amount


def test_a_case_of_another_programme_has_no_basis(areas, worker):
    case = case_with_basis(actor=worker, facts=None, amount=Decimal("100"))
    case.program = "longevity"

    assert case_basis_record(case=case, on=ON) is None
    assert not CaseBasis.objects.filter(case=case).exists()


def test_recording_again_replaces_the_basis_and_its_members(areas, worker):
    rng = random.Random(7)
    case = case_with_basis(actor=worker, facts=random_household(rng, 1, Decimal("680")), amount=Decimal("1"))
    facts = random_household(rng, 2, Decimal("680"))

    case_basis_record(case=case, on=date(2024, 1, 1), facts=facts)

    basis = CaseBasis.objects.get(case=case)
    assert basis.assessed_on == date(2024, 1, 1)
    assert CaseBasisMember.objects.filter(basis__case=case).count() == len(facts.members)


def test_loaded_columns_are_the_bulk_columns_of_the_facts(areas, worker):
    # given bases recorded from random households, one with a business loss
    rng = random.Random(2026)
    households = [random_household(rng, i, Decimal("680")) for i in range(25)]
    loss = (IncomeFacts(IncomeKind.BUSINESS, Decimal("-120.50")),)
    households[3] = dataclasses.replace(
        households[3], members=(dataclasses.replace(households[3].members[0], incomes=loss),)
    )
    for facts in households:
        case_with_basis(actor=worker, facts=facts, amount=Decimal("1"), on=ON)
    standards = standards_for(area_code=VILLAGE, urban=True, on=ON)
    # when they are loaded as columns
    low, high = area_code_range(COUNTY)
    loaded = cases_load(low=low, high=high).columns
    # then each column equals the reference columns, ages computed on the day
    day = date(2024, 3, 1)
    expected = bulk_columns(households, standards=standards, on=day)
    got = loaded.households(day)
    for name in expected.__slots__:  # type: ignore[attr-defined]
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name
    assert loaded.excluded_values == (excluded_text(standards),) and (loaded.excluded == 0).all()
