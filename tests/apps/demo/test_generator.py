"""The synthetic population: valid ID numbers, coherent families, exact money, and one audited bulk write."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from apps.areas.models import Area
from apps.core.models import AuditLog
from apps.demo import population, population_people
from apps.demo.generator import population_generate
from apps.registry.models import Household, Income, Membership, Person
from policy.identity import id_number_parse

TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def chunk() -> population.Chunk:
    villages = population.Villages(
        code=np.array(["421303001001", "421303100201", "510116005004"]),
        county=np.array([0, 0, 4]),
        is_urban=np.array([True, False, True]),
        address_prefix=np.array(["西城街道乌龙巷社区", "万店镇万店村", "西航港街道金岛社区"]),
    )
    rng = np.random.default_rng(11)
    return population.households_make(
        rng=rng,
        villages=villages,
        village_of=rng.integers(0, 3, 3000),
        ids=population.FirstIds(1, 1, 1, 1),
        sequencer=population_people.IdSequencer(TODAY),
        today=TODAY,
    )


def _members(chunk: population.Chunk) -> dict[int, list[tuple[str, int, str]]]:
    """Household id → [(relation, age, sex)] from the generated columns."""
    ages = population_people.age_on(chunk.persons["birth_date"], TODAY)
    by_household: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for household, relation, age, sex in zip(
        chunk.memberships["household_id"].tolist(),
        chunk.memberships["relation"].tolist(),
        ages.tolist(),
        chunk.persons["sex"].tolist(),
        strict=True,
    ):
        by_household[household].append((relation, age, sex))
    return by_household


def test_every_generated_id_number_passes_the_check_and_is_unique(chunk):
    numbers = chunk.persons["id_number"].tolist()
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        id_number_parse(number, today=TODAY)


def test_id_number_agrees_with_birth_date_sex_and_county(chunk):
    for number, born, sex, hukou in zip(
        chunk.persons["id_number"].tolist(),
        chunk.persons["birth_date"].astype(str).tolist(),
        chunk.persons["sex"].tolist(),
        chunk.persons["hukou_area_id"].tolist(),
        strict=True,
    ):
        parsed = id_number_parse(number, today=TODAY)
        assert parsed.birth_date.isoformat() == born
        assert parsed.sex == sex
        assert parsed.area_code == hukou[:6]


def test_vectorized_check_digit_matches_the_policy_function():
    sequencer = population_people.IdSequencer(TODAY)
    births = np.array(["1990-01-01", "2000-02-29", "1957-12-31", "2026-06-15"], dtype="datetime64[D]")
    numbers = sequencer.id_numbers(np.array([0, 1, 2, 3]), births, np.array([True, False, True, False]))
    from policy.identity import id_number_check_char

    assert [n[17] for n in numbers.tolist()] == [id_number_check_char(n[:17]) for n in numbers.tolist()]


def test_every_household_has_exactly_one_head_and_realistic_sizes(chunk):
    members = _members(chunk)
    assert len(members) == chunk.count("households")
    assert all(sum(r == "head" for r, _, _ in people) == 1 for people in members.values())
    sizes = Counter(len(people) for people in members.values())
    assert set(sizes) <= {1, 2, 3, 4, 5, 6}
    assert 2.3 <= chunk.count("persons") / chunk.count("households") <= 2.9


def test_ages_and_sexes_fit_each_relation(chunk):
    for people in _members(chunk).values():
        head_age, head_sex = next((a, s) for r, a, s in people if r == "head")
        for relation, age, sex in people:
            if relation == "spouse":
                assert abs(age - head_age) <= 6 and sex != head_sex
            elif relation == "child":
                assert 19 <= head_age - age <= 46
            elif relation == "grandchild":
                assert head_age - age >= 41
            elif relation == "parent":
                assert 19 <= age - head_age <= 36
            elif relation == "child_in_law":
                assert age >= 19


def test_employment_fits_age(chunk):
    ages = population_people.age_on(chunk.persons["birth_date"], TODAY)
    employment = chunk.persons["employment"]
    assert set(employment[ages < 6].tolist()) == {"preschool"}
    assert not set(employment[ages >= 23].tolist()) & {"preschool", "student"}
    assert "retired" not in set(employment[ages < 23].tolist())


def test_disability_rate_is_near_six_percent_with_grade_and_certificate(chunk):
    disabled = chunk.persons["disability_category"] != ""
    assert 0.035 <= disabled.mean() <= 0.09
    grades = chunk.persons["disability_grade"]
    assert not grades[disabled].mask.any() and grades[~disabled].mask.all()
    certs = chunk.persons["disability_cert_no"][disabled].tolist()
    ids = chunk.persons["id_number"][disabled].tolist()
    assert all(len(c) == 20 and c.startswith(i) for c, i in zip(certs, ids, strict=True))


def test_adults_mostly_have_valid_mobile_numbers_and_children_none(chunk):
    ages = population_people.age_on(chunk.persons["birth_date"], TODAY)
    phones = chunk.persons["phone"]
    adults = phones[(ages >= 18) & (ages < 66)]
    assert (adults != "").mean() > 0.85
    assert all(len(p) == 11 and p[0] == "1" and p[1] in "3456789" for p in adults[adults != ""].tolist())
    assert set(phones[ages < 16].tolist()) == {""}


def test_money_is_decimal_text_made_from_integer_cents(chunk):
    amounts = chunk.incomes["amount"]
    assert amounts.dtype.kind == "U"
    assert all(
        Decimal(a).as_tuple().exponent == -2 and Decimal(a) >= Decimal("1.00") for a in amounts.tolist()
    )
    assert population_people.yuan_text(np.array([5, 100, 123456, 10**11 + 7])).tolist() == [
        "0.05",
        "1.00",
        "1234.56",
        "1000000000.07",
    ]


@pytest.mark.django_db
def test_generation_writes_households_people_and_incomes_with_one_audit_row(areas):
    # given
    before = AuditLog.objects.filter(action="load", entity_type="registry.household").count()
    # when
    result = population_generate(households=60, seed=5)
    # then
    assert (result.households, Household.objects.count()) == (60, 60)
    assert result.persons == Person.objects.count() == Membership.objects.filter(end_date=None).count()
    assert result.incomes == Income.objects.count() > 0
    assert AuditLog.objects.filter(action="load", entity_type="registry.household").count() == before + 1
    heads = Counter(Membership.objects.filter(relation="head").values_list("household_id", flat=True))
    assert set(heads.values()) == {1} and len(heads) == 60


@pytest.mark.django_db
def test_generated_rows_read_back_as_valid_registry_records(areas):
    population_generate(households=40, seed=9)
    urban = dict(Area.objects.values_list("code", "is_urban"))
    for household in Household.objects.all():
        assert household.is_urban == urban[household.area_id]
    for person in Person.objects.all():
        parsed = id_number_parse(person.id_number)
        assert (parsed.birth_date, parsed.sex, parsed.area_code) == (
            person.birth_date,
            person.sex,
            person.hukou_area_id[:6],
        )
    for income in Income.objects.all():
        assert isinstance(income.amount, Decimal) and income.amount.as_tuple().exponent == -2
        assert Membership.objects.filter(
            person_id=income.person_id, household_id=income.household_id
        ).exists()


@pytest.mark.django_db
def test_a_second_generation_continues_the_keys_without_clashing(areas):
    population_generate(households=20, seed=1)
    population_generate(households=20, seed=2)
    assert Household.objects.count() == 40
    assert Person.objects.values("id_number").distinct().count() == Person.objects.count()
