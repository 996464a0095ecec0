"""Writing 政府信息公开工作年度报告: saving the year's texts and figures (as a draft, inconsistencies and
all), filling the figures from an uploaded XLSX, generating the report files, and opening them again.

* Saving refuses only what cannot be read as a figure of its kind, naming every such cell; the 勾稽
  checks are shown, not enforced, so a clerk can save half-done work.
* Generating runs every check first and refuses, with the whole list, while any fails
  (:class:`ReportRefused`). A generated file is stored under ``VAR_DIR/disclosure/<county>/<year>/`` with a
  unique name, never overwritten; its row (SHA-256, size, the data version it was made from) and the audit
  row are written in one transaction, and the file is removed again if that transaction fails.
* Opening a file checks it against its recorded SHA-256 and is audited, as bank files are.

``actor`` is a user, or None for the command line run on the server (recorded as 系统).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.core.db import version_check
from apps.core.files import CONTENT_TYPES, StoredFile, file_check, file_write, removed_on_error, root
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.disclosure.documents import document_build
from apps.disclosure.models import DisclosureFile, DisclosureReport, FileFormat
from apps.disclosure.selectors import report_failures, year_check
from policy.disclosure import Failure, cells_normalize, template_for_year
from policy.errors import NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

MAX_TEXT = 20_000
MAX_ORGAN = 100
FOLDER = "disclosure"  # under VAR_DIR


class ReportRefused(ValidationFailed):
    """Generation refused: ``failures`` lists every failed check (``errors`` keys them by cell)."""

    def __init__(self, failures: list[Failure]) -> None:
        self.failures = failures
        errors: dict[str, list[str]] = {}
        for failure in failures:
            errors.setdefault(failure.cell or failure.code, []).append(failure.message)
        super().__init__(errors, f"有{len(failures)}处校验未通过，不能生成报告：{failures[0].message}")


def disclosure_root() -> Path:
    return root(FOLDER)


def _allowed(actor: User | None, capability: Capability, county_code: str) -> None:
    if actor is None:  # the command line, run by whoever runs the server
        return
    require(actor, capability)
    if not code_in_scope(actor, county_code):
        raise NotFound()


def _flat(report: DisclosureReport) -> dict[str, Any]:
    """The report as one flat dict, so the audit row lists exactly the texts and figures that changed."""
    return {"organ": report.organ, **report.texts, **report.cells}


def _texts_clean(template_texts: list[str], texts: Mapping[str, object]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for key in template_texts:
        value = str(texts.get(key) or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_TEXT:
            errors[key] = [f"正文不能超过{MAX_TEXT}字"]
        out[key] = value
    if errors:
        raise ValidationFailed(errors)
    return out


@transaction.atomic
def disclosure_save(
    *,
    actor: User | None,
    county: Area,
    year: int,
    organ: str,
    texts: Mapping[str, object],
    cells: Mapping[str, object],
    expected_version: int | None = None,
) -> DisclosureReport:
    """Save the year's report as a draft: every figure must be readable (ValidationFailed names each that
    is not, and nothing is saved); the 勾稽 checks may still fail. ``expected_version`` (the version the
    editor started from) refuses to overwrite someone else's later save (Conflict)."""
    _allowed(actor, Capability.MANAGE_DISCLOSURE, county.code)
    year_check(year)
    template = template_for_year(year)
    organ = (organ or "").strip()
    if not organ:
        raise ValidationFailed.on("organ", "请填写机关名称，如“曾都区民政局”")
    if len(organ) > MAX_ORGAN:
        raise ValidationFailed.on("organ", f"机关名称不能超过{MAX_ORGAN}字")
    clean_texts = _texts_clean([s.text_key for s in template.text_sections], texts)
    clean_cells = cells_normalize(template, cells)
    report = DisclosureReport.objects.select_for_update().filter(county=county, year=year).first()
    created = report is None
    if report is None:
        report = DisclosureReport(county=county, year=year, template=template.code, version=0)
    version_check(
        report,
        version=expected_version,
        conflict=lambda row: f"该报告已被他人修改（当前第{row.version}版），请刷新后再保存",
    )
    before = None if created else _flat(report)
    report.organ, report.texts, report.cells = organ, clean_texts, clean_cells
    report.version += 1
    report.updated_by = actor
    report.updated_at = timezone.now()
    report.save()
    failures = report_failures(report)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        entity=report,
        area_code=county.code,
        summary=f"保存{report}草稿（第{report.version}版，{len(failures)}处校验未通过）",
        before=before,
        after=_flat(report),
    )
    return report


