"""The eldercare office's ratios, from counts the records give (docs/eldercare.md §9).

Every ratio is a ``Decimal`` rounded half up (四舍五入) to one decimal in exactly one place,
:func:`_rounded`, as the bureau's reports print them ("每千名老人拥有37.4张养老床位", "覆盖率达到78.3%").
A ratio with nothing to divide by is ``None``, never 0: the caller shows "—" (no older people entered
for the area, no beds yet). Counts are whole numbers; a part larger than its whole is refused, since it
means the records disagree (more 护理型 beds than beds).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from policy.errors import ValidationFailed

__all__ = [
    "PLACES",
    "beds_per_thousand",
    "centralised_support_rate",
    "nursing_bed_share",
    "occupancy_rate",
    "per_thousand",
    "percent",
    "village_coverage",
]

PLACES = 1


def _rounded(value: Decimal) -> Decimal:
    """The one rounding rule of this module: half up, :data:`PLACES` decimals."""
    return value.quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_HALF_UP)


def _count(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed.on(field, "应为整数")
    if value < 0:
        raise ValidationFailed.on(field, "不能为负数")
    return value


def _part_of(part: int, whole: int, *, part_field: str, whole_field: str) -> tuple[int, int]:
    part, whole = _count(part, part_field), _count(whole, whole_field)
    if part > whole:
        raise ValidationFailed.on(part_field, f"不能多于总数（{part} > {whole}）")
    return part, whole


def percent(part: int, whole: int, *, part_field: str = "part", whole_field: str = "whole") -> Decimal | None:
    """part ÷ whole × 100 (part ≤ whole); None when whole is 0."""
    part, whole = _part_of(part, whole, part_field=part_field, whole_field=whole_field)
    if whole == 0:
        return None
    return _rounded(Decimal(part) * 100 / whole)


def per_thousand(count: int, population: int, *, field: str = "count") -> Decimal | None:
    """count per 1,000 of population; None when the population is 0 (or not known)."""
    count, population = _count(count, field), _count(population, "population")
    if population == 0:
        return None
    return _rounded(Decimal(count) * 1000 / population)


def beds_per_thousand(*, beds: int, older_people: int) -> Decimal | None:
    """每千名老年人养老床位数: beds of institutions and community facilities ÷ people aged 60+ × 1000."""
    return per_thousand(beds, older_people, field="beds")


def nursing_bed_share(*, nursing_beds: int, beds: int) -> Decimal | None:
    """护理型床位占比 in per cent: 护理型 beds ÷ all beds of the 养老机构."""
    return percent(nursing_beds, beds, part_field="nursing_beds", whole_field="beds")


def occupancy_rate(*, occupied: int, beds: int) -> Decimal | None:
    """入住率 in per cent: beds in use (or residents) at the month's end ÷ beds."""
    return percent(occupied, beds, part_field="occupied", whole_field="beds")


def centralised_support_rate(*, centralised: int, supported: int) -> Decimal | None:
    """特困人员集中供养率 in per cent: 特困 persons in 集中供养 ÷ all 特困 persons in support. A seed's
    "有意愿且符合条件的…集中供养率" uses those willing and eligible as ``supported`` instead."""
    return percent(centralised, supported, part_field="centralised", whole_field="supported")


def village_coverage(*, served: Iterable[str], villages: Iterable[str]) -> Decimal | None:
    """村(社)覆盖率 in per cent: the area's villages and communities (codes) that at least one facility
    or service serves, ÷ all of them. A code served twice counts once; a code outside the area's list
    is not counted (a facility may also serve a neighbouring town)."""
    area = set(villages)
    covered = set(served) & area
    return percent(len(covered), len(area), part_field="served", whole_field="villages")
