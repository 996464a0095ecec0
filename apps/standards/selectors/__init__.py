"""Reading standards: the values in force for an area, a kind and a day, and the versions behind them.

:func:`standards_for` is what every assessment and the bulk re-assessment call. It reads the rows of the
area and all its ancestors that cover the day in one query and picks, per parameter, the most specific:
a township's row over its county's over its city's or province's, and at the same area an urban- or
rural-specific row over one that applies to both.

Running a 试算 over these standards (CLI, API and page) is :mod:`apps.standards.selectors.assessment`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apps.areas.models import Area
from apps.areas.selectors import counties_for
from apps.core.scoping import require
from apps.standards.models import StandardVersion
from policy.areas import AreaLevel, area_code_level, area_code_parent, area_code_range
from policy.errors import NotFound, ValidationFailed
from policy.parameters import CATALOGUE, ParamDef, Standards
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

# The 地方标准 page groups the catalogue by programme, in this order, by the key's first word.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("最低生活保障", ("dibao",)),
    ("特困人员救助供养", ("tekun",)),
    ("儿童福利", ("orphan", "child")),
    ("残疾人两项补贴", ("disability",)),
    ("高龄津贴、基本养老服务补贴", ("longevity", "eldercare")),
    ("刚性支出困难家庭、临时救助", ("income", "rigid", "temporary")),
    ("动态管理、审核确认与办理时限", ("review", "approval", "workflow")),
    ("资金发放", ("payroll",)),
)


def area_chain(code: str) -> list[str]:
    """The 12-digit code and every code above it, the area itself first."""
    try:
        area_code_level(code)
    except ValueError:
        raise ValidationFailed.on("area", f"区划代码“{code}”应为12位数字") from None
    chain: list[str] = []
    current: str | None = code
    while current is not None:
        chain.append(current)
        current = area_code_parent(current)
    return chain


def _covering(on: date) -> Q:
    return Q(replaced_at__isnull=True, effective_from__lte=on) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def source_text(*, area_name: str, effective_from: date, note: str, is_demo_value: bool) -> str:
    """How a trace cites a value: ``曾都区 2023-01-01起（曾都区2023年民政工作总结）``."""
    notes = [note] if note else []
    if is_demo_value and not any("演示" in n for n in notes):
        notes.append("演示值")
    suffix = f"（{'；'.join(notes)}）" if notes else ""
    return f"{area_name} {effective_from:%Y-%m-%d}起{suffix}"


def standards_for_many(*, area_codes: Iterable[str], on: date) -> dict[tuple[str, bool], Standards]:
    """The standards of every given area for both kinds, keyed ``(area_code, urban)``, in one query.

    The bulk re-assessment resolves each village (or township) once this way instead of per household.
    """
    codes = sorted(set(area_codes))
    chains = {code: area_chain(code) for code in codes}
    wanted = sorted({c for chain in chains.values() for c in chain})
    rows = list(
        StandardVersion.objects.filter(_covering(on), area_id__in=wanted).values_list(
            "area_id", "area__name", "key", "urban", "value", "effective_from", "note", "is_demo_value"
        )
    )
    by_area: dict[str, list[tuple[str, str, bool | None, str, date, str, bool]]] = defaultdict(list)
    for area_id, name, key, urban, value, start, note, demo in rows:
        by_area[area_id].append((name, key, urban, value, start, note, demo))
    out: dict[tuple[str, bool], Standards] = {}
    for code, chain in chains.items():
        for urban in (True, False):
            # Walk from the most general area to the most specific, so later rows win; at each area a
            # row for both kinds comes before the kind-specific one, which then wins over it.
            raw: dict[str, str] = {}
            sources: dict[str, str] = {}
            for area_id in reversed(chain):
                candidates = [r for r in by_area.get(area_id, ()) if r[2] is None or r[2] is urban]
                for name, key, _kind, value, start, note, demo in sorted(
                    candidates, key=lambda r: r[2] is not None
                ):
                    if key not in CATALOGUE:
                        continue  # a key retired from the catalogue stays on record but is not read
                    raw[key] = value
                    sources[key] = source_text(
                        area_name=name, effective_from=start, note=note, is_demo_value=demo
                    )
            out[(code, urban)] = Standards(area_code=code, urban=urban, on=on, raw=raw, sources=sources)
    return out


def standards_for(*, area_code: str, urban: bool, on: date) -> Standards:
    """The parameters in force for one area (any level), one kind and one day; one query."""
    return standards_for_many(area_codes=[area_code], on=on)[(area_code, urban)]


# The pages: which county a user may look at, and what it holds.


def county_get_for(*, actor: User, code: str = "") -> Area:
    """One county the actor may view (the first when ``code`` is empty); NotFound for any other. A township
    or village views its county's standards, which are theirs unless the township overrides one."""
    counties = counties_for(actor=actor, capability=Capability.VIEW_REGISTRY, own_county=True)
    if not code:
        if not counties:
            raise NotFound()
        return counties[0]
    for county in counties:
        if county.code == code:
            return county
    raise NotFound()


