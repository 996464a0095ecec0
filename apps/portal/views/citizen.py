"""网上办事 for residents: sign in, apply, follow an application, add documents, withdraw, and download the
notices addressed to them (registering is .register). Works on a phone; every page is plain server-rendered
HTML."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.areas.models import Area
from apps.assistance.choices import Program
from apps.assistance.services.attachments import attachment_path
from apps.assistance.services.notices import notice_docx, notice_filename
from apps.core.forms import errors_apply
from apps.portal.forms import (
    ApplyForm,
    CitizenLoginForm,
    MemberFormSet,
    document_fields,
)
from apps.portal.selectors import (
    citizen_application_get,
    citizen_applications,
    citizen_attachment_get,
    citizen_notice_get,
    citizen_progress,
    online_attachments,
)
from apps.portal.services.citizen import (
    MemberLine,
    OnlineInput,
    attachment_removable,
    online_attachment_remove,
    online_documents_add,
    online_submit,
    online_withdraw,
    uploadable_documents,
)
from policy.areas import AreaLevel
from policy.errors import Conflict, PermissionDenied, ValidationFailed
from policy.roles import CITIZEN_ROLE
from policy.workflow import Channel, required_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIX_BELOW = "填写有误，请按标红的提示修改后重新提交"


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Residents only: a visitor signs in first; a bureau account is sent back to its own system."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        if getattr(user, "role", "") != CITIZEN_ROLE:
            raise PermissionDenied("网上办事仅供群众本人账号使用，工作人员请使用业务系统")
        return view(request, *args, **kwargs)

    return wrapped


def home(request: HttpRequest) -> HttpResponse:
    """网上办事首页: what can be applied for online, and what to prepare."""
    programs = [
        (label, [d.label for d in required_documents(code, channel=Channel.ONLINE)])
        for code, label in Program.choices
    ]
    return render(request, "portal/home.html", {"programs": programs})


class CitizenLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = CitizenLoginForm

    def get_default_redirect_url(self) -> str:
        return reverse("portal:mine")


class CitizenLogoutView(auth_views.LogoutView):
    next_page = "portal:home"


def _children(code: str, level: AreaLevel) -> list[tuple[str, str]]:
    return list(Area.objects.filter(parent_id=code, level=level).values_list("code", "name")) if code else []


def _area_choices(data: Any) -> dict[str, list[tuple[str, str]]]:
    counties = list(
        Area.objects.filter(level=AreaLevel.COUNTY, children__isnull=False)
        .distinct()
        .values_list("code", "name")
    )
    return {
        "county": counties,
        "township": _children(data.get("county", "") if data else "", AreaLevel.TOWNSHIP),
        "area": _children(data.get("township", "") if data else "", AreaLevel.VILLAGE),
    }


@citizen_required
def areas(request: HttpRequest) -> HttpResponse:
    """The options of the next select down (htmx): a county's townships, or a township's villages."""
    level = AreaLevel.VILLAGE if request.GET.get("level") == "village" else AreaLevel.TOWNSHIP
    code = request.GET.get("township" if level == AreaLevel.VILLAGE else "county", "")
    return render(request, "portal/_options.html", {"options": _children(code, level)})


@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """我要申请: the programme, where the 户籍 is, who lives together, why, and the papers as photos."""
    data = request.POST or None
    program = (data or request.GET).get("program") or Program.DIBAO.value
    if program not in Program.values:
        program = Program.DIBAO.value
    profile = request.user.citizen  # type: ignore[union-attr]
    initial = {"program": program, "phone": profile.phone}
    form = ApplyForm(data, initial=initial, areas=_area_choices(data), areas_url=reverse("portal:areas"))
    members = MemberFormSet(data, prefix="members")
    if request.method == "POST":
        if form.is_valid() and members.is_valid():
            d = form.cleaned_data
            try:
                online = online_submit(
                    citizen=request.user,
                    data=OnlineInput(
                        program=d["program"],
                        area_code=d["area"],
                        address=d["address"],
                        phone=d["phone"],
                        reason=d["reason"],
                        applicant_relation=d["applicant_relation"],
                        members=[MemberLine(**m) for m in members.cleaned_data if m],
                        temporary_kind=d["temporary_kind"],
                        requested_amount=d["requested_amount"],
                        consent=d["consent"],
                        uploads={
                            code: request.FILES.getlist(f"doc-{code}")
                            for code, _ in uploadable_documents(program)
                        },
                    ),
                )
            except ValidationFailed as exc:
                errors_apply(
                    exc, form, formset=members, index_map={i + 1: i for i in range(len(members.forms))}
                )
                _doc_errors(form, exc)
                messages.error(request, FIX_BELOW)
            except Conflict as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已提交，网上申请编号 {online.number}。请留意办理进度。")
                return redirect("portal:detail", reference=online.reference)
        else:
            messages.error(request, FIX_BELOW)
    return render(
        request,
        "portal/apply.html",
        {
            "form": form,
            "members": members,
            "more_members": members.is_bound and any(f.has_changed() for f in members.forms[2:]),
            "program": program,
            "programs": Program.choices,
            "documents": document_fields(program),
            "doc_errors": getattr(form, "doc_errors", {}),
            "profile": profile,
        },
    )


def _doc_errors(form: ApplyForm, exc: ValidationFailed) -> None:
    form.doc_errors = {k: v for k, v in exc.errors.items() if k.startswith("doc-")}  # type: ignore[attr-defined]


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的申请."""
    rows = list(citizen_applications(citizen=request.user))
    return render(request, "portal/mine.html", {"rows": rows})


