"""Writing 目标管理: adding, changing and removing a year's indicators, entering a manual actual value with
its evidence, importing the year's indicators from the XLSX template (all or nothing), and generating the
progress report. Each write is one transaction with its audit row; a stored file (evidence or report) is
removed again if that transaction fails.

``actor`` is a user, or the command line's unsaved reader (recorded as 系统) for the report.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.clock import today
from apps.core.db import locked_at_version
from apps.core.files import CONTENT_TYPES, StoredFile, file_check, file_write, removed_on_error
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.targets.models import FileFormat, Target, TargetReportFile
from apps.targets.selectors import year_check, year_progress
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability
from policy.targets import TargetSpec, value_parse

if TYPE_CHECKING:
    from apps.accounts.models import User

FOLDER = "targets"
EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls", ".ofd"}
MAX_EVIDENCE_MB = 10


def _allowed(actor: User, capability: Capability, county_code: str) -> None:
    require(actor, capability)
    if not code_in_scope(actor, county_code):
        raise NotFound()


def _recorded(actor: User) -> User | None:
    return actor if actor.pk else None


def _snapshot(target: Target) -> dict[str, Any]:
    return {
        "level": target.level,
        "seq": target.seq,
        "name": target.name,
        "unit": target.unit,
        "direction": target.direction,
        "target_value": str(target.target_value),
        "measure": target.measure,
        "note": target.note,
        "actual_value": None if target.actual_value is None else str(target.actual_value),
        "actual_on": None if target.actual_on is None else target.actual_on.isoformat(),
        "actual_note": target.actual_note,
        "evidence_sha256": target.evidence_sha256,
    }


def _apply(target: Target, spec: TargetSpec) -> None:
    for field, value in asdict(spec).items():
        setattr(target, field, value)
    if spec.measure:  # a bound indicator's value is computed; a manual value left over would mislead
        target.actual_value, target.actual_on, target.actual_note = None, None, ""


def _save(target: Target, actor: User) -> None:
    target.updated_by = _recorded(actor)
    target.updated_at = timezone.now()
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise ValidationFailed.on("name", f"{target.year}年已有名为“{target.name}”的指标") from None


@transaction.atomic
def target_create(*, actor: User, county: Area, year: int, spec: TargetSpec) -> Target:
    """Add one indicator to the county's year."""
    _allowed(actor, Capability.MANAGE_TARGETS, county.code)
    year_check(year)
    target = Target(county=county, year=year)
    _apply(target, spec)
    _save(target, actor)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.CREATE,
        entity=target,
        area_code=county.code,
        summary=f"新增目标：{target}",
        after=_snapshot(target),
    )
    return target


def _locked(target: Target, expected_version: int | None) -> Target:
    return locked_at_version(
        Target.objects.select_related("county"),
        pk=target.pk,
        version=expected_version,
        conflict=lambda row: f"该指标已被他人修改（当前第{row.version}版），请刷新后再保存",
    )


@transaction.atomic
def target_update(
    *, actor: User, target: Target, spec: TargetSpec, expected_version: int | None = None
) -> Target:
    """Change an indicator's definition (level, name, unit, direction, target, binding, note)."""
    _allowed(actor, Capability.MANAGE_TARGETS, target.county_id)
    locked = _locked(target, expected_version)
    before = _snapshot(locked)
    _apply(locked, spec)
    locked.version += 1
    _save(locked, actor)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.county_id,
        summary=f"修改目标：{locked}",
        before=before,
        after=_snapshot(locked),
    )
    return locked


@transaction.atomic
def target_delete(*, actor: User, target: Target) -> None:
    """Remove an indicator (its evidence file stays on the server, named in the audit row)."""
    _allowed(actor, Capability.MANAGE_TARGETS, target.county_id)
    locked = _locked(target, None)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.DELETE,
        entity=locked,
        area_code=locked.county_id,
        summary=f"删除目标：{locked}"
        + (f"（佐证材料 {locked.evidence_path}）" if locked.evidence_path else ""),
        before=_snapshot(locked),
    )
    locked.delete()


