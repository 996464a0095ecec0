"""The vectorised 低保 path agrees with the single-household function to the cent."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from policy.facts import AssetFacts, HouseholdFacts, IncomeFacts, IncomeKind, MemberFacts
from policy.means_test import means_test
from policy.programs import dibao
from policy.programs.bulk import bulk_columns, dibao_bulk
from tests.policy.programs.builders import ON, yueyanglou, zengdu

CATEGORIES = ["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]
KINDS = list(IncomeKind)


def cents(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def random_household(rng: random.Random, index: int, standard: Decimal) -> HouseholdFacts:
    size = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
    # aim per-capita income around the lines (0 … 1.8 × standard) so every branch is exercised
    target = standard * size * Decimal(rng.randint(0, 180)) / 100
    members = []
    for k in range(size):
        birth = ON - timedelta(days=rng.randint(0, 100 * 366))
        grade = rng.choice([None, None, None, 1, 2, 3, 4])
        employed = rng.random() < 0.3
        incomes = []
        share = (target / size).quantize(Decimal("0.01"))
        if rng.random() < 0.7:
            kind = IncomeKind.WAGE if employed else rng.choice(KINDS)
            incomes.append(IncomeFacts(kind, share))
        if rng.random() < 0.3:
            incomes.append(IncomeFacts(rng.choice(KINDS), cents(rng, -50, 400)))
        if rng.random() < 0.05:  # own income exactly at the standard: the 单人保 edge
            incomes = [IncomeFacts(IncomeKind.TRANSFER, standard)]
        members.append(
            MemberFacts(
                id_number=f"{index:06d}{k:02d}",
                name=f"成员{k}",
                relation="head" if k == 0 else "child",
                birth_date=birth,
                incomes=tuple(incomes),
                disability_category=rng.choice(CATEGORIES) if grade else "",
                disability_grade=grade,
                serious_illness=rng.random() < 0.1,
                employed=employed,
            )
        )
    if rng.random() < 0.05:  # exactly at the standard
        members[0] = MemberFacts(
            id_number=members[0].id_number,
            name="甲",
            relation="head",
            birth_date=members[0].birth_date,
            incomes=(IncomeFacts(IncomeKind.TRANSFER, standard * size),),
        )
    assets = AssetFacts(
        deposits=cents(rng, 0, 20000 * size) if rng.random() < 0.9 else cents(rng, 0, 60000 * size),
        vehicles=1 if rng.random() < 0.05 else 0,
        homes=rng.choice([0, 1, 1, 1, 1, 2]),
        business=1 if rng.random() < 0.03 else 0,
    )
    return HouseholdFacts(area_code="421303001001", urban=True, members=tuple(members), assets=assets)


STANDARDS = {
    "曾都 urban, defaults": zengdu(),
    "曾都 rural, job cost 30%, cents": zengdu(
        urban=False, dibao__job_cost_rate="0.3", dibao__rounding="cent"
    ),
    "cumulative, odd rates, jiao": zengdu(
        dibao__supplement_cumulative="true",
        dibao__supplement_minor_rate="0.125",
        dibao__minimum_rate="0.15",
        dibao__job_cost_rate="0.333",
        dibao__near_multiple="1.45",
        dibao__rounding="jiao",
    ),
    "岳阳楼 rural 360": yueyanglou(urban=False, dibao__job_cost_rate="0.2"),
    "standard with cents": zengdu(dibao__standard="681.37", dibao__rounding="cent"),
}


@pytest.mark.parametrize("name", list(STANDARDS))
def test_bulk_and_single_household_dibao_agree_on_random_households(name):
    # given 500 random households from a seeded generator
    standards = STANDARDS[name]
    rng = random.Random(20230701)
    households = [random_household(rng, i, standards.money("dibao.standard")) for i in range(500)]

    # when
    bulk = dibao_bulk(bulk_columns(households, standards=standards, on=ON), standards)

    # then every household has the same eligibility and amount, to the cent
    mismatches = []
    for row, household in enumerate(households):
        means = means_test(household=household, standards=standards)
        single = dibao.assess(household=household, standards=standards, on=ON, means=means)
        got = (bool(bulk.eligible[row]), bulk.amount_yuan(row), bool(bulk.near_dibao[row]))
        want = (single.eligible, single.monthly_amount, means.near_dibao_household)
        if got != want:
            mismatches.append((row, got, want))
    assert mismatches == []
    # and the sample exercised every branch
    assert bulk.eligible.sum() > 50
    assert bulk.single.sum() > 2
    assert (~bulk.eligible).sum() > 50


def test_bulk_handles_an_empty_batch():
    standards = zengdu()

    result = dibao_bulk(bulk_columns([], standards=standards, on=ON), standards)

    assert result.amount.shape == (0,)


def test_bulk_refuses_a_rate_it_cannot_keep_exact():
    standards = zengdu(dibao__minimum_rate="0.1234567")
    columns = bulk_columns([], standards=standards, on=date(2023, 7, 1))

    with pytest.raises(ValueError, match="6 decimal places"):
        dibao_bulk(columns, standards)


def test_bulk_amounts_are_integer_cents():
    standards = zengdu()
    rng = random.Random(1)
    households = [random_household(rng, i, Decimal("680")) for i in range(20)]

    result = dibao_bulk(bulk_columns(households, standards=standards, on=ON), standards)

    assert result.amount.dtype == np.int64