@citizen_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """办理进度 of one of the resident's own applications."""
    online = citizen_application_get(citizen=request.user, reference=reference)
    return render(
        request,
        "portal/detail.html",
        {
            "online": online,
            "progress": citizen_progress(online=online),
            "documents": document_fields(online.program),
            "attachments": online_attachments(online=online),
            "removable": attachment_removable(online),
        },
    )


@citizen_required
@require_POST
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    online = citizen_application_get(citizen=request.user, reference=reference)
    try:
        online_withdraw(citizen=request.user, online=online)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "申请已撤回。")
    return redirect("portal:detail", reference=reference)


@citizen_required
@require_POST
def upload(request: HttpRequest, reference: str) -> HttpResponse:
    """补充材料."""
    online = citizen_application_get(citizen=request.user, reference=reference)
    document = request.POST.get("document", "")
    try:
        stored = online_documents_add(
            citizen=request.user, online=online, document=document, files=request.FILES.getlist("files")
        )
    except ValidationFailed as exc:
        messages.error(request, "；".join(r for reasons in exc.errors.values() for r in reasons))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上传{stored[0].label}，共{len(stored)}个文件。")
    return redirect("portal:detail", reference=reference)


@citizen_required
def attachment(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    """One file the resident uploaded to their own application, to look at again."""
    row = citizen_attachment_get(citizen=request.user, reference=reference, attachment_id=attachment_id)
    path = attachment_path(row)
    if not path.exists():
        raise Http404("材料文件已不存在")
    return FileResponse(path.open("rb"), content_type=row.content_type, filename=row.original_name)


@citizen_required
@require_POST
def attachment_remove(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    """删除 a file uploaded by mistake, while the application waits to be taken up."""
    row = citizen_attachment_get(citizen=request.user, reference=reference, attachment_id=attachment_id)
    try:
        online_attachment_remove(citizen=request.user, attachment=row)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除{row.label}：{row.original_name}。")
    return redirect("portal:detail", reference=reference)


@citizen_required
def notice(request: HttpRequest, reference: str, notice_id: int) -> HttpResponse:
    """A notice addressed to the resident, as the DOCX the township printed."""
    row = citizen_notice_get(citizen=request.user, reference=reference, notice_id=notice_id)
    response = HttpResponse(notice_docx(row), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(notice_filename(row))}"
    return response
