"""Loading the area tree from china-division CSV files, and an admin's urban/rural override."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from policy.areas import AreaLevel, area_code_normalize, area_code_parent, area_default_is_urban
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.core.scoping import Actor

SEED_DIR = Path(__file__).resolve().parent / "data" / "china-division-2.7.0-seed"
FILES = (
    ("provinces.csv", AreaLevel.PROVINCE),
    ("cities.csv", AreaLevel.CITY),
    ("areas.csv", AreaLevel.COUNTY),
    ("streets.csv", AreaLevel.TOWNSHIP),
    ("villages.csv", AreaLevel.VILLAGE),
)
BATCH = 2000


@dataclass(frozen=True, slots=True)
class AreaImportResult:
    created: int
    updated: int
    by_level: dict[int, int]


def _rows(directory: Path, only: tuple[str, ...]) -> Iterator[tuple[str, str, AreaLevel]]:
    for filename, level in FILES:
        path = directory / filename
        if not path.exists():
            raise ValidationFailed.on(
                "directory", f"目录 {directory} 中缺少 {filename}（应为 china-division 的 dist 目录）"
            )
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"code", "name"} <= set(reader.fieldnames):
                raise ValidationFailed.on("directory", f"{filename} 的表头应包含 code 和 name")
            for line, row in enumerate(reader, start=2):
                try:
                    code = area_code_normalize(row["code"])
                except ValueError as exc:
                    raise ValidationFailed.on("code", f"{filename} 第{line}行：{exc}") from None
                # A filter on a county or township must still bring the provinces and cities above it.
                if only and not any(code.startswith(p) or p.startswith(code.rstrip("0")) for p in only):
                    continue
                yield code, row["name"].strip(), level


@transaction.atomic
def areas_import(
    *,
    directory: Path,
    only: tuple[str, ...] = (),
    actor: Actor | None = None,
    progress: Callable[[int], None] | None = None,
) -> AreaImportResult:
    """Load or refresh the tree from china-division CSVs, level by level, in one transaction.

    Running it twice changes nothing. Names and parents are refreshed; an admin's urban/rural override
    survives, and every other village takes the default from its name.
    ``only`` keeps the codes under the given prefixes (e.g. ``("42",)`` for 湖北省, ``("421303",)``).
    """
    rows = list(_rows(Path(directory), tuple(p.strip() for p in only)))
    codes = [code for code, _, _ in rows]
    existing: dict[str, tuple[bool, bool]] = {}
    for start in range(0, len(codes), BATCH):
        existing.update(
            (c, (urban, overridden))
            for c, urban, overridden in Area.objects.filter(
                code__in=codes[start : start + BATCH]
            ).values_list("code", "is_urban", "is_urban_overridden")
        )
    known = set(existing)
    by_level: dict[int, int] = {}
    objects: list[Area] = []
    for code, name, level in rows:
        parent = area_code_parent(code)
        if parent is not None and parent not in known:
            raise ValidationFailed.on(
                "code", f"区划 {code} {name} 的上级 {parent} 不存在，请导入完整的省、市、县文件"
            )
        urban, overridden = existing.get(code, (False, False))
        objects.append(
            Area(
                code=code,
                name=name,
                level=level,
                parent_id=parent,
                is_urban=urban
                if overridden
                else (level == AreaLevel.VILLAGE and area_default_is_urban(name)),
                is_urban_overridden=overridden,
            )
        )
        known.add(code)
        by_level[level] = by_level.get(level, 0) + 1
    for start in range(0, len(objects), BATCH):
        Area.objects.bulk_create(
            objects[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "is_urban"],
        )
        if progress:
            progress(len(objects[start : start + BATCH]))
    created = len([c for c in codes if c not in existing])
    audit_record(
        actor=actor,
        action=AuditAction.LOAD,
        entity_type="areas.area",
        area_code=(only[0] if only else "").ljust(12, "0")[:12],
        summary=f"导入区划：新增{created}个，更新{len(codes) - created}个（来源 {Path(directory).name}）",
    )
    return AreaImportResult(created=created, updated=len(codes) - created, by_level=by_level)


def areas_import_seed(*, actor: Actor | None = None) -> AreaImportResult:
    """Load the five seed counties that ship with minzheng."""
    return areas_import(directory=SEED_DIR, actor=actor)


@transaction.atomic
def area_set_urban(*, actor: Actor, area: Area, is_urban: bool) -> Area:
    """An admin sets a village to urban or rural; later imports keep the choice."""
    require(actor, Capability.MANAGE_AREAS)
    if not code_in_scope(actor, area.code):
        raise NotFound()
    if area.level != AreaLevel.VILLAGE:
        raise ValidationFailed.on("is_urban", "只有村(社区)一级可以设置城乡属性")
    area = Area.objects.select_for_update().get(pk=area.pk)
    before = snapshot(area, ["is_urban", "is_urban_overridden"])
    area.is_urban = is_urban
    area.is_urban_overridden = True
    area.save(update_fields=["is_urban", "is_urban_overridden"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=area,
        area_code=area.code,
        summary=f"{area.name} 城乡属性设为{'城市' if is_urban else '农村'}",
        before=before,
        after=snapshot(area, ["is_urban", "is_urban_overridden"]),
    )
    return area
