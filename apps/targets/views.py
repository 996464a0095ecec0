"""目标管理 pages under /targets/: a county's year with every indicator's progress, adding and changing an
indicator, entering a manual value with evidence, the evidence download, and generating the progress
report (DOCX or XLSX, stored with its SHA-256). Thin: the selectors read, the services write and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.areas.selectors import counties_for
from apps.core.clock import today
from apps.core.files import StoredFile
from apps.core.uploads import ATTACHMENT, upload_read
from apps.core.web import requires
from apps.targets.forms import ActualForm, TargetForm
from apps.targets.models import FileFormat, Target
from apps.targets.selectors import (
    county_get_for,
    files_for,
    target_get_for,
    year_check,
    year_progress,
    years_open,
)
from apps.targets.services import (
    target_actual_record,
    target_create,
    target_delete,
    target_evidence_open,
    target_update,
    targets_file_open,
    targets_generate,
)
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability
from policy.targets import MEASURES, target_clean

MT, VT = Capability.MANAGE_TARGETS, Capability.VIEW_TARGETS


def _download(stored: StoredFile) -> FileResponse:
    return FileResponse(
        stored.path.open("rb"), content_type=stored.content_type, filename=stored.filename, as_attachment=True
    )


def _errors_to(form: Any, exc: ValidationFailed) -> None:
    for key, reasons in exc.errors.items():
        for reason in reasons:
            form.add_error(key if key in form.fields else None, reason)
    if not exc.errors:
        form.add_error(None, exc.message)


@login_required
@requires(VT)
def targets_index(request: HttpRequest) -> HttpResponse:
    """The actor's county (or the first of theirs) and this year."""
    counties = counties_for(actor=request.user, capability=VT, own_county=True)
    if not counties:
        raise NotFound()
    county = county_get_for(actor=request.user, code=request.GET.get("county") or counties[0].code)
    year = request.GET.get("year", "")
    return redirect("targets:year", county=county.code, year=int(year) if year.isdigit() else today().year)


@login_required
@requires(VT)
def targets_year(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """The year's indicators by level, each with its target, actual value, progress and status."""
    area = county_get_for(actor=request.user, code=county)
    progress = year_progress(actor=request.user, county=area, year=year)
    return render(
        request,
        "targets/year.html",
        {
            "progress": progress,
            "county": area,
            "year": year,
            "years": years_open(),
            "counties": counties_for(actor=request.user, capability=VT, own_county=True),
            "files": files_for(actor=request.user, county=area, year=year),
            "can_edit": request.user.can(MT),
            "formats": FileFormat.choices,
        },
    )


def _form_page(request: HttpRequest, form: Any, *, title: str, back: str, status: int = 200) -> HttpResponse:
    return render(
        request,
        "targets/form.html",
        {"form": form, "title": title, "back": back, "measures": MEASURES.values()},
        status=status,
    )


@login_required
@requires(MT)
@require_http_methods(["GET", "POST"])
def target_create_view(request: HttpRequest, county: str, year: int) -> HttpResponse:
    area = county_get_for(actor=request.user, code=county)
    year_check(year)
    title = f"{area.name}{year}年度目标：新增指标"
    back = f"/targets/{area.code}/{year}/"
    if request.method == "GET":
        form = TargetForm(initial={"level": request.GET.get("level", "county")})
        return _form_page(request, form, title=title, back=back)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            target_create(actor=request.user, county=area, year=year, spec=target_clean(form.cleaned_data))
        except ValidationFailed as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"已新增指标“{form.cleaned_data['name']}”")
            return redirect("targets:year", county=area.code, year=year)
    return _form_page(request, form, title=title, back=back, status=400)


def _definition(target: Target) -> dict[str, Any]:
    return {
        "level": target.level,
        "seq": target.seq,
        "name": target.name,
        "measure": target.measure,
        "direction": target.direction,
        "target_value": f"{target.target_value.normalize():f}",
        "unit": target.unit,
        "note": target.note,
        "version": target.version,
    }


@login_required
@requires(MT)
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get_for(actor=request.user, target_id=pk)
    title, back = f"修改指标：{target.name}", f"/targets/{target.county_id}/{target.year}/"
    if request.method == "GET":
        return _form_page(request, TargetForm(initial=_definition(target)), title=title, back=back)
    form = TargetForm(request.POST)
    if form.is_valid():
        version = form.cleaned_data.get("version") or ""
        try:
            target_update(
                actor=request.user,
                target=target,
                spec=target_clean(form.cleaned_data),
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationFailed as exc:
            _errors_to(form, exc)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("targets:edit", pk=pk)
        else:
            messages.success(request, "已保存")
            return redirect("targets:year", county=target.county_id, year=target.year)
    return _form_page(request, form, title=title, back=back, status=400)


@login_required
@requires(MT)
@require_POST
def target_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get_for(actor=request.user, target_id=pk)
    target_delete(actor=request.user, target=target)
    messages.success(request, f"已删除指标“{target.name}”")
    return redirect("targets:year", county=target.county_id, year=target.year)


@login_required
@requires(MT)
@require_http_methods(["GET", "POST"])
def target_actual(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a manual indicator's actual value, as-of date, note and evidence file."""
    target = target_get_for(actor=request.user, target_id=pk)
    context = {"target": target, "back": f"/targets/{target.county_id}/{target.year}/"}
    if request.method == "GET":
        value = "" if target.actual_value is None else f"{target.actual_value.normalize():f}"
        initial = {"value": value, "on": target.actual_on or today(), "note": target.actual_note}
        initial["version"] = target.version
        return render(request, "targets/actual.html", {**context, "form": ActualForm(initial=initial)})
    form = ActualForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        version = form.cleaned_data.get("version") or ""
        try:
            # Its size checked before a byte is read.
            content = (
                upload_read(upload, limit=ATTACHMENT, field="evidence", what="佐证材料") if upload else b""
            )
            target_actual_record(
                actor=request.user,
                target=target,
                value=form.cleaned_data["value"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data.get("note", ""),
                evidence=(upload.name, content) if upload else None,
                expected_version=int(version) if version.isdigit() else None,
            )
        except ValidationFailed as exc:
            _errors_to(form, exc)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("targets:actual", pk=pk)
        else:
            messages.success(request, f"已填报“{target.name}”的完成情况")
            return redirect("targets:year", county=target.county_id, year=target.year)
    return render(request, "targets/actual.html", {**context, "form": form}, status=400)


@login_required
@requires(VT)
def target_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get_for(actor=request.user, target_id=pk)
    return _download(target_evidence_open(actor=request.user, target=target))


@login_required
@requires(VT)
@requires(Capability.PRODUCE_REPORTS)
@require_POST
def targets_generate_view(request: HttpRequest, county: str, year: int) -> HttpResponse:
    """Generate the progress report (DOCX or XLSX), keep it, and download it at once."""
    area = county_get_for(actor=request.user, code=county)
    try:
        made = targets_generate(
            actor=request.user, county=area, year=year, fmt=request.POST.get("format", "docx")
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("targets:year", county=area.code, year=year)
    return redirect("targets:file", pk=made.pk)


@login_required
@requires(VT)
def targets_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(targets_file_open(actor=request.user, file_id=pk))
