"""Organisation pages: the list, an organisation, registering and editing one, changing its state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.core.forms import errors_apply
from apps.core.web import is_htmx, list_page, requires
from apps.organisations.choices import OrganisationStatus
from apps.organisations.forms import OrganisationFilterForm, OrganisationForm, OrganisationStateForm
from apps.organisations.selectors import (
    OrganisationFilter,
    organisation_get_for,
    organisation_list_for,
    organisation_states_for,
)
from apps.organisations.services.organisations import (
    organisation_create,
    organisation_reveal,
    organisation_state_change,
    organisation_update,
)
from policy.errors import Conflict, InvalidTransition, ValidationFailed
from policy.organisations import ORGANISATION_TRANSITIONS
from policy.roles import Capability

VIEW, MANAGE = Capability.VIEW_ORGANISATIONS, Capability.MANAGE_ORGANISATIONS


@login_required
@requires(VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    """组织: the organisations of the actor's scope, most recently changed first, with filters."""
    form = OrganisationFilterForm(request.GET or None, actor=request.user)
    filters = form.to_filter()
    rows = organisation_list_for(actor=request.user, filters=filters)
    page = list_page(rows, request.GET.get("page"), count=True)
    return render(
        request,
        "organisations/list.html",
        {"form": form, "page": page, "filtered": filters != OrganisationFilter()},
    )


@login_required
@requires(VIEW)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation: its facts, its dated states and the facilities it runs (shown by the facilities)."""
    organisation = organisation_get_for(actor=request.user, organisation_id=pk)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "states": organisation_states_for(organisation=organisation)[:100],
            "can_change_state": bool(ORGANISATION_TRANSITIONS.get(organisation.state)),
        },
    )


@login_required
@requires(MANAGE)
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    """登记组织: one form, one save."""
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(actor=request.user, data=form.to_input())
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except (Conflict, InvalidTransition) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已登记组织 {organisation.number}")
            return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "title": "登记组织", "submit": "登记"})


@login_required
@requires(MANAGE)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改组织信息, guarded by the version the page showed."""
    organisation = organisation_get_for(actor=request.user, organisation_id=pk)
    initial = OrganisationForm.initial_of(organisation)
    form = OrganisationForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                actor=request.user,
                organisation_id=organisation.pk,
                version=form.cleaned_data["version"],
                data=form.to_input(),
            )
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except (Conflict, InvalidTransition) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已保存组织 {organisation.number}")
            return redirect("organisations:detail", organisation.pk)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "organisation": organisation, "title": "修改组织信息", "submit": "保存"},
    )


@login_required
@requires(MANAGE)
def organisation_state(request: HttpRequest, pk: int) -> HttpResponse:
    """变更状态: 列入/移出名录, 撤销, 注销 — a dated history row; 撤销 and 注销 cannot be undone."""
    organisation = organisation_get_for(actor=request.user, organisation_id=pk)
    allowed = [
        (value, label)
        for value, label in OrganisationStatus.choices
        if value in ORGANISATION_TRANSITIONS.get(organisation.state, ())
    ]
    form = OrganisationStateForm(
        request.POST or None, allowed=allowed, initial={"version": organisation.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_state_change(
                actor=request.user,
                organisation_id=organisation.pk,
                version=form.cleaned_data["version"],
                state=form.cleaned_data["state"],
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as refused:
            errors_apply(refused, form)
        except (Conflict, InvalidTransition) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"组织 {organisation.number} 的状态已变更")
            return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/state.html", {"form": form, "organisation": organisation})


@login_required
@never_cache
@require_POST
def organisation_reveal_view(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The full contact phone, for roles allowed to see it; every look leaves an audit row."""
    organisation = organisation_get_for(actor=request.user, organisation_id=pk)
    value = organisation_reveal(actor=request.user, organisation=organisation, field_name=field)
    template = "organisations/_revealed.html" if is_htmx(request) else "organisations/revealed.html"
    return render(request, template, {"organisation": organisation, "field": field, "value": value})
