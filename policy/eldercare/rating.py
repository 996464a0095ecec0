"""养老机构等级评定 by GB/T 37276-2018 《养老机构等级划分与评定》: points by part → the star, its validity.

The standard rates an institution in five levels, 一星级 to 五星级, from points awarded on four scored
parts (环境, 设施设备, 运营管理, 服务). An institution that fails a 基本要求 (a 单项否决: for instance an
unremedied 重大事故隐患) gets no star whatever its points.

What is not verified (docs/eldercare.md §2): the stored copies we could read give neither the maximum of
each part nor the points each star needs. :data:`PARTS_2018` holds the split reported by the bureau's
peers' notes (120 + 130 + 150 + 600 = 1000), marked unverified; the thresholds per star, the minimum per
part if any, and the validity in years are therefore never built in: the county enters them, from the
standard or the province's 实施细则, as a dated :class:`StarScheme`, and every rating cites its basis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from policy.errors import ValidationFailed
from policy.months import months_add

__all__ = [
    "PARTS_2018",
    "STARS",
    "RatingPart",
    "StarRequirement",
    "StarResult",
    "StarScheme",
    "star_for",
    "star_label",
    "valid_on",
    "valid_until",
]

STARS = (1, 2, 3, 4, 5)
CENT = Decimal("0.01")


class RatingPart(StrEnum):
    ENVIRONMENT = "environment"
    FACILITIES = "facilities"
    OPERATIONS = "operations"
    SERVICE = "service"

    @property
    def label(self) -> str:
        return _PART_LABELS[self]


_PART_LABELS = {
    RatingPart.ENVIRONMENT: "环境",
    RatingPart.FACILITIES: "设施设备",
    RatingPart.OPERATIONS: "运营管理",
    RatingPart.SERVICE: "服务",
}

# Unverified (see the module's docstring): the maximum points of each part as the peers' notes report them.
PARTS_2018: Mapping[RatingPart, int] = {
    RatingPart.ENVIRONMENT: 120,
    RatingPart.FACILITIES: 130,
    RatingPart.OPERATIONS: 150,
    RatingPart.SERVICE: 600,
}


def star_label(star: int) -> str:
    return f"{'一二三四五'[star - 1]}星级"


@dataclass(frozen=True, slots=True)
class StarRequirement:
    """What one star needs: a total of at least ``min_total`` and, where the scheme sets one, at least
    ``min_parts[part]`` on that part."""

    star: int
    min_total: Decimal
    min_parts: Mapping[RatingPart, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StarScheme:
    """The rules one rating is made under: ``basis`` cites them (standard, 实施细则, year)."""

    basis: str
    requirements: tuple[StarRequirement, ...]
    validity_years: int
    parts: Mapping[RatingPart, int] = field(default_factory=lambda: dict(PARTS_2018))

    def __post_init__(self) -> None:
        problems = _scheme_problems(self)
        if problems:
            raise ValidationFailed({"scheme": problems})

    @property
    def max_total(self) -> int:
        return sum(self.parts.values())


def _scheme_problems(scheme: StarScheme) -> list[str]:
    problems = []
    if not scheme.basis.strip():
        problems.append("评定依据不能为空")
    if set(scheme.parts) != set(RatingPart) or any(m <= 0 for m in scheme.parts.values()):
        problems.append("评分部分应为环境、设施设备、运营管理、服务，且满分为正数")
    if isinstance(scheme.validity_years, bool) or scheme.validity_years <= 0:
        problems.append("有效期（年）应为正整数")
    stars = [r.star for r in scheme.requirements]
    if not stars or stars != sorted(set(stars)) or any(s not in STARS for s in stars):
        problems.append("星级要求应为一至五星中的若干级，由低到高各列一次")
        return problems
    previous = Decimal(-1)
    for requirement in scheme.requirements:
        name = star_label(requirement.star)
        if not 0 <= requirement.min_total <= scheme.max_total:
            problems.append(f"{name}的总分要求应在0至{scheme.max_total}分之间")
        if requirement.min_total <= previous:
            problems.append(f"{name}的总分要求应高于低一星级")
        previous = requirement.min_total
        for part, minimum in requirement.min_parts.items():
            if part not in scheme.parts or not 0 <= minimum <= scheme.parts[part]:
                problems.append(f"{name}对{part.label}的最低分应在0至该部分满分之间")
    return problems


@dataclass(frozen=True, slots=True)
class StarResult:
    """The star awarded (None: none), the total, and what the next star still lacks (Chinese)."""

    star: int | None
    total: Decimal
    points: Mapping[RatingPart, Decimal]
    shortfalls: tuple[str, ...]
    basis: str

    @property
    def label(self) -> str:
        return star_label(self.star) if self.star else "未达到星级"


def _points(scheme: StarScheme, points: Mapping[RatingPart, Decimal | int]) -> dict[RatingPart, Decimal]:
    errors: dict[str, list[str]] = {}
    clean: dict[RatingPart, Decimal] = {}
    for part in RatingPart:
        value = points.get(part)
        if value is None:
            errors[part.value] = [f"{part.label}未评分"]
            continue
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            errors[part.value] = [f"{part.label}的得分应为数字（不用浮点数）"]
            continue
        number = Decimal(value)
        if not number.is_finite() or number != number.quantize(CENT):
            errors[part.value] = [f"{part.label}的得分最多保留两位小数"]
        elif not 0 <= number <= scheme.parts[part]:
            errors[part.value] = [f"{part.label}的得分应在0至{scheme.parts[part]}分之间"]
        else:
            clean[part] = number
    extra = [str(p) for p in points if p not in set(RatingPart)]
    if extra:
        errors[""] = [f"没有这些评分部分：{'、'.join(extra)}"]
    if errors:
        raise ValidationFailed(errors)
    return clean


def _lacks(requirement: StarRequirement, total: Decimal, points: Mapping[RatingPart, Decimal]) -> list[str]:
    lacks = []
    if total < requirement.min_total:
        lacks.append(f"总分{total}分，{star_label(requirement.star)}需{requirement.min_total}分")
    for part, minimum in requirement.min_parts.items():
        if points[part] < minimum:
            lacks.append(f"{part.label}{points[part]}分，{star_label(requirement.star)}需{minimum}分")
    return lacks


def star_for(
    *,
    scheme: StarScheme,
    points: Mapping[RatingPart, Decimal | int],
    failed_requirements: Sequence[str] = (),
) -> StarResult:
    """The highest star whose total and part minimums the points all meet; none when any 基本要求 failed
    (``failed_requirements`` names them) or no star is met."""
    clean = _points(scheme, points)
    total = sum(clean.values(), Decimal(0))
    if failed_requirements:
        reasons = tuple(f"不符合基本要求：{reason}" for reason in failed_requirements)
        return StarResult(star=None, total=total, points=clean, shortfalls=reasons, basis=scheme.basis)
    awarded: int | None = None
    shortfalls: tuple[str, ...] = ()
    for requirement in scheme.requirements:
        lacks = _lacks(requirement, total, clean)
        if lacks:
            shortfalls = tuple(lacks)
            break
        awarded = requirement.star
    return StarResult(star=awarded, total=total, points=clean, shortfalls=shortfalls, basis=scheme.basis)


def valid_until(*, rated_on: date, scheme: StarScheme) -> date:
    """The last day the star holds: ``validity_years`` after the rating, less a day (rated 2024-03-15
    for 3 years → valid through 2027-03-14)."""
    return months_add(rated_on, 12 * scheme.validity_years) - timedelta(days=1)


def valid_on(*, rated_on: date, day: date, scheme: StarScheme) -> bool:
    """True while ``day`` falls within the rating's validity (from ``rated_on`` to :func:`valid_until`)."""
    return rated_on <= day <= valid_until(rated_on=rated_on, scheme=scheme)
