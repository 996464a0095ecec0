"""政府信息公开工作年度报告 pages under /disclosure/: the years of a county, one year's report with its
checks and files, the entry grid (PC and phone), the XLSX template and upload, generation, the print
preview and downloads. Thin: the selectors read, the services write and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.areas.selectors import counties_for
from apps.core.middleware import csp_allow_inline_styles
from apps.core.uploads import WORKBOOK, upload_read
from apps.core.web import requires
from apps.disclosure.documents import document_build, grid, printed_values
from apps.disclosure.documents.html import html_text
from apps.disclosure.documents.xlsx import xlsx_bytes
from apps.disclosure.models import DisclosureReport, FileFormat
from apps.disclosure.selectors import (
    county_get_for,
    files_for,
    report_failures,
    report_get_for,
    template_of,
    years_for,
)
from apps.disclosure.services import (
    ReportRefused,
    disclosure_file_open,
    disclosure_generate,
    disclosure_import_xlsx,
    disclosure_save,
)
from policy.disclosure import Failure, Template
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _deadline(year: int) -> str:
    # 政府信息公开条例 第四十九条: a county's departments publish last year's report by 31 January.
    return f"{year + 1}年1月31日前"


@login_required
@requires(Capability.VIEW_DISCLOSURE)
def disclosure_index(request: HttpRequest) -> HttpResponse:
    """The years of a county: template, whether anything is entered, failing checks, files."""
    counties = counties_for(actor=request.user, capability=Capability.VIEW_DISCLOSURE)
    if not counties:
        raise NotFound()
    code = request.GET.get("county") or counties[0].code
    county = county_get_for(actor=request.user, code=code)
    return render(
        request,
        "disclosure/index.html",
        {
            "county": county,
            "counties": counties,
            "rows": years_for(actor=request.user, county=county),
            "can_edit": request.user.can(Capability.MANAGE_DISCLOSURE),
        },
    )


def _sections(
    template: Template, values: dict[str, str], failures: list[Failure], texts: dict[str, Any]
) -> list[dict[str, Any]]:
    return [
        {
            "section": part,
            "rows": grid(part.table, values, failures) if part.table is not None else None,
            "text": str(texts.get(part.text_key, "")) if part.text_key else "",
        }
        for part in template.sections
    ]


@login_required
@requires(Capability.VIEW_DISCLOSURE)
def disclosure_report(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """One year's report: the checks, the tables as entered, the files generated, and what to do next."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    template = template_of(report)
    failures = report_failures(report) if report.pk else []
    files = list(files_for(actor=request.user, report=report))
    return render(
        request,
        "disclosure/report.html",
        {
            "report": report,
            "template": template,
            "failures": failures,
            "files": files,
            "sections": _sections(template, printed_values(template, report.cells), failures, report.texts),
            "can_edit": request.user.can(Capability.MANAGE_DISCLOSURE),
            "deadline": _deadline(report.year),
            "formats": FileFormat.choices,
            "current_version": report.version,
        },
    )


def _posted(request: HttpRequest, template: Template) -> tuple[str, dict[str, str], dict[str, str]]:
    organ = request.POST.get("organ", "")
    texts = {s.text_key: request.POST.get(f"text-{s.text_key}", "") for s in template.text_sections}
    cells = {key: request.POST.get(key, "") for key in template.specs}
    return organ, texts, cells


def _edit_page(
    request: HttpRequest,
    report: DisclosureReport,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
    upload_errors: list[str] | None = None,
) -> HttpResponse:
    template = template_of(report)
    failures = report_failures(report) if report.pk else []
    errors = errors or {}
    # A refused save shows what was typed, each unreadable cell marked with its reason.
    bad = [Failure("format", k, "", m, cell=k, cells=(k,)) for k, ms in errors.items() for m in ms]
    shown = values if values is not None else printed_values(template, report.cells)
    texts = (
        {k[len("text-") :]: v for k, v in request.POST.items() if k.startswith("text-")}
        if values is not None
        else report.texts
    )
    return render(
        request,
        "disclosure/edit.html",
        {
            "report": report,
            "template": template,
            "failures": failures,
            "errors": errors,
            "error_list": [m for ms in errors.values() for m in ms],
            "sections": _sections(template, shown, bad if values is not None else failures, texts),
            "organ": request.POST.get("organ", report.organ) if values is not None else report.organ,
            "upload_errors": upload_errors or [],
            "deadline": _deadline(report.year),
        },
        status=status,
    )


