"""A synthetic population, made over numpy arrays: one call makes a whole chunk of households at once.

Pure numpy, no Django: :func:`households_make` returns column arrays named after the models' attnames,
which :mod:`apps.demo.generator` writes to the database. Every value obeys the registry's rules:

- ID numbers follow GB 11643: the county's six digits, the birth date, a sequence whose parity is the sex,
  and the MOD 11-2 check character, computed over the whole chunk as one matrix product;
- each household follows a template (head, spouse, children, a child's spouse, grandchildren, parents of
  the head, …) whose ages fit together: a spouse within five years, children 20–45 years younger;
- money is made in integer cents and written as decimal text, never through a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from apps.demo import population_people as people
from apps.demo import vocab

# Relation codes used inside the generator; the values are policy.household.Relation's.
RELATIONS = ("head", "spouse", "child", "child_in_law", "parent", "parent_in_law", "grandchild")
_LETTER = {"H": 0, "S": 1, "C": 2, "L": 3, "P": 4, "Q": 5, "G": 6}

# Household templates: (members, share, head age from, head age to, share of male heads).
# Shares within each size follow the 7th census size distribution (1: 25%, 2: 30%, 3: 21%, 4: 13%, 5: 6.5%,
# 6: 4.3%); the templates inside a size are a plausible mix for a central-China county.
_SIZE_SHARE = {1: 0.254, 2: 0.297, 3: 0.209, 4: 0.132, 5: 0.065, 6: 0.043}
# fmt: off
_TEMPLATES: tuple[tuple[str, float, int, int, float], ...] = (
    ("H", 0.55, 60, 92, 0.40),  # an elderly person living alone
    ("H", 0.45, 20, 59, 0.60),
    ("HS", 0.15, 22, 40, 0.85),
    ("HS", 0.57, 50, 88, 0.85),  # empty-nest couple
    ("HC", 0.18, 38, 80, 0.50),  # single parent
    ("HP", 0.10, 25, 55, 0.70),
    ("HSC", 0.75, 25, 55, 0.85),
    ("HSP", 0.10, 28, 55, 0.85),
    ("HSG", 0.08, 52, 78, 0.85),  # grandparents with a left-behind grandchild
    ("HCG", 0.07, 52, 80, 0.50),
    ("HSCC", 0.55, 28, 55, 0.85),
    ("HSCP", 0.20, 28, 55, 0.85),
    ("HSCG", 0.15, 52, 75, 0.85),
    ("HSGG", 0.10, 52, 78, 0.85),
    ("HSCLG", 0.45, 52, 78, 0.85),
    ("HSCCP", 0.25, 30, 55, 0.85),
    ("HSCPP", 0.15, 30, 50, 0.85),
    ("HSCCC", 0.15, 30, 52, 0.85),
    ("HSCLGG", 0.50, 52, 78, 0.85),
    ("HSCCPP", 0.30, 30, 50, 0.85),
    ("HSCLGP", 0.20, 52, 62, 0.85),  # four generations
)
# fmt: on


def _template_tables() -> dict[str, np.ndarray]:
    share = np.array([s * _SIZE_SHARE[len(t)] for t, s, *_ in _TEMPLATES])
    slots = [[_LETTER[c] for c in t] for t, *_ in _TEMPLATES]
    # ordinal: the k-th child (or grandchild, or parent) of its template, to space siblings apart.
    ordinal = [[t[:i].count(c) for i, c in enumerate(t)] for t, *_ in _TEMPLATES]
    sizes = np.array([len(s) for s in slots])
    return {
        "p": share / share.sum(),
        "size": sizes,
        "start": np.concatenate([[0], np.cumsum(sizes)[:-1]]),
        "relation": np.array([r for s in slots for r in s], dtype=np.int8),
        "ordinal": np.array([o for s in ordinal for o in s], dtype=np.int8),
        "has_g": np.array(["G" in t for t, *_ in _TEMPLATES]),
        "pairs": np.array([t.count("P") == 2 for t, *_ in _TEMPLATES]),
        "age_lo": np.array([lo for _, _, lo, _, _ in _TEMPLATES]),
        "age_hi": np.array([hi for _, _, _, hi, _ in _TEMPLATES]),
        "male_head": np.array([m for *_, m in _TEMPLATES]),
    }


TEMPLATES = _template_tables()


@dataclass(frozen=True)
class Villages:
    """The villages to fill: code, index into :data:`vocab.COUNTIES`, urban flag, address prefix."""

    code: np.ndarray
    county: np.ndarray
    is_urban: np.ndarray
    address_prefix: np.ndarray


@dataclass
class Chunk:
    """Columns per table, keyed by model attname: one value per row, or one value for every row.

    Nullable columns are numpy masked arrays (masked = NULL); dates are ``datetime64[D]``.
    """

    households: dict[str, Any] = field(default_factory=dict)
    persons: dict[str, Any] = field(default_factory=dict)
    memberships: dict[str, Any] = field(default_factory=dict)
    incomes: dict[str, Any] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(next(iter(getattr(self, table).values())))


@dataclass
class FirstIds:
    """The next primary key of each table; advanced by :func:`households_make`."""

    household: int
    person: int
    membership: int
    income: int


def village_short_name(name: str) -> str:
    """The name as an address says it: ``乌龙巷居委会（社区）`` → ``乌龙巷社区``."""
    for suffix, short in (
        ("居委会（社区）", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("村民委员会", "村"),
        ("村村委会", "村"),
        ("村委会", "村"),
        ("居委会", "社区"),
    ):
        if name.endswith(suffix):
            return name[: -len(suffix)] + short
    return name


def village_counts(
    *, rng: np.random.Generator, villages: Villages, households: int, favour: int | None = None
) -> np.ndarray:
    """How many households each village gets: county shares, then lognormal village sizes.

    ``favour`` (a village index) gets at least ``FAVOURED_MINIMUM`` households, so the demo village worker
    has a real roll to work with, poor households among them.
    """
    weights = rng.lognormal(0.0, 0.5, len(villages.code)) * np.where(villages.is_urban, 1.8, 1.0)
    for county, share in enumerate(vocab.COUNTY_SHARE):
        mine = villages.county == county
        if mine.any():
            weights[mine] *= share / weights[mine].sum()
    # A county missing from the database simply drops out: the shares of the others are renormalised.
    counts = rng.multinomial(households, weights / weights.sum())
    if favour is not None:
        need = min(FAVOURED_MINIMUM, households) - counts[favour]
        while need > 0:
            donor = int(np.argmax(np.where(np.arange(len(counts)) == favour, -1, counts)))
            take = min(need, int(counts[donor]))
            counts[donor] -= take
            counts[favour] += take
            need -= take
    return counts


FAVOURED_MINIMUM = 120


def _uniform_int(rng: np.random.Generator, lo: np.ndarray | int, hi: np.ndarray | int, n: int) -> np.ndarray:
    """Integers in [lo, hi] (inclusive, per row)."""
    lo_a, hi_a = np.asarray(lo), np.asarray(hi)
    return lo_a + np.floor(rng.random(n) * (hi_a - lo_a + 1)).astype(np.int64)


def _structure(rng: np.random.Generator, n_households: int) -> dict[str, np.ndarray]:
    """Templates, then one row per member with its household, relation and age."""
    t = TEMPLATES
    template = rng.choice(len(t["p"]), size=n_households, p=t["p"])
    size = t["size"][template]
    household = np.repeat(np.arange(n_households), size)
    slot = np.arange(len(household)) - np.repeat(np.cumsum(size) - size, size)
    flat = t["start"][template][household] + slot
    relation = t["relation"][flat]
    ordinal = t["ordinal"][flat].astype(np.int64)

    # Per-household ages: the head, the children's generation (c0) and the grandchildren's (g0).
    head_age = _uniform_int(rng, t["age_lo"][template], t["age_hi"][template], n_households)
    has_g = t["has_g"][template]
    gap1 = np.where(
        has_g,
        _uniform_int(rng, 22, 30, n_households),
        _uniform_int(rng, 20, np.minimum(36, head_age), n_households),
    )
    c0 = head_age - gap1
    gap2 = _uniform_int(rng, 20, np.clip(c0, 20, 35), n_households)
    g0 = np.maximum(c0 - gap2, 0)
    spacing = _uniform_int(rng, 1, 4, n_households)
    head_male = rng.random(n_households) < t["male_head"][template]
    spouse_age = head_age + np.where(head_male, -1, 1) * _uniform_int(rng, -2, 5, n_households)

    m = len(household)
    h = household
    age = np.select(
        [relation == 0, relation == 1, relation == 2, relation == 3, relation == 4, relation == 5],
        [
            head_age[h],
            np.maximum(spouse_age[h], 20),
            c0[h] - ordinal * spacing[h],
            np.maximum(c0[h] + _uniform_int(rng, -3, 3, m), 20),
            head_age[h] + _uniform_int(rng, 20, 35, m),
            spouse_age[h] + _uniform_int(rng, 20, 35, m),
        ],
        g0[h] - ordinal * spacing[h],
    )
    age = np.clip(age, 0, 100)

    # Sex: the spouse is the head's opposite; two parents are a father and a mother, a lone surviving
    # parent is more often the mother; births are 51% boys.
    male = rng.random(m) < 0.51
    male = np.where(relation == 0, head_male[h], male)
    male = np.where(relation == 1, ~head_male[h], male)
    pair = t["pairs"][template][h]
    elder_male = np.where(pair, ordinal == 0, rng.random(m) < 0.3)
    male = np.where((relation == 4) | (relation == 5), elder_male, male)
    return {
        "household": household,
        "relation": relation,
        "age": age,
        "male": male,
        "head_male": head_male,
        "size": size,
    }


def households_make(
    *,
    rng: np.random.Generator,
    villages: Villages,
    village_of: np.ndarray,
    ids: FirstIds,
    sequencer: people.IdSequencer,
    today: date,
) -> Chunk:
    """Make one household per entry of ``village_of`` (village indexes), with members and incomes."""
    n = len(village_of)
    s = _structure(rng, n)
    h, relation = s["household"], s["relation"]
    m = len(h)
    county = villages.county[village_of]
    urban = villages.is_urban[village_of]

    birth = people.birth_dates(rng, s["age"], today)
    age = people.age_on(birth, today)
    id_number = sequencer.id_numbers(county[h], birth, s["male"])
    name = people.names(
        rng,
        relation=relation,
        household=h,
        male=s["male"],
        head_male=s["head_male"],
        birth=birth,
        n_households=n,
    )
    person = people.attributes(
        rng,
        age=age,
        urban=urban[h],
        county=county[h],
        household=h,
        relation=relation,
        id_number=id_number,
        n_households=n,
        today=today,
    )
    person_id = ids.person + np.arange(m)
    household_id = ids.household + np.arange(n)

    head_name = name[relation == 0]
    chunk = Chunk()
    chunk.households = {
        "id": household_id,
        "area_id": villages.code[village_of],
        "is_urban": urban,
        "address": people.addresses(rng, villages.address_prefix[village_of], urban),
        **people.accounts(rng, head_name),
    }
    chunk.persons = {
        "id": person_id,
        "name": name,
        "id_number": id_number,
        "birth_date": birth,
        "sex": np.where(s["male"], "M", "F"),
        "phone": people.phones(rng, age),
        "hukou_area_id": villages.code[village_of][h],
        **person,
    }
    settled = people.settled_on(rng, n, today)[h]
    chunk.memberships = {
        "id": ids.membership + np.arange(m),
        "person_id": person_id,
        "household_id": household_id[h],
        "relation": np.asarray(RELATIONS)[relation],
        "start_date": np.maximum(settled, birth),
    }
    chunk.incomes = people.incomes(
        rng,
        age=age,
        urban=urban[h],
        employment=person["employment"],
        person_id=person_id,
        household_id=household_id[h],
        first_id=ids.income,
        today=today,
    )
    ids.household += n
    ids.person += m
    ids.membership += m
    ids.income += len(chunk.incomes["id"])
    return chunk
