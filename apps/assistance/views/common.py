"""What the assistance views share: the step page, running a step with its errors in place, and the
actions an actor may take on an application from where it stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.assistance.models import Application
from apps.assistance.services.decisions import authority_check
from apps.assistance.services.publicity import publicity_waived_for
from apps.core.clock import today
from apps.core.forms import errors_apply
from policy.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from policy.workflow import APPLICATION_TRANSITIONS, AppState

FIX_BELOW = "填写有误，请按标红的提示修改后重新提交"
# The page that takes each step (intake decides between 受理 and 一次性告知; decide between 同意 and 不予).
STEP_PAGES = {
    "request_documents": "intake",
    "accept": "intake",
    "resubmit": "resubmit",
    "prepay": "prepay",
    "verify": "verify",
    "survey": "survey",
    "publicise": "publicise",
    "skip_publicity": "publicise",  # the 公示 page sends a 特困 application of minors on without one
    "object": "object",
    "recheck": "recheck",
    "approve": "decide",
    "refuse": "decide",
    "withdraw": "withdraw",
}


@dataclass(frozen=True)
class Action:
    page: str
    label: str
    url: str
    note: str = ""
    secondary: bool = False


def actions_for(user: Any, application: Application) -> list[Action]:
    """The steps ``user`` may take from the application's state, one button per page."""
    seen: dict[str, Action] = {}
    state = application.state
    for name, transition in APPLICATION_TRANSITIONS.items():
        page = STEP_PAGES[name]
        if state not in transition.sources or not user.can(transition.capability) or page in seen:
            continue
        label, note = transition.label, ""
        if page == "intake":
            label = "受理" if state == AppState.PREPAID else "受理 / 一次性告知"
        if page == "publicise" and publicity_waived_for(application, on=today()):
            label = "未成年人不公示，提交审核确认"
        if page in ("decide", "prepay") and not _may_decide(user, application):
            continue  # the township holds APPROVE, but only where the decision is delegated to it
        if page == "decide":
            label = "审核确认" if state in (AppState.PUBLICISING, AppState.DECIDING) else "不予确认"
            if (
                state == AppState.PUBLICISING
                and application.publicity_end
                and today() <= application.publicity_end
            ):
                note = f"公示期至 {application.publicity_end:%Y-%m-%d}，期满后可审核确认"
        if page == "prepay" and application.temporary_kind != "emergency":
            continue
        seen[page] = Action(
            page=page,
            label=label,
            url=reverse(f"assistance:application_{page}", args=[application.pk]),
            note=note,
            secondary=page in ("withdraw", "object", "refuse"),
        )
    return list(seen.values())


def _may_decide(user: Any, application: Application) -> bool:
    try:
        authority_check(actor=user, application=application, on=today(), granting=False)
    except (PermissionDenied, ValidationFailed):
        return False
    return True


def step_allowed(application: Application, page: str) -> bool:
    return any(
        application.state in APPLICATION_TRANSITIONS[name].sources
        for name, p in STEP_PAGES.items()
        if p == page
    )


def run_step(
    request: HttpRequest,
    application: Application,
    *,
    page: str,
    form: forms.Form,
    act: Callable[[Any], object],
    title: str,
    submit: str,
    success: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Draw the step's page, or take the step: success and clashes go back to the application page with a
    message; a rule's reasons are shown next to their fields."""
    detail = reverse("assistance:application_detail", args=[application.pk])
    if not step_allowed(application, page):
        step = next(n for n, p in STEP_PAGES.items() if p == page)
        messages.error(
            request,
            f"当前状态为“{application.state_label}”，不能进行“{APPLICATION_TRANSITIONS[step].label}”",
        )
        return redirect(detail)
    if request.method == "POST":
        if form.is_valid():
            try:
                act(form)
            except ValidationFailed as exc:
                errors_apply(exc, form)
            except (InvalidTransition, Conflict) as exc:
                messages.error(request, exc.message)
                return redirect(detail)
            else:
                messages.success(request, success)
                return redirect(detail)
        messages.error(request, FIX_BELOW)
    return render(
        request,
        "assistance/step.html",
        {
            "application": application,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            **(extra or {}),
        },
    )
