"""Writing standards: set a value from a day, import a file of them, load the demo's.

Every version is kept. A new value from day D closes the range that covers D (its ``effective_to``
becomes D − 1) and runs until that range used to end; a value set again for the very same first day
replaces the earlier row, which is kept and points at its successor. Each write is audited in its own
transaction.

    standard_set        one value, from the 地方标准 form
    standards_import    a whole XLSX/CSV file, all or nothing (checks in apps/standards/services/importing.py)
    standards_demo_load the values the seeds state, for the demo counties (apps/standards/data/)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.standards.models import StandardVersion
from apps.standards.services.importing import PlannedVersion, import_plan, rows_read
from apps.standards.validators import version_check
from policy.areas import area_code_range
from policy.errors import NotFound
from policy.parameters import CATALOGUE
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_standards.csv"
VERSION_FIELDS = [
    "area_id",
    "key",
    "urban",
    "value",
    "effective_from",
    "effective_to",
    "note",
    "is_demo_value",
]
KIND_WORDS = {None: "城乡通用", True: "城市", False: "农村"}


def _describe(version: StandardVersion, area_name: str) -> str:
    spec = CATALOGUE[version.key]
    kind = f"（{KIND_WORDS[version.urban]}）" if spec.per_kind else ""
    unit = f" {spec.unit}" if spec.unit else ""
    return f"{area_name} {spec.label}{kind} = {version.value}{unit}，{version.effective_from:%Y-%m-%d}起"


def _version_add(
    *,
    actor: User | None,
    area: Area,
    key: str,
    urban: bool | None,
    value: str,
    effective_from: date,
    note: str,
    is_demo_value: bool,
) -> StandardVersion:
    """Insert one version and close or replace what it supersedes; the caller holds the transaction."""
    stored = version_check(area=area, key=key, urban=urban, value=value, note=note)
    # Lock the timeline of this (area, key, kind), so two admins setting it at once queue up.
    timeline = list(
        StandardVersion.objects.select_for_update()
        .filter(area=area, key=key, urban=urban, replaced_at__isnull=True)
        .order_by("effective_from")
    )
    same_day = next((v for v in timeline if v.effective_from == effective_from), None)
    covering = next(
        (
            v
            for v in timeline
            if v.effective_from < effective_from
            and (v.effective_to is None or v.effective_to >= effective_from)
        ),
        None,
    )
    later = [v for v in timeline if v.effective_from > effective_from]
    if same_day is not None:
        ends = same_day.effective_to
    elif covering is not None:
        ends = covering.effective_to
    else:
        ends = later[0].effective_from - timedelta(days=1) if later else None
    if same_day is not None:
        same_day.replaced_at = timezone.now()
        same_day.save(update_fields=["replaced_at"])
    version = StandardVersion.objects.create(
        area=area,
        key=key,
        urban=urban,
        value=stored,
        effective_from=effective_from,
        effective_to=ends,
        note=note.strip(),
        is_demo_value=is_demo_value,
        created_by=actor if actor is not None and actor.pk else None,
    )
    summary = _describe(version, area.name)
    if same_day is not None:
        same_day.replaced_by = version
        same_day.save(update_fields=["replaced_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=same_day,
            area_code=area.code,
            summary=f"更正地方标准：{_describe(same_day, area.name)} 更正为 {version.value}",
            before={"replaced_by": None},
            after={"replaced_by": version.pk, "replaced_at": same_day.replaced_at.isoformat()},
        )
    if covering is not None:
        before = snapshot(covering, ["effective_to"])
        covering.effective_to = effective_from - timedelta(days=1)
        covering.save(update_fields=["effective_to"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=covering,
            area_code=area.code,
            summary=f"地方标准截止：{_describe(covering, area.name)}，至{covering.effective_to:%Y-%m-%d}止",
            before=before,
            after=snapshot(covering, ["effective_to"]),
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=version,
        area_code=area.code,
        summary=f"设置地方标准：{summary}",
        after=snapshot(version, VERSION_FIELDS),
    )
    return version


def _area_for_write(*, actor: User, area_code: str) -> Area:
    """The area to set a value in: inside the actor's own, or NotFound as for anything outside it."""
    if not code_in_scope(actor, area_code):
        raise NotFound()
    area = Area.objects.filter(pk=area_code).first()
    if area is None:
        raise NotFound()
    return area


