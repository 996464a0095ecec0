"""逾期 and a village's 公示 list (the 待办 page joins several apps: apps/workbench/views/inbox.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from apps.areas.forms import area_filter_choices
from apps.areas.models import Area
from apps.assistance.selectors import overdue_for, publicity_list_for
from apps.assistance.services.steps import time_limits_for
from apps.core.clock import calendar_gap, today
from apps.core.web import requires
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_REGISTRY)
def overdue(request: HttpRequest) -> HttpResponse:
    """逾期: open applications past their current step's deadline, in the actor's area or a part of it."""
    area = request.GET.get("area", "")
    choices = area_filter_choices(request.user)
    if area not in {code for code, _ in choices}:
        area = ""
    rows = overdue_for(actor=request.user, area_code=area)
    return render(
        request,
        "assistance/overdue.html",
        {"rows": rows, "choices": choices, "area": area, "calendar_gap": calendar_gap()},
    )


@login_required
@requires(Capability.VIEW_REGISTRY)
def publicity(request: HttpRequest, code: str) -> HttpResponse:
    """The 公示 list of one village, to print and post: name, members covered and amount — no ID numbers.
    The 公示期 it states is the village's own (its township's or county's standards today)."""
    rows = list(publicity_list_for(actor=request.user, village_code=code))
    village = Area.objects.select_related("parent").filter(pk=code).first()
    if village is None:
        raise Http404()
    limits = time_limits_for(area_code=village.code, urban=village.is_urban, on=today())
    return render(
        request,
        "assistance/publicity.html",
        {"rows": rows, "village": village, "days": limits.publicity_days, "today": today()},
    )
