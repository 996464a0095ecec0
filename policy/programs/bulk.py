"""低保 for many households at once, over NumPy columns: the 调标 (standard change) preview path.

The rules and the arithmetic are exactly those of :func:`policy.programs.dibao.assess` — household
低保 with gap, floor and 分类施保, else 单人保 for a 低保边缘 household's seriously ill or severely
disabled members — and a test keeps the two equal to the cent on random households.

Exactness without floats: money is integer **cents** (int64), and every rate (0.3, 0.15, 1.5…) is
scaled by ``10^k`` to an integer, so each intermediate is an integer number of ``cent / 10^k``.
Like the single-household path, nothing is divided: comparisons are ``total < standard × members``.
The one rounding (``dibao.rounding``, half up) is integer arithmetic at the end.

Inputs (:class:`BulkHouseholds`) are two groups of columns:

* per household (length H): ``members`` (共同生活家庭成员人数, ≥ 1), ``income`` (countable monthly
  income of all members in cents, i.e. excluding the kinds in ``dibao.income_excluded``, before the
  job-cost deduction), ``deposits`` (cents), ``homes``, ``vehicles``, ``business``;
* per member (length M): ``member_household`` (row index into the household columns), ``member_age``
  (whole years on the day assessed), ``member_severe`` (重残: grade 1–2, or grade 3
  intellectual/mental), ``member_ill`` (重病), ``member_wage`` (countable wage income in cents if the
  member is employed, else 0) and ``member_income`` (the member's own countable income in cents).
  Members who are none of elderly, minor, severely disabled, seriously ill or wage-earning change
  nothing and may be left out.

:func:`bulk_columns` builds the columns from :class:`~policy.facts.HouseholdFacts`; it is the reference
for what each column means, and what a SQL feeder must produce.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from policy.facts import HouseholdFacts, IncomeKind
from policy.means_test import ZERO
from policy.money import cents_from_yuan, yuan_from_cents
from policy.parameters import Standards
from policy.programs._people import ADULT_AGE, is_severely_disabled

__all__ = ["BulkHouseholds", "BulkResult", "bulk_columns", "dibao_bulk"]

Ints = NDArray[np.int64]
Flags = NDArray[np.bool_]

_UNIT_CENTS = {"cent": 1, "jiao": 10, "yuan": 100}
_MAX_SCALE = 10**6  # rates with more than 6 decimals would risk int64 overflow


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkHouseholds:
    """Columnar households; see the module docstring for each column."""

    members: Ints
    income: Ints
    deposits: Ints
    homes: Ints
    vehicles: Ints
    business: Ints
    member_household: Ints
    member_age: Ints
    member_severe: Flags
    member_ill: Flags
    member_wage: Ints
    member_income: Ints


@dataclass(frozen=True, slots=True, kw_only=True)
class BulkResult:
    eligible: Flags  # covered by 低保, as a household or under 单人保
    single: Flags  # covered only under 单人保
    near_dibao: Flags  # 低保边缘家庭
    amount: Ints  # monthly 低保金 in cents, rounded by ``dibao.rounding``; 0 when not eligible

    def amount_yuan(self, row: int) -> Decimal:
        """One household's amount as ``Decimal`` yuan with two places, as the single path returns it."""
        return yuan_from_cents(int(self.amount[row]))


def _decimals(rate: Decimal) -> int:
    exponent = rate.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _scaled(rates: dict[str, Decimal]) -> tuple[int, dict[str, int]]:
    """One power of ten that makes every rate an integer, and the rates times it."""
    scale = 10 ** max((_decimals(r) for r in rates.values()), default=0)
    if scale > _MAX_SCALE:
        raise ValueError("a rate has more than 6 decimal places; the bulk path cannot keep it exact")
    return scale, {key: int(rate * scale) for key, rate in rates.items()}


def _per_household(size: int, rows: Ints, values: Ints) -> Ints:
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, rows, values)
    return out