@transaction.atomic
def standard_set(
    *,
    actor: User,
    area_code: str,
    key: str,
    urban: bool | None,
    value: str,
    effective_from: date,
    note: str = "",
    is_demo_value: bool = False,
) -> StandardVersion:
    """Set ``key`` for an area (a county, or a township overriding it) from ``effective_from`` on.

    Only an admin may, and only inside their area: a county admin for the county and its townships.
    """
    require(actor, Capability.MANAGE_STANDARDS)
    area = _area_for_write(actor=actor, area_code=area_code)
    return _version_add(
        actor=actor,
        area=area,
        key=key,
        urban=urban,
        value=value,
        effective_from=effective_from,
        note=note,
        is_demo_value=is_demo_value,
    )


@dataclass(frozen=True, slots=True)
class StandardsImportResult:
    file_name: str
    versions: int
    areas: int


def _apply(*, actor: User | None, plan: list[PlannedVersion]) -> int:
    # Oldest first, so that each value closes the range of the one before it, as if set one by one.
    for item in sorted(plan, key=lambda p: (p.effective_from, p.row)):
        _version_add(
            actor=actor,
            area=item.area,
            key=item.key,
            urban=item.urban,
            value=item.value,
            effective_from=item.effective_from,
            note=item.note,
            is_demo_value=item.is_demo_value,
        )
    return len(plan)


def standards_import(*, actor: User, file_name: str, content: bytes) -> StandardsImportResult:
    """Import a file of versions (template columns 区划代码, 参数, 城乡, 数值, 起始日期, 说明).

    Every row is checked first; any error raises ImportRejected listing each row, column and reason, and
    nothing is written. Then all rows are written in one transaction, with one audit row per version and
    one for the import.
    """
    require(actor, Capability.MANAGE_STANDARDS)
    rows = rows_read(file_name=file_name, content=content)
    plan = import_plan(rows=rows, in_scope=lambda code: code_in_scope(actor, code))
    with transaction.atomic():
        count = _apply(actor=actor, plan=plan)
        areas = sorted({p.area.code for p in plan})
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            entity_type="standards.import",
            area_code=actor.area_id or "",
            summary=f"导入地方标准“{file_name}”：{count}条",
            after={"file": file_name, "versions": count, "areas": areas},
        )
    return StandardsImportResult(file_name=file_name, versions=count, areas=len(areas))


def standards_demo_load(*, path: Path = DEMO_FILE) -> int:
    """Load the demo standards for each seeded county that has none yet; returns how many were written.

    Safe to repeat: a county that already holds any version is left alone, so an admin's edits survive.
    """
    rows = rows_read(file_name=path.name, content=path.read_bytes())
    plan = import_plan(rows=rows, in_scope=lambda code: True, missing_areas_ok=True)
    counties = sorted({p.area.code[:6] for p in plan})
    filled = set()
    for county in counties:
        low, high = area_code_range(county.ljust(12, "0"))
        if StandardVersion.objects.filter(area_id__gte=low, area_id__lte=high).exists():
            filled.add(county)
    todo = [p for p in plan if p.area.code[:6] not in filled]
    if not todo:
        return 0
    with transaction.atomic():
        count = _apply(actor=None, plan=todo)
        audit_record(
            actor=None,
            action=AuditAction.LOAD,
            entity_type="standards.import",
            area_code="0" * 12,
            summary=f"装载演示地方标准：{count}条（{len({p.area.code[:6] for p in todo})}个县区）",
            after={"file": path.name, "versions": count},
        )
    return count


__all__ = [
    "DEMO_FILE",
    "StandardsImportResult",
    "standard_set",
    "standards_demo_load",
    "standards_import",
]
