"""网上办事账号核实 for the village and township: the accounts waiting in their area (no phone in the
registry, or 找回 of an account taken under the number with another name), one account with the registry's
person and the account it would replace, and confirming or refusing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.web import list_page, requires
from apps.portal.forms import AccountConfirmForm, AccountRefuseForm
from apps.portal.models import AccountState
from apps.portal.selectors import account_check_for, account_get_for, account_list_for
from apps.portal.services.accounts import citizen_account_confirm, citizen_account_refuse
from apps.portal.views.staff import _errors
from policy.errors import Conflict, ValidationFailed
from policy.privacy import mask_id_number, mask_phone
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_REGISTRY)
def account_list(request: HttpRequest) -> HttpResponse:
    """网上办事账号核实, 待核实 first."""
    state = request.GET.get("state", AccountState.PENDING.value)
    rows = account_list_for(actor=request.user, state=state)
    page = list_page(rows, request.GET.get("page"), count=True)
    for row in page.object_list:
        row.masked_id = mask_id_number(row.id_number)
    return render(
        request,
        "portal/staff_accounts.html",
        {"page": page, "state": state, "states": [("", "全部"), *AccountState.choices]},
    )


@login_required
@requires(Capability.VIEW_REGISTRY)
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = account_get_for(actor=request.user, account_id=pk)
    can_act = request.user.can(Capability.APPLY)
    return render(
        request,
        "portal/staff_account.html",
        {
            "profile": profile,
            "check": account_check_for(actor=request.user, profile=profile),
            "masked_id": mask_id_number(profile.id_number),
            # The phone the holder proved with a code: those who confirm need it to call them.
            "phone": profile.phone if can_act else mask_phone(profile.phone),
            "can_act": can_act and profile.state == AccountState.PENDING,
            "confirm_form": AccountConfirmForm(),
            "refuse_form": AccountRefuseForm(),
        },
    )


@login_required
@requires(Capability.APPLY)
@require_POST
def account_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """核实通过, after the ID card was checked at the window or the holder was called."""
    profile = account_get_for(actor=request.user, account_id=pk)
    form = AccountConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核实方式")
        return redirect("online:account", pk=pk)
    try:
        citizen_account_confirm(actor=request.user, profile=profile, method=form.cleaned_data["method"])
    except ValidationFailed as exc:
        messages.error(request, _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已核实通过，{profile.name}可以登录网上办事。")
    return redirect("online:account", pk=pk)


@login_required
@requires(Capability.APPLY)
@require_POST
def account_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    profile = account_get_for(actor=request.user, account_id=pk)
    form = AccountRefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请写明不通过的理由")
        return redirect("online:account", pk=pk)
    try:
        citizen_account_refuse(actor=request.user, profile=profile, reason=form.cleaned_data["reason"])
    except ValidationFailed as exc:
        messages.error(request, _errors(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录核实不通过，注册人登录时可看到理由。")
    return redirect("online:account", pk=pk)
