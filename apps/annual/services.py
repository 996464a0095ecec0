"""Generating the appendix files and opening them again.

* Generating reads the appendix as the actor (their area limits it), renders DOCX or XLSX, stores the bytes
  under ``VAR_DIR/annual/<area>/<year>/`` with a unique name, and writes the file's row (SHA-256, size) and
  the audit row in one transaction; the file is removed again if that transaction fails.
* Opening checks the stored bytes against the recorded SHA-256 and is audited, as a download.

The command line reads as an unsaved 管理员 of the county (apps/statistics' ``reader``); its files and audit
rows are recorded as 系统.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from apps.annual.documents import docx_bytes, title_of, xlsx_bytes
from apps.annual.models import AnnualFile, FileFormat
from apps.annual.selectors import appendix_for
from apps.core.files import CONTENT_TYPES, StoredFile, file_check, file_write, removed_on_error
from apps.core.models import AuditAction
from apps.core.scoping import area_q, require
from apps.core.services import audit_record
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

FOLDER = "annual"


def _recorded(actor: User) -> User | None:
    return actor if actor.pk else None  # the command line's reader is not a saved user


def annual_generate(*, actor: User, area_code: str, year: int, fmt: str) -> AnnualFile:
    """Generate the appendix of the area and year as ``fmt`` (docx or xlsx); each call makes a new file."""
    try:
        chosen = FileFormat(fmt)
    except ValueError:
        raise ValidationFailed.on("format", f"格式“{fmt}”无效，应为 docx 或 xlsx") from None
    require(actor, Capability.PRODUCE_REPORTS)
    view = appendix_for(actor=actor, area_code=area_code, year=year)
    content = docx_bytes(view) if chosen == FileFormat.DOCX else xlsx_bytes(view)
    written = file_write(
        folder=FOLDER, under=f"{view.area.code}/{year}", suffix=chosen.value, content=content
    )
    with removed_on_error(written.path), transaction.atomic():
        made = AnnualFile.objects.create(
            area=view.area,
            year=year,
            through=view.appendix.through,
            format=chosen,
            filename=f"{title_of(view)}.{chosen.value}",
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
            area_code=view.area.code,
            summary=f"生成{made.filename}（数据截至{view.appendix.through:%Y年%m月}），SHA-256 {made.sha256}",
        )
    return made


@transaction.atomic
def annual_file_open(*, actor: User, file_id: Any) -> StoredFile:
    """A generated file for download: inside the actor's area, checked against its SHA-256, audited."""
    require(actor, Capability.VIEW_STATISTICS)
    try:
        made = AnnualFile.objects.filter(area_q(actor, "area"), pk=int(file_id)).first()
    except (TypeError, ValueError):
        made = None
    if made is None:
        raise NotFound()
    path = file_check(folder=FOLDER, stored_path=made.stored_path, sha256=made.sha256)
    audit_record(
        actor=_recorded(actor),
        action=AuditAction.EXPORT,
        entity=made,
        area_code=made.area_id,
        summary=f"下载{made.filename}（SHA-256 {made.sha256[:12]}…）",
    )
    return StoredFile(path, made.filename, CONTENT_TYPES[made.format], made.sha256)
