"""首页: a panel per office the user works in, each with its menu; an office's figures (社会救助's counts
and charts today) arrive separately, so the page never waits for them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from apps.core.selectors import recent_audit_for
from apps.statistics.views.presenters import areas_chart, case_link, money_chart, trend_chart
from apps.workbench.selectors.home import (
    dashboard_for,
    dashboard_statistics_for,
    headline_figures,
    paid_cents,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The panels come from the navigation table (apps/core/navigation.py), through the context processor."""
    return render(request, "workbench/home.html", {"audit": recent_audit_for(actor=request.user)})


@login_required
def home_stats(request: HttpRequest) -> HttpResponse:
    """社会救助's panel (an htmx fragment): the headline counts for the user's area, and for those who read
    statistics the month's figures and the charts, each linking to the records behind it."""
    context: dict[str, object] = {"stats": dashboard_for(actor=request.user)}
    board = dashboard_statistics_for(actor=request.user)
    if board is not None:
        area, month = request.user.area_id, board.month

        def link(program: str, urban: bool | None = None, flow: str = "in_care") -> str:
            return case_link(actor_area=area, area=area, month=month, program=program, urban=urban, flow=flow)

        context["board"] = board
        context["headline"] = headline_figures(board.monthly, link)
        context["paid_month"], context["paid_ytd"] = paid_cents(board.monthly)
        context["trend_svg"] = mark_safe(trend_chart(board.trend, actor_area=area))
        context["persons_svg"] = mark_safe(trend_chart(board.trend, actor_area=area, persons=True))
        context["money_svg"] = mark_safe(money_chart(board.trend))
        if board.areas:
            context["areas_svg"] = mark_safe(areas_chart(board.areas, actor_area=area, month=month))
    return render(request, "workbench/_stats.html", context)