def dibao_bulk(data: BulkHouseholds, standards: Standards) -> BulkResult:
    """低保 eligibility and rounded monthly amounts for every household in ``data``."""
    standard = cents_from_yuan(standards.money("dibao.standard"))
    scale, rate = _scaled(
        {
            "job": standards.rate("dibao.job_cost_rate"),
            "near": standards.rate("dibao.near_multiple"),
            "floor": standards.rate("dibao.minimum_rate"),
            "elderly": standards.rate("dibao.supplement_elderly_rate"),
            "disabled": standards.rate("dibao.supplement_disabled_rate"),
            "minor": standards.rate("dibao.supplement_minor_rate"),
            "ill": standards.rate("dibao.supplement_ill_rate"),
        }
    )
    line = standard * scale  # the standard, in cent/scale units
    size = len(data.members)
    n = data.members.astype(np.int64)
    rows = data.member_household.astype(np.int64)

    # 就业成本: min(rate × standard, wage) for each employed member with a wage.
    wage = data.member_wage.astype(np.int64) * scale
    deduction = np.where(wage > 0, np.minimum(wage, rate["job"] * standard), 0)
    total = np.maximum(data.income.astype(np.int64) * scale - _per_household(size, rows, deduction), 0)

    # 家庭财产.
    months = standards.integer("dibao.asset_financial_months")
    assets_ok = (
        (data.deposits <= months * standard * n)
        & (data.homes <= standards.integer("dibao.asset_max_homes"))
        & (data.vehicles <= standards.integer("dibao.asset_max_vehicles"))
        & (data.business <= standards.integer("dibao.asset_max_business"))
    )
    family = (total < line * n) & assets_ok
    near = ~family & (total < rate["near"] * standard * n) & assets_ok

    # 分类施保 per member: the highest category's rate, or the sum where cumulative.
    age = data.member_age.astype(np.int64)
    hits = [
        (age >= standards.integer("dibao.supplement_elderly_age"), rate["elderly"]),
        (data.member_severe, rate["disabled"]),
        (age < ADULT_AGE, rate["minor"]),
        (data.member_ill, rate["ill"]),
    ]
    member_rate: Ints = np.zeros(len(rows), dtype=np.int64)
    cumulative = standards.flag("dibao.supplement_cumulative")
    for flag, value in hits:
        part = np.where(flag, value, 0).astype(np.int64)
        member_rate = member_rate + part if cumulative else np.maximum(member_rate, part)
    supplement = member_rate * standard
    floor_each = rate["floor"] * standard

    family_amount = np.maximum(line * n - total, floor_each * n) + _per_household(size, rows, supplement)

    # 单人保: each seriously ill / severely disabled member of a 低保边缘 household, as a single-person
    # household on their own net income.
    own = np.maximum(data.member_income.astype(np.int64) * scale - deduction, 0)
    qualifies = (data.member_severe | data.member_ill) & near[rows] & (own < line)
    member_amount = np.where(qualifies, np.maximum(line - own, floor_each) + supplement, 0)
    single = _per_household(size, rows, qualifies.astype(np.int64)) > 0
    single_amount = _per_household(size, rows, member_amount)

    exact = np.where(family, family_amount, np.where(single, single_amount, 0))
    unit_cents = _UNIT_CENTS[standards.text("dibao.rounding")]
    unit = unit_cents * scale
    rounded = (2 * exact + unit) // (2 * unit) * unit_cents  # half up, exact values are never negative
    return BulkResult(
        eligible=family | single, single=single & ~family, near_dibao=near, amount=rounded.astype(np.int64)
    )


def bulk_columns(households: Sequence[HouseholdFacts], *, standards: Standards, on: date) -> BulkHouseholds:
    """The columns for ``households`` exactly as the single-household means test reads them."""
    excluded = standards.codes("dibao.income_excluded")
    per_household: list[list[int]] = []
    member_rows: list[list[int]] = []
    for row, household in enumerate(households):
        total = 0
        for member in household.members:
            own = sum((i.monthly for i in member.incomes if i.kind.value not in excluded), ZERO)
            wage = sum(
                (
                    i.monthly
                    for i in member.incomes
                    if i.kind is IncomeKind.WAGE and i.kind.value not in excluded
                ),
                ZERO,
            )
            total += cents_from_yuan(own)
            member_rows.append(
                [
                    row,
                    member.age_on(on),
                    is_severely_disabled(member),
                    member.serious_illness,
                    cents_from_yuan(wage) if member.employed else 0,
                    cents_from_yuan(own),
                ]
            )
        assets = household.assets
        per_household.append(
            [
                len(household.members),
                total,
                cents_from_yuan(assets.deposits),
                assets.homes,
                assets.vehicles,
                assets.business,
            ]
        )
    h = np.array(per_household, dtype=np.int64).reshape(-1, 6)
    m = np.array(member_rows, dtype=np.int64).reshape(-1, 6)
    return BulkHouseholds(
        members=h[:, 0],
        income=h[:, 1],
        deposits=h[:, 2],
        homes=h[:, 3],
        vehicles=h[:, 4],
        business=h[:, 5],
        member_household=m[:, 0],
        member_age=m[:, 1],
        member_severe=m[:, 2].astype(bool),
        member_ill=m[:, 3].astype(bool),
        member_wage=m[:, 4],
        member_income=m[:, 5],
    )