@login_required
@requires(Capability.MANAGE_DISCLOSURE)
@require_http_methods(["GET", "POST"])
def disclosure_edit(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """The entry grid: the organ, the three texts and every figure; saved as a draft."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    if request.method == "GET":
        return _edit_page(request, report)
    template = template_of(report)
    organ, texts, cells = _posted(request, template)
    version = request.POST.get("version", "")
    try:
        saved = disclosure_save(
            actor=request.user,
            county=report.county,
            year=report.year,
            organ=organ,
            texts=texts,
            cells=cells,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationFailed as exc:
        return _edit_page(request, report, values=cells, errors=exc.errors, status=400)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("disclosure:edit", county=county, year=year)
    failing = len(report_failures(saved))
    if failing:
        messages.warning(
            request, f"已保存草稿（第{saved.version}版）。仍有{failing}处校验未通过，更正后才能生成报告。"
        )
    else:
        messages.success(request, f"已保存（第{saved.version}版），全部校验通过，可以生成报告。")
    return redirect("disclosure:edit", county=county, year=year)


@login_required
@requires(Capability.MANAGE_DISCLOSURE)
@require_POST
def disclosure_upload(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """Fill the figures from a workbook of the year's layout: all or nothing, every bad cell named."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    upload = request.FILES.get("file")
    if upload is None:
        return _edit_page(request, report, status=400, upload_errors=["请选择填好的 XLSX 表格"])
    try:
        content = upload_read(upload, limit=WORKBOOK)  # its size checked before a byte is read
    except ValidationFailed as exc:
        return _edit_page(request, report, status=400, upload_errors=[exc.message])
    if report.pk is None:  # the organ and texts of a first upload are the defaults, edited afterwards
        report.texts = {}
    try:
        saved = disclosure_import_xlsx(actor=request.user, report=report, content=content)
    except ValidationFailed as exc:
        problems = [m for ms in exc.errors.values() for m in ms]
        return _edit_page(request, report, status=400, upload_errors=[exc.message, *problems])
    failing = len(report_failures(saved))
    messages.success(
        request,
        f"已从表格导入全部数据（第{saved.version}版）"
        + (f"；仍有{failing}处校验未通过" if failing else "；表格校验全部通过"),
    )
    return redirect("disclosure:edit", county=county, year=year)


@login_required
@requires(Capability.MANAGE_DISCLOSURE)
def disclosure_template(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """The XLSX to fill offline: the year's layout, blank (``?blank=1``) or with the figures entered."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    if request.GET.get("blank") == "1":
        report = DisclosureReport(county=report.county, year=report.year, organ=report.organ, cells={})
    content = xlsx_bytes(document_build(report))
    name = f"{report.organ}{report.year}年政府信息公开年报表格{'（空白）' if not report.cells else ''}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"disclosure.xlsx\"; filename*=UTF-8''{quote(name)}"


@login_required
@requires(Capability.MANAGE_DISCLOSURE)
@require_POST
def disclosure_generate_view(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """Generate the report in one format, after every check; refused with the list otherwise."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    try:
        made = disclosure_generate(actor=request.user, report=report, fmt=request.POST.get("format", "docx"))
    except ReportRefused as exc:
        shown = "；".join(f.message for f in exc.failures[:10])
        more = f"等共{len(exc.failures)}处" if len(exc.failures) > 10 else ""
        messages.error(request, f"未生成：{shown}{more}")
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已生成“{made.filename}”，SHA-256 {made.sha256}")
    return redirect("disclosure:report", county=county, year=year)


@login_required
@requires(Capability.VIEW_DISCLOSURE)
def disclosure_preview(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """The print-friendly page of the data as it stands; a draft says so and marks the failing figures."""
    report = report_get_for(actor=request.user, county_code=county, year=year)
    failures = report_failures(report) if report.pk else []
    # The page carries its own <style> (it is also the stored, self-contained file): allowed by its hash.
    return csp_allow_inline_styles(HttpResponse(html_text(document_build(report), failures=failures)))


@login_required
@requires(Capability.VIEW_DISCLOSURE)
def disclosure_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A generated file as stored: checked against its SHA-256, audited."""
    stored = disclosure_file_open(actor=request.user, file_id=pk)
    return FileResponse(
        stored.path.open("rb"), content_type=stored.content_type, filename=stored.filename, as_attachment=True
    )
