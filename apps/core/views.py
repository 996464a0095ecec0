"""The home page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from apps.core.selectors import dashboard_for, dashboard_statistics_for, recent_audit_for
from apps.statistics.presenters import areas_chart, case_link, money_chart, trend_chart
from policy.statistics import Measure


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """首页: where to go next; the counts arrive separately so the page never waits for them."""
    return render(request, "core/home.html", {"audit": recent_audit_for(actor=request.user)})


@login_required
def home_stats(request: HttpRequest) -> HttpResponse:
    """The home page's headline counts for the user's area (an htmx fragment), and for those who read
    statistics the month's figures and the charts, each linking to the records behind it."""
    context: dict[str, object] = {"stats": dashboard_for(actor=request.user)}
    board = dashboard_statistics_for(actor=request.user)
    if board is not None:
        area, month, figures = request.user.area_id, board.month, board.monthly

        def link(program: str, urban: bool | None = None, flow: str = "in_care") -> str:
            return case_link(actor_area=area, area=area, month=month, program=program, urban=urban, flow=flow)

        context["board"] = board
        context["headline"] = [
            ("城市低保户数", figures.total(Measure.HOUSEHOLDS, "dibao", True), "户", link("dibao", True)),
            ("城市低保人数", figures.total(Measure.PERSONS, "dibao", True), "人", link("dibao", True)),
            ("农村低保户数", figures.total(Measure.HOUSEHOLDS, "dibao", False), "户", link("dibao", False)),
            ("农村低保人数", figures.total(Measure.PERSONS, "dibao", False), "人", link("dibao", False)),
            ("特困供养人数", figures.total(Measure.PERSONS, "tekun"), "人", link("tekun")),
            (
                "当月新增低保户",
                figures.total(Measure.NEW_HOUSEHOLDS, "dibao"),
                "户",
                link("dibao", flow="new"),
            ),
            (
                "当月退出低保户",
                figures.total(Measure.EXIT_HOUSEHOLDS, "dibao"),
                "户",
                link("dibao", flow="exit"),
            ),
        ]
        context["paid_month"] = figures.total(Measure.PAID_CENTS) + figures.total(Measure.GRANT_CENTS)
        context["paid_ytd"] = sum(
            v
            for (_, _, m), v in figures.year_to_date.items()
            if m in (Measure.PAID_CENTS, Measure.GRANT_CENTS)
        )
        context["trend_svg"] = mark_safe(trend_chart(board.trend, actor_area=area))
        context["persons_svg"] = mark_safe(trend_chart(board.trend, actor_area=area, persons=True))
        context["money_svg"] = mark_safe(money_chart(board.trend))
        if board.areas:
            context["areas_svg"] = mark_safe(areas_chart(board.areas, actor_area=area, month=month))
    return render(request, "core/_stats.html", context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
