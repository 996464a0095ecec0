"""导入: upload a list, confirm which column holds what (the saved mapping or a guess), then the import
streams its stages; a rejected file lists every bad row on screen and as an XLSX report."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.uploads import LIST, upload_check
from apps.core.web import requires
from apps.crosscheck.forms import MappingForm, UploadForm
from apps.crosscheck.models import Batch
from apps.crosscheck.services.imports import BatchInput, ImportStep, batch_import_steps, batch_preview
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.sources import source_update
from apps.crosscheck.services.uploads import report_path, report_save, upload_path, upload_stage
from apps.crosscheck.views.common import county_choices, step_html, streamed
from apps.registry.services.import_read import PAGE_ISSUES, issues_more
from policy.crosscheck import SOURCES
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEY = "crosscheck_import_report"
UPLOAD_KEY = "crosscheck_upload"
# Each finished stage: its ✓ line, then the next stage's running line (which the ✓ after it replaces).
STAGE_TEXT = {
    "读取": ("✓ 已读取 {done} 行", "正在逐行校验……"),
    "校验": ("✓ 校验通过，共 {done} 行", "正在保存……"),
}


def _upload_page(
    request: HttpRequest, form: UploadForm, error: str = "", rejected: BatchRejected | None = None
) -> HttpResponse:
    return render(
        request,
        "crosscheck/import.html",
        {
            "form": form,
            "error": error,
            "issues": rejected.issues[:PAGE_ISSUES] if rejected else [],
            "sources": SOURCES,
        },
        status=200,
    )


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Step 1: the list's county, source, dates and file; the answer is step 2, the column mapping."""
    form = UploadForm(request.POST or None, request.FILES or None, counties=county_choices(request))
    if request.method == "GET" or not form.is_valid():
        return _upload_page(request, form)
    d = form.cleaned_data
    upload = d["file"]
    try:
        upload_check(upload, limit=LIST)  # before the file is copied anywhere
    except ValidationFailed as exc:
        return _upload_page(request, form, error=exc.message)
    token = upload_stage(actor=request.user, file_name=upload.name or "", chunks=upload.chunks())
    request.session[UPLOAD_KEY] = {"token": token, "name": upload.name or "名单"}
    try:
        preview = batch_preview(
            actor=request.user,
            county=d["county"],
            source_code=d["source"],
            path=upload_path(actor=request.user, token=token),
            file_name=upload.name or "",
        )
    except BatchRejected as exc:
        return _upload_page(request, form, error=exc.message, rejected=exc)
    initial = {
        "token": token,
        "county": d["county"],
        "source": d["source"],
        "received_on": d["received_on"],
        "list_date": d["list_date"],
        "note": d["note"],
        **{f"map_{k}": v for k, v in preview.mapping.items()},
    }
    mapping = MappingForm(code=d["source"], headers=preview.headers, initial=initial)
    return render(
        request,
        "crosscheck/import_map.html",
        {"form": mapping, "preview": preview, "definition": SOURCES[d["source"]], "file_name": upload.name},
    )


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the mapping as confirmed (saved for next time if asked); the import streams its stages."""
    staged = request.session.get(UPLOAD_KEY) or {}
    code = request.POST.get("source", "")
    if code not in SOURCES or request.POST.get("token") != staged.get("token"):
        return render(request, "crosscheck/import_result.html", {"error": "上传的文件已过期，请重新上传"})
    try:
        path = upload_path(actor=request.user, token=staged["token"])
        preview = batch_preview(
            actor=request.user,
            county=request.POST.get("county", ""),
            source_code=code,
            path=path,
            file_name=staged["name"],
        )
    except (NotFound, BatchRejected) as exc:
        return render(request, "crosscheck/import_result.html", {"error": exc.message})
    form = MappingForm(request.POST, code=code, headers=preview.headers)
    if not form.is_valid():
        return render(
            request,
            "crosscheck/import_map.html",
            {"form": form, "preview": preview, "definition": SOURCES[code], "file_name": staged["name"]},
        )
    d = form.cleaned_data
    mapping = form.mapping()
    if d["save_mapping"]:
        try:
            source_update(actor=request.user, county=d["county"], code=code, mapping=mapping)
        except ValidationFailed as exc:
            return render(request, "crosscheck/import_result.html", {"error": exc.message})
    data = BatchInput(
        county=d["county"],
        source_code=code,
        file_name=staged["name"],
        received_on=d["received_on"],
        list_date=d["list_date"],
        mapping=mapping,
        note=d["note"],
    )
    token = uuid.uuid4().hex  # the session is saved before a streamed body starts: choose the report's now
    request.session[REPORT_KEY] = token
    return streamed(
        request,
        "crosscheck/import_result.html",
        {"file_name": staged["name"]},
        _import_stream(request, data=data, token=token),
    )


def _import_stream(request: HttpRequest, *, data: BatchInput, token: str) -> Iterator[str]:
    yield step_html(f"正在读取“{data.file_name}”……", 5)
    outcome: dict[str, object] = {"file_name": data.file_name}
    try:
        path = upload_path(actor=request.user, token=request.session.get(UPLOAD_KEY, {}).get("token", ""))
        for step in batch_import_steps(actor=request.user, data=data, path=path):
            if isinstance(step, ImportStep):
                for text in STAGE_TEXT[step.stage]:
                    yield step_html(text.format(done=step.done), step.percent)
            elif isinstance(step, Batch):
                outcome["batch"] = step
        path.unlink(missing_ok=True)
    except BatchRejected as exc:
        report_save(actor=request.user, rejected=exc, file_name=data.file_name, token=token)
        shown = exc.issues[:PAGE_ISSUES]
        outcome.update(
            issues=shown,
            issue_count=exc.total,
            truncated=exc.total > len(shown),
            more=issues_more(listed=shown, total=exc.total, by_column=exc.by_column),
        )
    except (ValidationFailed, Conflict, NotFound) as exc:
        outcome["error"] = exc.message
    if "batch" in outcome:
        yield step_html("✓ 已保存，导入完成", 100)
    yield render_to_string("crosscheck/_import_outcome.html", outcome, request)


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_GET
def import_report(request: HttpRequest) -> FileResponse:
    """The error report of this user's last rejected import; anyone else's answers 404."""
    path = report_path(actor=request.user, token=request.session.get(REPORT_KEY, ""))
    return FileResponse(
        path.open("rb"), as_attachment=True, filename="比对数据导入错误报告.xlsx", content_type=XLSX
    )
