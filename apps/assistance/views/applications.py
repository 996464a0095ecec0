"""The application list, 申请 for a household, the application page, and its notices and attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.areas.forms import area_filter_choices
from apps.assistance.choices import Program
from apps.assistance.forms import ApplicationFilterForm, ApplicationForm
from apps.assistance.selectors import (
    ApplicationFilter,
    application_get_for,
    application_list_for,
    attachment_get_for,
    notice_get_for,
)
from apps.assistance.services.applications import ApplicationInput, application_create
from apps.assistance.services.attachments import attachment_path
from apps.assistance.services.notices import notice_docx, notice_filename
from apps.assistance.views.common import FIX_BELOW, actions_for
from apps.core.forms import errors_apply
from apps.core.web import list_page, requires
from apps.registry.selectors import household_get_for, household_members
from apps.registry.views.common import member_choices
from policy.errors import Conflict, ValidationFailed
from policy.roles import Capability
from policy.workflow import AppState, Channel, required_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@requires(Capability.VIEW_REGISTRY)
def application_list(request: HttpRequest) -> HttpResponse:
    """申请: the applications of the actor's area, newest first, with filters."""
    form = ApplicationFilterForm(request.GET or None)
    form.fields["state"].choices = [("", "全部"), ("open", "在办"), *[(s.value, s.label) for s in AppState]]
    form.fields["area"].choices = area_filter_choices(request.user)
    filters = ApplicationFilter()
    if form.is_valid():
        d = form.cleaned_data
        filters = ApplicationFilter(state=d["state"], program=d["program"], area_code=d["area"], q=d["q"])
    rows = application_list_for(actor=request.user, filters=filters)
    page = list_page(rows, request.GET.get("page"), count=True)
    return render(request, "assistance/application_list.html", {"form": form, "page": page})


@login_required
@requires(Capability.APPLY)
@require_http_methods(["GET", "POST"])
def application_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """申请救助 for a household: the programme, the applicant, how it came in and the papers handed in."""
    household = household_get_for(actor=request.user, household_id=pk)
    program = request.POST.get("program") or request.GET.get("program") or Program.DIBAO.value
    if program not in Program.values:
        program = Program.DIBAO.value
    members = member_choices(list(household_members(household=household)))
    form = ApplicationForm(request.POST or None, program=program, members=members)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                app = application_create(
                    actor=request.user,
                    household=household,
                    data=ApplicationInput(
                        program=d["program"],
                        channel=d["channel"],
                        applicant_id=d["applicant"],
                        reason=d["reason"],
                        documents=frozenset(d["documents"]),
                        temporary_kind=d.get("temporary_kind", ""),
                        requested_amount=d.get("requested_amount"),
                    ),
                )
            except ValidationFailed as exc:
                errors_apply(exc, form)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                done = f"已提交{app.get_program_display()}申请，受理编号{app.number}，等待乡镇(街道)受理"
                messages.success(request, done)
                return redirect("assistance:application_detail", pk=app.pk)
        messages.error(request, FIX_BELOW)
    return render(
        request,
        "assistance/application_form.html",
        {
            "household": household,
            "form": form,
            "program": program,
            "programs": Program.choices,
            "documents": required_documents(program, channel=Channel.PROXY),
        },
    )


@login_required
@requires(Capability.VIEW_REGISTRY)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application page: where it stands, what was found, each step taken, and what comes next."""
    app = application_get_for(actor=request.user, application_id=pk)
    return render(
        request,
        "assistance/application_detail.html",
        {
            "application": app,
            "actions": actions_for(request.user, app),
            "events": app.events.select_related("actor"),
            "notices": app.notices.all(),
            "attachments": app.attachments.all(),
            "objections": app.objections.all(),
            "documents": [
                (d, d.code in app.documents_received)
                for d in required_documents(app.program, channel=app.channel)
            ],
            "case": getattr(app, "case", None) if app.state == AppState.APPROVED else None,
        },
    )


@login_required
@requires(Capability.VIEW_REGISTRY)
def notice_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice as DOCX, drawn from the facts stored when it was issued."""
    notice = notice_get_for(actor=request.user, notice_id=pk)
    response = HttpResponse(notice_docx(notice), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(notice_filename(notice))}"
    return response


@login_required
@requires(Capability.VIEW_REGISTRY)
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_get_for(actor=request.user, attachment_id=pk)
    path = attachment_path(attachment)
    if not path.exists():
        raise Http404("附件文件已不存在")
    return FileResponse(
        path.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
        as_attachment=False,
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
