"""A case's change pages: 调整, 暂停, 停发, 恢复, 退出, 渐退 and 定期核查, each with its reason.

They live on the top floor because a change reaching back into months already paid settles money too
(补差 or 追回, through the payroll's ``case_change``). The paths and the templates are assistance's own:
``/assistance/cases/<pk>/<change>/``, ``assistance/case_change.html``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.assistance.forms import CaseChangeForm
from apps.assistance.selectors import case_get_for, case_member_rows
from apps.assistance.views.common import FIX_BELOW
from apps.core.forms import errors_apply
from apps.core.web import requires
from apps.payroll.services.case_changes import case_change
from policy.cases import CASE_TRANSITIONS
from policy.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from policy.roles import Capability


@login_required
@require_http_methods(["GET", "POST"])
def case_change_view(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    """调整, 暂停, 停发, 恢复, 退出 or 渐退 of a case, with its reason (the deciding office)."""
    if change not in CASE_TRANSITIONS or change == "review":
        raise Http404()
    return _change(request, pk, change)


@login_required
@requires(Capability.REVIEW)
@require_http_methods(["GET", "POST"])
def case_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """定期核查: record the review's outcome; the next review date follows the household type."""
    return _change(request, pk, "review")


def _change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    transition = CASE_TRANSITIONS[change]
    if not request.user.can(transition.capability):
        raise PermissionDenied()
    case = case_get_for(actor=request.user, case_id=pk)
    initial: dict[str, object] = {"version": case.version}
    members: list[tuple[int, str]] = []
    if change == "adjust":
        rows = case_member_rows(case=case)
        members = [(r.person.pk, f"{r.person.name}（{r.relation or '已不在本户'}）") for r in rows]
        initial |= {"amount": case.monthly_amount, "covered": [r.person.pk for r in rows if r.covered]}
    form = CaseChangeForm(request.POST or None, change=change, members=members, initial=initial)
    if case.status not in transition.sources:
        messages.error(request, f"当前状态为“{case.status_label}”，不能进行“{transition.label}”")
        return redirect("assistance:case_detail", pk=case.pk)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                case_change(
                    actor=request.user,
                    case=case,
                    change=change,
                    reason_code=d["reason_code"],
                    reason=d["reason"],
                    amount=d.get("amount"),
                    covered=d.get("covered") if change == "adjust" else None,
                    effective_month=form.month() if "effective_month" in form.fields else None,
                    expected_version=form.expected_version(),
                )
            except ValidationFailed as exc:
                errors_apply(exc, form)
            except (InvalidTransition, Conflict) as exc:
                messages.error(request, exc.message)
                return redirect("assistance:case_detail", pk=case.pk)
            else:
                messages.success(request, f"已办理：{transition.label}")
                return redirect("assistance:case_detail", pk=case.pk)
        messages.error(request, FIX_BELOW)
    return render(
        request,
        "assistance/case_change.html",
        {"case": case, "form": form, "transition": transition, "change": change},
    )


__all__ = ["case_change_view", "case_review_view"]