def evidence_check(name: str, size: int) -> str:
    """The upload's extension if it may be kept as evidence; a clear reason otherwise."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = "、".join(sorted(s.lstrip(".") for s in EVIDENCE_TYPES))
        raise ValidationFailed.on("evidence", f"佐证材料“{name}”的格式不支持，请上传 {allowed} 文件")
    if size > MAX_EVIDENCE_MB * 1024 * 1024:
        raise ValidationFailed.on("evidence", f"佐证材料不能超过{MAX_EVIDENCE_MB}MB")
    if size == 0:
        raise ValidationFailed.on("evidence", "佐证材料是空文件")
    return suffix


def target_actual_record(
    *,
    actor: User,
    target: Target,
    value: object,
    on: date | None,
    note: str,
    evidence: tuple[str, bytes] | None = None,
    expected_version: int | None = None,
) -> Target:
    """Enter a manual indicator's actual value as of ``on`` with a note and (optionally) a new evidence file;
    a bound indicator's value is computed and cannot be typed in."""
    _allowed(actor, Capability.MANAGE_TARGETS, target.county_id)
    errors: dict[str, list[str]] = {}
    if target.measure:
        raise ValidationFailed.on("value", "该指标绑定了系统数据，实际值自动计算，不能人工填报")
    try:
        amount: Decimal | None = value_parse(value, field="value", label="实际值")
    except ValidationFailed as exc:
        errors |= exc.errors
        amount = None
    if on is None:
        errors["on"] = ["请填写截至日期"]
    elif on.year != target.year or on > today():
        errors["on"] = [f"截至日期应在{target.year}年内，且不晚于今天"]
    if len(note or "") > 1000:
        errors["note"] = ["完成情况说明不能超过1000字"]
    suffix = ""
    if evidence is not None:
        try:
            suffix = evidence_check(evidence[0], len(evidence[1]))
        except ValidationFailed as exc:
            errors |= exc.errors
    if errors:
        raise ValidationFailed(errors)
    written = None
    if evidence is not None:
        under = f"evidence/{target.county_id}/{target.year}/{target.pk}"
        written = file_write(folder=FOLDER, under=under, suffix=suffix.lstrip("."), content=evidence[1])
    name = evidence[0] if evidence is not None else ""
    with removed_on_error(*([] if written is None else [written.path])), transaction.atomic():
        return _actual_save(actor, target, amount, on, note, written, name, expected_version)


def _actual_save(
    actor: User,
    target: Target,
    amount: Decimal | None,
    on: date | None,
    note: str,
    written: Any,
    name: str,
    expected_version: int | None,
) -> Target:
    locked = _locked(target, expected_version)
    before = _snapshot(locked)
    locked.actual_value, locked.actual_on, locked.actual_note = amount, on, (note or "").strip()
    if written is not None:
        locked.evidence_name = PurePath(name).name[:200]
        locked.evidence_path, locked.evidence_sha256 = written.stored_path, written.sha256
        locked.evidence_size = written.size
    locked.version += 1
    _save(locked, actor)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.county_id,
        summary=f"填报完成情况：{locked.name} {amount}{locked.unit}（截至{on}）"
        + (f"，佐证材料SHA-256 {locked.evidence_sha256}" if written is not None else ""),
        before=before,
        after=_snapshot(locked),
    )
    return locked


@transaction.atomic
def target_evidence_open(*, actor: User, target: Target) -> StoredFile:
    """An indicator's evidence file: checked against its SHA-256, audited."""
    _allowed(actor, Capability.VIEW_TARGETS, target.county_id)
    if not target.evidence_path:
        raise NotFound("该指标没有上传佐证材料")
    path = file_check(folder=FOLDER, stored_path=target.evidence_path, sha256=target.evidence_sha256)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.EXPORT,
        entity=target,
        area_code=target.county_id,
        summary=f"下载佐证材料：{target.name}（{target.evidence_name}）",
    )
    suffix = PurePath(target.evidence_name).suffix.lstrip(".").lower()
    kind = CONTENT_TYPES.get(suffix, "application/octet-stream")
    return StoredFile(path, target.evidence_name, kind, target.evidence_sha256)


def targets_generate(*, actor: User, county: Area, year: int, fmt: str) -> TargetReportFile:
    """Generate the year's progress report as ``fmt`` (docx or xlsx); each call keeps a new file."""
    from apps.targets.documents import report_docx, report_title, report_xlsx

    try:
        chosen = FileFormat(fmt)
    except ValueError:
        raise ValidationFailed.on("format", f"格式“{fmt}”无效，应为 docx 或 xlsx") from None
    _allowed(actor, Capability.VIEW_TARGETS, county.code)
    require(actor, Capability.PRODUCE_REPORTS)
    progress = year_progress(actor=actor, county=county, year=year)
    content = report_docx(progress) if chosen == FileFormat.DOCX else report_xlsx(progress)
    under = f"reports/{county.code}/{year}"
    written = file_write(folder=FOLDER, under=under, suffix=chosen.value, content=content)
    with removed_on_error(written.path), transaction.atomic():
        made = TargetReportFile.objects.create(
            county=county,
            year=year,
            format=chosen,
            filename=f"{report_title(progress)}.{chosen.value}",
            stored_path=written.stored_path,
            sha256=written.sha256,
            size=written.size,
            created_by=_recorded(actor),
            created_at=timezone.now(),
        )
        audit_record(
            actor=_recorded(actor),
            action=AuditAction.CREATE,
            entity=made,
            area_code=county.code,
            summary=f"生成{made.filename}（{len(progress.rows)}项指标），SHA-256 {made.sha256}",
        )
    return made


@transaction.atomic
def targets_file_open(*, actor: User, file_id: object) -> StoredFile:
    """A generated progress report for download: in the actor's area, checked, audited."""
    require(actor, Capability.VIEW_TARGETS)
    try:
        made = TargetReportFile.objects.filter(pk=int(str(file_id))).first()
    except ValueError:
        made = None
    if made is None or not code_in_scope(actor, made.county_id):
        raise NotFound()
    path = file_check(folder=FOLDER, stored_path=made.stored_path, sha256=made.sha256)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.EXPORT,
        entity=made,
        area_code=made.county_id,
        summary=f"下载{made.filename}（SHA-256 {made.sha256[:12]}…）",
    )
    return StoredFile(path, made.filename, CONTENT_TYPES[made.format], made.sha256)