def disclosure_import_xlsx(
    *, actor: User | None, report: DisclosureReport, content: bytes
) -> DisclosureReport:
    """Fill the figures from a workbook of the year's layout, all or nothing; texts and the organ stay."""
    from apps.disclosure.documents.xlsx import xlsx_read

    _allowed(actor, Capability.MANAGE_DISCLOSURE, report.county_id)
    cells = xlsx_read(template_for_year(report.year), report.year, content)
    return disclosure_save(
        actor=actor,
        county=report.county,
        year=report.year,
        organ=report.organ,
        texts=report.texts,
        cells=cells,
    )


def _render(report: DisclosureReport, fmt: FileFormat) -> bytes:
    from apps.disclosure.documents.docx import docx_bytes
    from apps.disclosure.documents.html import html_text
    from apps.disclosure.documents.xlsx import xlsx_bytes

    document = document_build(report)
    if fmt == FileFormat.DOCX:
        return docx_bytes(document)
    if fmt == FileFormat.XLSX:
        return xlsx_bytes(document)
    return html_text(document).encode("utf-8")


def disclosure_generate(*, actor: User | None, report: DisclosureReport, fmt: str) -> DisclosureFile:
    """Generate the report as ``fmt`` (docx, html or xlsx) after every check passes; ReportRefused lists
    every failure otherwise. Each generation makes a new file and keeps the earlier ones."""
    try:
        chosen = FileFormat(fmt)
    except ValueError:
        raise ValidationFailed.on("format", f"格式“{fmt}”无效，应为 docx、html 或 xlsx") from None
    _allowed(actor, Capability.MANAGE_DISCLOSURE, report.county_id)
    if report.pk is None:
        raise ReportRefused(report_failures(report) or [_nothing_entered(report)])
    with removed_on_error() as kept, transaction.atomic():
        locked = DisclosureReport.objects.select_for_update().select_related("county").get(pk=report.pk)
        failures = report_failures(locked)
        if failures:
            raise ReportRefused(failures)
        written = file_write(
            folder=FOLDER,
            under=f"{report.county_id}/{report.year}",
            prefix=f"{report.pk}-",
            suffix=chosen.value,
            content=_render(locked, chosen),
            kept=kept,
        )
        made = DisclosureFile.objects.create(
            report=locked,
            format=chosen,
            filename=f"{locked.organ}{locked.year}年政府信息公开工作年度报告.{chosen.value}",
            stored_path=written.stored_path,
            sha256=written.sha256,
            size=written.size,
            report_version=locked.version,
            created_by=actor,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            entity=made,
            area_code=locked.county_id,
            summary=f"生成{locked}（{chosen.label}，第{locked.version}版数据），SHA-256 {made.sha256}",
        )
    return made


def _nothing_entered(report: DisclosureReport) -> Failure:
    return Failure("empty", "报告", "未录入", f"{report.year}年度报告尚未录入任何内容，请先填写并保存")


@transaction.atomic
def disclosure_file_open(*, actor: User | None, file_id: Any) -> StoredFile:
    """A generated file for download: scoped, checked against its recorded SHA-256, and audited."""
    if actor is not None:
        require(actor, Capability.VIEW_DISCLOSURE)
    try:
        made = DisclosureFile.objects.select_related("report__county").filter(pk=int(file_id)).first()
    except (TypeError, ValueError):
        made = None
    if made is None:
        raise NotFound()
    _allowed(actor, Capability.VIEW_DISCLOSURE, made.report.county_id)
    path = file_check(folder=FOLDER, stored_path=made.stored_path, sha256=made.sha256)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        entity=made,
        area_code=made.report.county_id,
        summary=f"下载{made.report}（{made.get_format_display()}，SHA-256 {made.sha256[:12]}…）",
    )
    return StoredFile(path, made.filename, CONTENT_TYPES[made.format], made.sha256)
