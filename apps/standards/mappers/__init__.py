"""From the registry to the policy core: one :class:`~policy.facts.HouseholdFacts` for a household and a day.

The JSON of ``minzheng assess`` and ``POST /api/v1/assessments/`` is read in
:mod:`apps.standards.mappers.assess_json` (its hypothetical standards in
:mod:`apps.standards.mappers.overrides`); this module reads the registry's rows. docs/assess.md describes
both mappings for caseworkers.

- **Members**: the current members (head first), leaving out anyone who died on or before the day.
- **Incomes**: each Income row of a member whose period overlaps the 12 months before the day. A row's
  monthly amount is its amount ÷ the months of its period (a year's 12 000 is 1 000 a month); several
  rows of one member and type are averaged, weighted by how many of those 12 months each covers.
- **Assets**: 银行存款 and 有价证券 values summed as financial assets; vehicles, homes and 经营主体
  counted; 其他财产 is not counted.
- **Person fields**: disability, serious illness and the six-item self-care rating as recorded;
  就业状况 gives in_school (在校学生), employed (在业、务农) and employable; where it is blank the person
  is employable unless the 特困 rules find them unable to work (age or disability).
- **法定义务人**: the registry does not record it; a member is taken to have an able supporter when
  another member of the household is an adult able to work.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from apps.registry.models import Asset, Household, Income, Person
from apps.registry.selectors import household_members
from policy.facts import AssetFacts, ExpenseFacts, HouseholdFacts, IncomeFacts, IncomeKind, MemberFacts
from policy.money import yuan
from policy.months import months_add, months_between
from policy.parameters import Standards
from policy.programs.tekun import work_incapacity

ZERO = Decimal("0")
# 民法典第十七条: adults are 18 and over; national law, not a local parameter.
ADULT_AGE = 18
NOT_EMPLOYABLE = {"student", "preschool", "retired", "unable"}
EMPLOYABLE = {"employed", "farming", "unemployed", "none"}
EMPLOYED = {"employed", "farming"}
FINANCIAL_ASSETS = {"deposit", "securities"}


def monthly_incomes(rows: list[Income], *, on: date) -> dict[tuple[int, str], Decimal]:
    """Average monthly income per (person, income type) over the 12 months before ``on``."""
    window_start = months_add(on, -12)
    weighted: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    weights: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        end = row.period_end + timedelta(days=1)
        months = months_between(row.period_start, end)
        overlap = months_between(max(row.period_start, window_start), min(end, on))
        if months <= 0 or overlap <= 0:
            continue
        key = (row.person_id, row.income_type)
        weighted[key] += Decimal(row.amount) / months * overlap
        weights[key] += overlap
    return {key: yuan(weighted[key] / weights[key]) for key in weighted}


def _assets(household: Household) -> AssetFacts:
    deposits, counts = ZERO, defaultdict(int)
    for kind, value in Asset.objects.filter(household=household).values_list("asset_type", "value"):
        if kind in FINANCIAL_ASSETS:
            deposits += value or ZERO
        counts[kind] += 1
    return AssetFacts(
        deposits=yuan(deposits),
        vehicles=counts["vehicle"],
        homes=counts["housing"],
        business=counts["business"],
    )


def _member(person: Person, relation: str, incomes: list[IncomeFacts]) -> MemberFacts:
    employment = person.employment
    return MemberFacts(
        id_number=person.id_number,
        name=person.name,
        relation=relation,
        birth_date=person.birth_date,
        incomes=tuple(incomes),
        disability_category=person.disability_category,
        disability_grade=person.disability_grade,
        self_care=person.self_care,
        serious_illness=person.serious_illness,
        in_school=employment == "student",
        employable=employment in EMPLOYABLE,
        employed=employment in EMPLOYED,
    )


def supporter_able_infer(member: MemberFacts, members: list[MemberFacts], on: date) -> bool:
    """Whether someone else in the household could support ``member``: an adult able to work."""
    return any(o is not member and o.employable and o.age_on(on) >= ADULT_AGE for o in members)


def household_facts_from_registry(
    *, household: Household, on: date, standards: Standards, expenses: ExpenseFacts | None = None
) -> HouseholdFacts:
    """The household as the programmes see it on ``on``; ``standards`` decide who is unable to work
    where the registry leaves 就业状况 blank. ``expenses`` come from the caller (the registry has none)."""
    memberships = [
        m
        for m in household_members(household=household)
        if m.person.death_date is None or m.person.death_date > on
    ]
    persons = [m.person for m in memberships]
    rows = list(
        Income.objects.filter(
            person__in=persons, period_end__gte=months_add(on, -12), period_start__lt=on
        ).only("person_id", "income_type", "amount", "period_start", "period_end")
    )
    monthly = monthly_incomes(rows, on=on)
    members = []
    for membership in memberships:
        person = membership.person
        incomes = [
            IncomeFacts(IncomeKind(kind), amount)
            for (person_id, kind), amount in sorted(monthly.items())
            if person_id == person.pk and amount > 0
        ]
        member = _member(person, membership.relation, incomes)
        if not person.employment:
            able = not work_incapacity(member, standards=standards, on=on)
            member = dataclasses.replace(member, employable=able)
        members.append(member)
    members = [
        dataclasses.replace(
            m,
            supporter_able=any(o is not m and o.employable and o.age_on(on) >= ADULT_AGE for o in members),
        )
        for m in members
    ]
    hukou_county = household.area_id[:6]
    members = [
        dataclasses.replace(m, local_hukou=p.hukou_area_id[:6] == hukou_county)
        for m, p in zip(members, persons, strict=True)
    ]
    return HouseholdFacts(
        area_code=household.area_id,
        urban=household.is_urban,
        members=tuple(members),
        assets=_assets(household),
        expenses=expenses or ExpenseFacts(),
    )


__all__ = [
    "household_facts_from_registry",
    "monthly_incomes",
    "supporter_able_infer",
]
