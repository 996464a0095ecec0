"""The 低保 rules over a county's registry households, many at once: the caseload generator's means test.

It reads what :func:`apps.standards.mappers.household_facts_from_registry` reads — the current members
alive on the day, their incomes over the 12 months before it (averaged by
:func:`~apps.standards.mappers.monthly_incomes`), the household's assets — but in three queries per chunk
of households instead of three per household, and it runs :func:`policy.programs.bulk.dibao_bulk` once
per distinct set of 低保 parameters. A test keeps the amounts equal to the single-household path.

Only what the 低保 amount depends on is built: 就业 (for the job-cost deduction), disability grade and
category, serious illness, age, countable incomes and assets. Names and ID numbers stay in the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection

from apps.standards.mappers import EMPLOYED, FINANCIAL_ASSETS, monthly_incomes, months_add
from apps.standards.selectors import standards_for_many
from policy.areas import area_code_range
from policy.facts import AssetFacts, HouseholdFacts, IncomeFacts, IncomeKind, MemberFacts
from policy.money import yuan
from policy.parameters import CATALOGUE, Standards
from policy.programs.bulk import bulk_columns, dibao_bulk

CHUNK = 20_000
DIBAO_KEYS = tuple(sorted(k for k in CATALOGUE if k.startswith("dibao.")))


class Member(NamedTuple):
    person_id: int
    relation: str
    birth_date: date
    disability_grade: int | None


@dataclass(slots=True)
class Candidate:
    """A household of the county with no case and no application, as the generator sees it."""

    id: int
    area: str
    urban: bool
    members: list[Member] = field(default_factory=list)
    income: int = 0  # countable monthly income of all members, in cents (before the job-cost deduction)
    eligible: bool = False  # 低保 by the rules
    amount: int = 0  # the rules' monthly 低保 amount in cents; 0 when not eligible


class _Income(NamedTuple):  # what monthly_incomes reads from an Income row
    person_id: int
    income_type: str
    amount: Decimal
    period_start: date
    period_end: date


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _money(value: Any) -> Decimal:
    # SQLite hands a DECIMAL column back as a float or an int; its shortest repr is the stored cents.
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value or 0)


def candidates_read(*, county: str) -> list[Candidate]:
    """The county's active households with no case and no application of any programme, by id."""
    low, high = area_code_range(county)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.id, h.area_id, h.is_urban FROM registry_household h "
            "WHERE h.area_id >= %s AND h.area_id <= %s AND h.status = 'active' "
            "AND NOT EXISTS (SELECT 1 FROM assistance_case c WHERE c.household_id = h.id) "
            "AND NOT EXISTS (SELECT 1 FROM assistance_application a WHERE a.household_id = h.id) "
            "ORDER BY h.id",
            [low, high],
        )
        return [Candidate(id=i, area=a, urban=bool(u)) for i, a, u in cursor.fetchall()]


def _chunks(items: list[Candidate], size: int) -> Iterator[list[Candidate]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _dibao_key(standards: Standards) -> tuple[str, ...]:
    return tuple(str(standards.raw.get(k, "")) for k in DIBAO_KEYS)


def candidates_assess(
    candidates: list[Candidate], *, on: date, progress: Callable[[int], None] | None = None
) -> None:
    """Fill in each candidate's members, countable income, 低保 eligibility and amount on ``on``."""
    standards = standards_for_many(area_codes={c.area for c in candidates}, on=on)
    keys = {area: _dibao_key(rules) for area, rules in standards.items()}
    for chunk in _chunks(candidates, CHUNK):
        facts = _facts(chunk, on=on, standards=standards)
        groups: dict[tuple[str, ...], list[Candidate]] = defaultdict(list)
        for candidate in chunk:
            if candidate.id in facts:
                groups[keys[(candidate.area, candidate.urban)]].append(candidate)
        for members in groups.values():
            rules = standards[(members[0].area, members[0].urban)]
            columns = bulk_columns([facts[c.id] for c in members], standards=rules, on=on)
            result = dibao_bulk(columns, rules)
            for row, candidate in enumerate(members):
                candidate.income = int(columns.income[row])
                candidate.eligible = bool(result.eligible[row])
                candidate.amount = int(result.amount[row])
        if progress:
            progress(len(chunk))


def _facts(chunk: list[Candidate], *, on: date, standards: dict) -> dict[int, HouseholdFacts]:
    """The chunk's households as the 低保 rules see them (households with nobody alive left out)."""
    by_id = {c.id: c for c in chunk}
    low, high = chunk[0].id, chunk[-1].id
    people: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    incomes: list[_Income] = []
    assets: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.household_id, m.relation, p.id, p.birth_date, p.disability_category, "
            "p.disability_grade, p.serious_illness, p.employment, p.death_date "
            "FROM registry_membership m JOIN registry_person p ON p.id = m.person_id "
            "WHERE m.household_id >= %s AND m.household_id <= %s AND m.end_date IS NULL "
            "ORDER BY m.household_id, m.id",
            [low, high],
        )
        for household_id, *row in cursor.fetchall():
            death = _date(row[7])
            if household_id in by_id and (death is None or death > on):
                people[household_id].append(row)
        cursor.execute(
            "SELECT i.person_id, i.income_type, i.amount, i.period_start, i.period_end "
            "FROM registry_income i JOIN registry_membership m ON m.person_id = i.person_id "
            "WHERE m.household_id >= %s AND m.household_id <= %s AND m.end_date IS NULL "
            "AND i.period_end >= %s AND i.period_start < %s",
            [low, high, months_add(on, -12), on],
        )
        for person_id, kind, amount, start, end in cursor.fetchall():
            incomes.append(_Income(person_id, kind, _money(amount), _date(start), _date(end)))
        cursor.execute(
            "SELECT household_id, asset_type, value FROM registry_asset "
            "WHERE household_id >= %s AND household_id <= %s",
            [low, high],
        )
        for household_id, kind, value in cursor.fetchall():
            assets[household_id].append((kind, _money(value)))
    monthly: dict[int, list[IncomeFacts]] = defaultdict(list)
    for (person_id, kind), amount in sorted(monthly_incomes(incomes, on=on).items()):  # type: ignore[arg-type]
        if amount > 0:
            monthly[person_id].append(IncomeFacts(IncomeKind(kind), amount))
    out: dict[int, HouseholdFacts] = {}
    for household_id, rows in people.items():
        candidate = by_id[household_id]
        members = []
        for relation, person_id, birth, category, grade, ill, employment, _death in rows:
            born = _date(birth)
            candidate.members.append(Member(person_id, relation, born, grade))
            members.append(
                MemberFacts(
                    id_number="",
                    name="",
                    relation=relation,
                    birth_date=born,
                    incomes=tuple(monthly.get(person_id, ())),
                    disability_category=category or "",
                    disability_grade=grade,
                    serious_illness=bool(ill),
                    employed=employment in EMPLOYED,
                )
            )
        out[household_id] = HouseholdFacts(
            area_code=candidate.area,
            urban=candidate.urban,
            members=tuple(members),
            assets=_assets(assets.get(household_id, [])),
        )
    return out


def _assets(rows: list[tuple[str, Decimal]]) -> AssetFacts:
    counts: dict[str, int] = defaultdict(int)
    for kind, _ in rows:
        counts[kind] += 1
    return AssetFacts(
        deposits=yuan(sum((v for k, v in rows if k in FINANCIAL_ASSETS), Decimal("0"))),
        vehicles=counts["vehicle"],
        homes=counts["housing"],
        business=counts["business"],
    )


__all__ = ["Candidate", "Member", "candidates_assess", "candidates_read"]
