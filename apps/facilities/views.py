"""Facility pages: the list, a facility (capacity and state history, photos), registering and editing one,
changing its state and its capacity, its photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core import clock
from apps.core.forms import errors_apply
from apps.core.web import list_page, requires
from apps.facilities.choices import CapacityKind, FacilityStatus
from apps.facilities.forms import (
    CapacityForm,
    FacilityCreateForm,
    FacilityFilterForm,
    FacilityForm,
    FacilityStateForm,
    PhotoForm,
)
from apps.facilities.selectors import (
    FacilityFilter,
    facility_capacity_history,
    facility_capacity_on,
    facility_get_for,
    facility_list_for,
    facility_photo_get_for,
    facility_photos_for,
    facility_states_for,
)
from apps.facilities.services.facilities import (
    facility_capacity_set,
    facility_create,
    facility_state_change,
    facility_update,
)
from apps.facilities.services.photos import facility_photo_add, facility_photo_open
from policy.errors import Conflict, InvalidTransition, ValidationFailed
from policy.facilities import FACILITY_TRANSITIONS
from policy.roles import Capability

VIEW, MANAGE = Capability.VIEW_FACILITIES, Capability.MANAGE_FACILITIES


@login_required
@requires(VIEW)
def facility_list(request: HttpRequest) -> HttpResponse:
    """服务机构: the facilities of the actor's scope by kind, area and state, most recently changed first."""
    form = FacilityFilterForm(request.GET or None, actor=request.user)
    filters = form.to_filter()
    page = list_page(
        facility_list_for(actor=request.user, filters=filters), request.GET.get("page"), count=True
    )
    return render(
        request, "facilities/list.html", {"form": form, "page": page, "filtered": filters != FacilityFilter()}
    )


@login_required
@requires(VIEW)
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A facility: its facts, current capacity, capacity and state history, served villages and photos."""
    facility = facility_get_for(actor=request.user, facility_id=pk)
    labels = dict(CapacityKind.choices)
    current = facility_capacity_on(facility=facility, on=clock.today())
    return render(
        request,
        "facilities/detail.html",
        {
            "facility": facility,
            "current": [(labels.get(kind, kind), count) for kind, count in current.items()],
            "capacities": facility_capacity_history(facility=facility)[:200],
            "states": facility_states_for(facility=facility)[:100],
            "villages": facility.served_villages.order_by("code"),
            "photos": facility_photos_for(facility=facility),
            "photo_form": PhotoForm(),
            "can_change_state": bool(FACILITY_TRANSITIONS.get(facility.state)),
        },
    )


@login_required
@requires(MANAGE)
def facility_create_view(request: HttpRequest) -> HttpResponse:
    """登记服务机构: its facts, first state and capacities in one form and one save."""
    form = FacilityCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            facility = facility_create(actor=request.user, data=form.to_new())
        except ValidationFailed as refused:
            errors_apply(refused, form)
        else:
            messages.success(request, f"已登记服务机构 {facility.number}")
            return redirect("facilities:detail", facility.pk)
    return render(request, "facilities/form.html", {"form": form, "title": "登记服务机构", "submit": "登记"})


@login_required
@requires(MANAGE)
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改服务机构信息, guarded by the version the page showed."""
    facility = facility_get_for(actor=request.user, facility_id=pk)
    villages = list(facility.served_villages.values_list("code", flat=True))
    form = FacilityForm(
        request.POST or None, actor=request.user, initial=FacilityForm.initial_of(facility, villages)
    )
    if request.method == "POST" and form.is_valid():
        try:
            facility_update(
                actor=request.user,
                facility_id=facility.pk,
                version=form.cleaned_data["version"],
                data=form.to_input(),
            )
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except Conflict as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已保存服务机构 {facility.number}")
            return redirect("facilities:detail", facility.pk)
    return render(
        request,
        "facilities/form.html",
        {"form": form, "facility": facility, "title": "修改服务机构信息", "submit": "保存"},
    )


@login_required
@requires(MANAGE)
def facility_state(request: HttpRequest, pk: int) -> HttpResponse:
    """变更状态: 运营, 停业, 撤销 — a dated history row; 撤销 cannot be undone."""
    facility = facility_get_for(actor=request.user, facility_id=pk)
    allowed = [
        (v, label) for v, label in FacilityStatus.choices if v in FACILITY_TRANSITIONS.get(facility.state, ())
    ]
    form = FacilityStateForm(request.POST or None, allowed=allowed, initial={"version": facility.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            facility_state_change(
                actor=request.user,
                facility_id=facility.pk,
                version=d["version"],
                state=d["state"],
                effective_on=d["effective_on"],
                reason=d["reason"],
            )
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except (Conflict, InvalidTransition) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"服务机构 {facility.number} 的状态已变更")
            return redirect("facilities:detail", facility.pk)
    return render(request, "facilities/state.html", {"form": form, "facility": facility})


@login_required
@requires(MANAGE)
def facility_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """变更容量: a new dated row of one kind (床位, 护理型床位, 餐位 …); the earlier ones stay as history."""
    facility = facility_get_for(actor=request.user, facility_id=pk)
    form = CapacityForm(request.POST or None, initial={"version": facility.version})
    if request.method == "POST" and form.is_valid():
        try:
            facility_capacity_set(
                actor=request.user,
                facility_id=facility.pk,
                version=form.cleaned_data["version"],
                capacity=form.to_input(),
            )
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except Conflict as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已记录服务机构 {facility.number} 的容量变更")
            return redirect("facilities:detail", facility.pk)
    return render(request, "facilities/capacity.html", {"form": form, "facility": facility})


@login_required
@requires(MANAGE)
@require_POST
def facility_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """上传照片: one photo, kept with its SHA-256."""
    facility = facility_get_for(actor=request.user, facility_id=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的照片")
        return redirect("facilities:detail", facility.pk)
    try:
        facility_photo_add(actor=request.user, facility=facility, upload=form.cleaned_data["photo"])
    except ValidationFailed as refused:
        messages.error(request, "；".join(r for reasons in refused.errors.values() for r in reasons))
    else:
        messages.success(request, "照片已上传")
    return redirect("facilities:detail", facility.pk)


@login_required
@requires(VIEW)
def facility_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A facility's photo, its bytes checked against the SHA-256 recorded at upload."""
    stored = facility_photo_open(photo=facility_photo_get_for(actor=request.user, photo_id=pk))
    return FileResponse(stored.path.open("rb"), content_type=stored.content_type, filename=stored.filename)
