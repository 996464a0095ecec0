"""网上申请 for the village and township: the list in their area, one application with the registry
households that match it, and forwarding it into the workflow, registering the household, or returning it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.assistance.services.attachments import attachment_path
from apps.core.web import list_page, requires
from apps.portal.forms import ForwardForm, ReturnForm
from apps.portal.models import OnlineState
from apps.portal.selectors import (
    account_pending_count,
    online_attachment_get_for,
    online_attachments,
    online_get_for,
    online_list_for,
    online_matches_for,
)
from apps.portal.services.staff import online_forward, online_register_household, online_return
from policy.errors import Conflict, ValidationFailed
from policy.household import RELATION_LABELS, Relation
from policy.privacy import mask_id_number
from policy.roles import Capability


def _errors(exc: ValidationFailed) -> str:
    return "；".join(r for reasons in exc.errors.values() for r in reasons)


@login_required
@requires(Capability.VIEW_REGISTRY)
def online_list(request: HttpRequest) -> HttpResponse:
    """网上申请 in the actor's area; 待受理 first."""
    state = request.GET.get("state", OnlineState.SUBMITTED.value)
    rows = online_list_for(actor=request.user, state=state)
    page = list_page(rows, request.GET.get("page"), count=True)
    return render(
        request,
        "portal/staff_list.html",
        {
            "page": page,
            "state": state,
            "states": [("", "全部"), *OnlineState.choices],
            "accounts_waiting": account_pending_count(actor=request.user),
        },
    )


@login_required
@requires(Capability.VIEW_REGISTRY)
def online_detail(request: HttpRequest, pk: int) -> HttpResponse:
    online = online_get_for(actor=request.user, online_id=pk)
    members = [
        {
            "name": m["name"],
            "id_number": mask_id_number(m["id_number"]),
            "relation": RELATION_LABELS.get(Relation(m["relation"]), m["relation"]),
        }
        for m in online.members
    ]
    return render(
        request,
        "portal/staff_detail.html",
        {
            "online": online,
            "members": members,
            "matches": online_matches_for(actor=request.user, online=online),
            "attachments": online_attachments(online=online),
            "open": online.state == OnlineState.SUBMITTED,
            "can_act": request.user.can(Capability.APPLY),
            "can_register": request.user.can(Capability.EDIT_REGISTRY),
        },
    )


@login_required
@requires(Capability.APPLY)
@require_POST
def online_forward_view(request: HttpRequest, pk: int) -> HttpResponse:
    """转入办理: into the workflow as an application of the chosen household."""
    online = online_get_for(actor=request.user, online_id=pk)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择申请人所在的家庭")
        return redirect("online:detail", pk=pk)
    try:
        application = online_forward(
            actor=request.user,
            online=online,
            household_id=form.cleaned_data["household"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationFailed as exc:
        messages.error(request, _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已转入办理：{application}，请乡镇(街道)受理。")
        return redirect("assistance:application_detail", pk=application.pk)
    return redirect("online:detail", pk=pk)


@login_required
@requires(Capability.EDIT_REGISTRY)
@require_POST
def online_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    """登记家庭 from the members listed, when the registry does not know the household yet."""
    online = online_get_for(actor=request.user, online_id=pk)
    try:
        household = online_register_household(
            actor=request.user, online=online, expected_version=int(request.POST.get("version") or 0)
        )
    except ValidationFailed as exc:
        messages.error(request, "登记家庭未成功：" + _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已登记家庭{household.number}，请核对后转入办理。")
    return redirect("online:detail", pk=pk)


@login_required
@requires(Capability.APPLY)
@require_POST
def online_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    online = online_get_for(actor=request.user, online_id=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明退回理由")
        return redirect("online:detail", pk=pk)
    try:
        online_return(
            actor=request.user,
            online=online,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationFailed as exc:
        messages.error(request, _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已退回，申请人可在网上看到退回理由。")
    return redirect("online:detail", pk=pk)


@login_required
@requires(Capability.VIEW_REGISTRY)
def online_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = online_attachment_get_for(actor=request.user, attachment_id=pk)
    path = attachment_path(attachment)
    if not path.exists():
        raise Http404("材料文件已不存在")
    return FileResponse(
        path.open("rb"), content_type=attachment.content_type, filename=attachment.original_name
    )
