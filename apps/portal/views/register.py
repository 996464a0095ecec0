"""注册 on the portal, in two pages: the form, then the one-time code (apps/portal/services/registration.py).

The attempt in progress is kept in the visitor's session, never in the page, so a code page cannot be
pointed at someone else's attempt. Every page of the way reads the same whether or not the number is
registered or already has an account.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.core.forms import errors_apply
from apps.portal.forms import CodeForm, RegisterForm
from apps.portal.services.codes import code_sent_get
from apps.portal.services.registration import (
    Finished,
    Registration,
    citizen_register_finish,
    citizen_register_start,
)
from policy.errors import NotFound, ValidationFailed

SESSION_KEY = "portal_registration_code"


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # The demo's 模拟短信 page stands in for the visitor's phone; without the demo app nothing links to it.
    sink = reverse("demo:sms") if apps.is_installed("apps.demo") else ""
    return render(request, template, {**context, "sms_sink_url": sink})


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """注册, step 1: name, ID number, phone and password; a code is sent."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = citizen_register_start(data=Registration(**form.cleaned_data))
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            request.session[SESSION_KEY] = sent.code_id
            return redirect("portal:register_code")
    return _page(request, "portal/register.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def register_code(request: HttpRequest) -> HttpResponse:
    """注册, step 2: the code from the text message finishes the registration."""
    try:
        sent = code_sent_get(code_id=request.session.get(SESSION_KEY))
    except NotFound:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "验证码已失效或尚未获取，请填写注册信息获取验证码。")
        return redirect("portal:register")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = citizen_register_finish(code_id=sent.code_id, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            if "code" not in exc.errors:  # the attempt is over: the neutral refusal
                request.session.pop(SESSION_KEY, None)
                messages.error(request, exc.message)
                return redirect("portal:register")
            errors_apply(exc, form)
        else:
            request.session.pop(SESSION_KEY, None)
            if done.kind == Finished.PENDING:
                return _page(
                    request,
                    "portal/register_pending.html",
                    {"profile": done.profile, "reclaim": done.profile.replaces_id is not None},
                )
            login(request, done.user, backend="django.contrib.auth.backends.ModelBackend")
            if done.kind == Finished.RESET:
                messages.success(request, "该身份证号码已有网上办事账号，已改用您刚设置的密码。")
                return redirect("portal:mine")
            messages.success(request, "注册成功。")
            return redirect("portal:apply")
    return _page(request, "portal/register_code.html", {"form": form, "sent": sent})
