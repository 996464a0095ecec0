"""Cases (在保对象): the list, the case page with its covered members and history, and each change
(定期核查 included; 调整 may also change the covered members)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.assistance.choices import CaseStatusChoices, Program
from apps.assistance.forms import CaseChangeForm
from apps.assistance.selectors import CaseFilter, case_get_for, case_list_for, case_member_rows
from apps.assistance.services.cases import case_change
from apps.assistance.views.common import FIX_BELOW
from apps.core.scoping import code_in_scope
from apps.registry.form_parts import area_filter_choices, errors_apply
from apps.registry.views.common import list_page, requires
from policy.cases import CASE_TRANSITIONS
from policy.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from policy.payroll import month_parse
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_REGISTRY)
def case_list(request: HttpRequest) -> HttpResponse:
    """在保对象: the cases of the actor's area, filterable, with those due for review on request."""
    g = request.GET
    areas = area_filter_choices(request.user)
    filters = CaseFilter(
        status=g.get("status", "") if g.get("status", "") in CaseStatusChoices.values else "",
        program=g.get("program", "") if g.get("program", "") in Program.values else "",
        # a statistic may link to a county inside a city user's area, which the picker does not list
        area_code=g.get("area", "")
        if g.get("area", "") in {c for c, _ in areas} or _county_in_scope(request.user, g.get("area", ""))
        else "",
        review_due=g.get("review_due") == "1",
        urban=g.get("urban", "") if g.get("urban", "") in ("0", "1") else "",
        month=_month(g.get("month", "")),
        flow=g.get("flow", "") if g.get("flow", "") in CASE_FLOWS else "",
    )
    page = list_page(case_list_for(actor=request.user, filters=filters), g.get("page"), count=True)
    return render(
        request,
        "assistance/case_list.html",
        {
            "page": page,
            "filters": filters,
            "areas": areas,
            "statuses": CaseStatusChoices.choices,
            "programs": Program.choices,
            "flows": list(CASE_FLOWS.items()),
            "month_text": f"{filters.month:%Y-%m}" if filters.month else "",
        },
    )


# The records behind a statistic (apps/statistics links here): 在保 at a month's end, 纳入 or 退出 in it.
CASE_FLOWS = {"in_care": "月末在保", "new": "当月新增", "exit": "当月退出"}


def _county_in_scope(actor: object, code: str) -> bool:
    return len(code) == 12 and code.isdigit() and code.endswith("000000") and code_in_scope(actor, code)  # type: ignore[arg-type]


def _month(text: str) -> date | None:
    try:
        return month_parse(text) if text else None
    except ValidationFailed:
        return None


@login_required
@requires(Capability.VIEW_REGISTRY)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=pk)
    changes = [
        (name, t.label)
        for name, t in CASE_TRANSITIONS.items()
        if case.status in t.sources and request.user.can(t.capability)
    ]
    return render(
        request,
        "assistance/case_detail.html",
        {
            "case": case,
            "covered": [row for row in case_member_rows(case=case) if row.covered],
            "events": case.events.select_related("actor"),
            "changes": changes,
            "can_adjust": any(name == "adjust" for name, _ in changes),
        },
    )


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
