"""Cases (在保对象): the list and the case page with its covered members and history. The change pages
(定期核查 included) are the workbench's (apps/workbench/views/cases.py): a change may settle money."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.areas.forms import area_filter_choices
from apps.assistance.choices import CaseStatusChoices, Program
from apps.assistance.selectors import CaseFilter, case_get_for, case_list_for, case_member_rows
from apps.core.scoping import code_in_scope
from apps.core.web import list_page, requires
from policy.cases import CASE_TRANSITIONS
from policy.errors import ValidationFailed
from policy.months import month_parse
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
        q=g.get("q", "").strip()[:50],
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
