"""Import pages (upload, template, error report) and the household list's XLSX export; thin views."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from apps.areas.selectors import area_list_for
from apps.core.scoping import require
from apps.core.uploads import IMPORT, upload_read
from apps.registry.forms import HouseholdFilterForm
from apps.registry.selectors import HouseholdFilter
from apps.registry.services.exports import household_export
from apps.registry.services.import_format import COLUMNS, MAX_ROWS
from apps.registry.services.import_read import PAGE_ISSUES, issues_by_column, issues_more
from apps.registry.services.import_sheets import import_report_path, import_report_save, import_template_build
from apps.registry.services.imports import ImportRejected, ImportResult, registry_import_steps
from policy.areas import AreaLevel
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEY = "registry_import_report"
VILLAGES_LISTED = 300


def _page_context(request: HttpRequest) -> dict[str, object]:
    villages = area_list_for(actor=request.user, level=AreaLevel.VILLAGE)
    return {
        "columns": COLUMNS,
        "villages": villages[:VILLAGES_LISTED],
        "village_count": villages.count(),
        "max_mb": f"{IMPORT.mb:g}",
        "max_rows": f"{MAX_ROWS:,}",
    }


STREAM_MARK = "<!--MINZHENG-STREAM-->"
# Each finished stage: its ✓ line, then the next stage's running line (which the ✓ after it replaces).
STAGE_TEXT = {
    "读取": ("✓ 已读取 {done} 行", "正在逐行校验……"),
    "校验": ("✓ 校验通过，共 {done} 户", "正在写入……"),
}


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """批量导入: upload a filled template; the answer streams each stage, then the result or the errors."""
    actor = request.user
    require(actor, Capability.IMPORT_REGISTRY)
    context = _page_context(request)
    if request.method == "GET":
        return render(request, "registry/import.html", context)
    upload = request.FILES.get("file")
    if upload is None or not upload.size:
        context["error"] = "请选择要导入的文件（.xlsx 或 .csv）"
        return render(request, "registry/import_result.html", context)
    try:
        content = upload_read(upload, limit=IMPORT)  # its size checked before a byte is read
    except ValidationFailed as exc:
        context["error"] = exc.message
        return render(request, "registry/import_result.html", context, status=413)
    # The session is saved before a streamed body starts, so the report's token is chosen up front.
    token = uuid.uuid4().hex
    request.session[REPORT_KEY] = token
    context["villages"] = list(context["villages"])  # evaluated now, not half-way through the stream
    head, tail = render_to_string(
        "registry/import_result.html", {**context, "streaming": True}, request
    ).split(STREAM_MARK)
    stream = _import_stream(
        request, head=head, tail=tail, token=token, file_name=upload.name or "", content=content
    )
    response = StreamingHttpResponse(stream, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must pass each stage on at once
    return response


def _import_stream(
    request: HttpRequest, *, head: str, tail: str, token: str, file_name: str, content: bytes
) -> Iterator[str]:
    # Browsers wait for about 1 KB before they paint; the page head is longer than that.
    yield head
    yield render_to_string("registry/_import_step.html", {"text": f"正在读取“{file_name}”……", "percent": 5})
    outcome: dict[str, object] = {"file_name": file_name}
    try:
        for step in registry_import_steps(actor=request.user, file_name=file_name, content=content):
            if isinstance(step, ImportResult):
                outcome["result"] = step
            else:
                for text in STAGE_TEXT[step.stage]:
                    yield render_to_string(
                        "registry/_import_step.html",
                        {"text": text.format(done=step.done), "percent": step.percent},
                    )
    except ImportRejected as exc:
        import_report_save(actor=request.user, issues=exc.issues, file_name=file_name, token=token)
        shown = exc.issues[:PAGE_ISSUES]
        outcome.update(
            issues=shown,
            issue_count=len(exc.issues),
            truncated=len(exc.issues) > PAGE_ISSUES,
            more=issues_more(listed=shown, total=len(exc.issues), by_column=issues_by_column(exc.issues)),
        )
    except (ValidationFailed, Conflict) as exc:
        outcome["error"] = exc.message
    if "result" in outcome:
        yield render_to_string("registry/_import_step.html", {"text": "✓ 已写入，导入完成", "percent": 100})
    yield render_to_string("registry/_import_outcome.html", outcome, request)
    yield tail


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The blank template, with an example household in the user's first village."""
    require(request.user, Capability.IMPORT_REGISTRY)
    village = area_list_for(actor=request.user, level=AreaLevel.VILLAGE).first()
    response = HttpResponse(import_template_build(village=village), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "家庭成员导入模板.xlsx")
    return response


@login_required
@require_GET
def import_report(request: HttpRequest) -> FileResponse:
    """The error report of this user's last failed import; anyone else's answers 404."""
    require(request.user, Capability.IMPORT_REGISTRY)
    path = import_report_path(actor=request.user, token=request.session.get(REPORT_KEY, ""))
    return FileResponse(path.open("rb"), as_attachment=True, filename="导入错误报告.xlsx", content_type=XLSX)


def household_filter_from(request: HttpRequest) -> tuple[HouseholdFilter, dict[str, str]]:
    """The household list's GET filters, read by the list's own form, and the same filters in Chinese for
    the audit row and the file's note. ``is_urban`` and ``has_disabled`` are accepted as aliases."""
    params = request.GET.copy()
    for alias, name in (("is_urban", "urban"), ("has_disabled", "disabled")):
        if alias in params and name not in params:
            params[name] = params[alias]
    form = HouseholdFilterForm(params, actor=request.user)
    if not form.is_valid():
        raise NotFound()  # a tampered filter; never fall back to exporting everything
    filters = form.to_filter()
    d = form.cleaned_data
    labels: dict[str, str] = {}
    for name, value in d.items():
        field = form.fields[name]
        if value in ("", None, False):
            continue
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        labels[str(field.label)] = "是" if value is True else str(shown).strip()
    return filters, labels


@login_required
@require_GET
def household_export_view(request: HttpRequest) -> FileResponse:
    """The filtered household list with all current members, as XLSX; audited."""
    require(request.user, Capability.EXPORT_PERSONAL_DATA)
    filters, labels = household_filter_from(request)
    export = household_export(actor=request.user, filters=filters, filter_labels=labels)
    return FileResponse(export.file, as_attachment=True, filename=export.file_name, content_type=XLSX)