@dataclass
class KeyRow:
    """One parameter on the 地方标准 page: its definition, the values in force and every version."""

    spec: ParamDef
    urban_value: str | None
    rural_value: str | None
    urban_source: str
    rural_source: str
    versions: list[StandardVersion] = field(default_factory=list)

    @property
    def same_for_both(self) -> bool:
        return self.urban_value == self.rural_value and self.urban_source == self.rural_source

    @property
    def missing(self) -> bool:
        return self.urban_value is None or self.rural_value is None


@dataclass
class Overview:
    county: Area
    on: date
    groups: list[tuple[str, list[KeyRow]]]
    township_rows: list[StandardVersion]  # townships' own versions, newest first, each with ``in_force``


def versions_in(county: Area) -> QuerySet[StandardVersion]:
    """Every version of the county and its townships, oldest first, with who set it."""
    low, high = area_code_range(county.code)
    return StandardVersion.objects.filter(area_id__gte=low, area_id__lte=high).select_related(
        "area", "created_by", "replaced_by"
    )


def standards_overview(*, actor: User, county: Area, on: date) -> Overview:
    """What the 地方标准 page shows for a county the actor may view (see :func:`county_get_for`)."""
    require(actor, Capability.VIEW_REGISTRY)
    resolved = standards_for_many(area_codes=[county.code], on=on)
    urban, rural = resolved[(county.code, True)], resolved[(county.code, False)]
    versions = list(versions_in(county).order_by("effective_from", "id"))
    by_key: dict[str, list[StandardVersion]] = defaultdict(list)
    for version in versions:
        by_key[version.key].append(version)
    groups = []
    for title, prefixes in GROUPS:
        rows = []
        for key, spec in CATALOGUE.items():
            if key.split(".")[0] not in prefixes:
                continue
            rows.append(
                KeyRow(
                    spec=spec,
                    urban_value=urban.raw.get(key, spec.default),
                    rural_value=rural.raw.get(key, spec.default),
                    urban_source=urban.source(key),
                    rural_source=rural.source(key),
                    versions=[v for v in reversed(by_key.get(key, [])) if v.area_id == county.code],
                )
            )
        groups.append((title, rows))
    township_rows = [v for v in reversed(versions) if v.area.level == AreaLevel.TOWNSHIP]
    for version in township_rows:
        version.in_force = (  # type: ignore[attr-defined]
            version.replaced_at is None
            and version.effective_from <= on
            and (version.effective_to is None or version.effective_to >= on)
        )
    return Overview(county=county, on=on, groups=groups, township_rows=township_rows)


__all__ = [
    "GROUPS",
    "KeyRow",
    "Overview",
    "area_chain",
    "county_get_for",
    "source_text",
    "standards_for",
    "standards_for_many",
    "standards_overview",
    "versions_in",
]
