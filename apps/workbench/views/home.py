"""首页: first what waits for the user (待办: a count per item, linking to its list), then a panel per office
the user works in, each with its menu; an office's figures (社会救助's counts and charts today) arrive
separately, so the page never waits for them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from apps.core.selectors import recent_audit_for
from apps.statistics.views.presenters import areas_chart, case_link, money_chart, trend_chart
from apps.workbench.selectors.home import (
    Waiting,
    dashboard_for,
    dashboard_statistics_for,
    headline_figures,
    paid_cents,
    waiting_for,
)
from policy.roles import role_writes
from policy.workflow import AppState

# A 待办 item's own list, where one shows exactly the item's rows (URL name, query); every other item, and
# every overdue count, opens the item's section of the 待办 page, where the rows nearest their deadline
# (the overdue ones) come first.
LISTS: dict[str, tuple[str, str]] = {
    "online": ("online:list", ""),  # 待处理 is the list's default
    "accounts": ("online:accounts", ""),  # 待核实 is the list's default
    **{
        s.value: ("assistance:application_list", f"?state={s.value}")
        for s in (
            AppState.PENDING_DOCS,
            AppState.SUBMITTED,
            AppState.PREPAID,
            AppState.ACCEPTED,
            AppState.VERIFIED,
            AppState.SURVEYED,
            AppState.OBJECTED,
        )
    },
    "leads_assign": ("crosscheck:leads", "?state=found"),
    "leads_verify": ("crosscheck:leads", "?state=assigned"),
    "leads_remedy": ("crosscheck:leads", "?state=confirmed"),
}


@dataclass(frozen=True, slots=True)
class WaitingLink:
    item: Waiting
    href: str  # the item's list, or its section of the 待办 page
    section: str  # its section of the 待办 page, where the overdue rows come first


def _linked(item: Waiting) -> WaitingLink:
    section = f"{reverse('workbench:inbox')}#inbox-{item.key}"
    url_name, query = LISTS.get(item.key, ("", ""))
    return WaitingLink(item, reverse(url_name) + query if url_name else section, section)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The 待办 block, then the panels (from the navigation table, apps/core/navigation.py, through the
    context processor)."""
    waiting = [_linked(item) for item in waiting_for(actor=request.user)]
    return render(
        request,
        "workbench/home.html",
        {
            "waiting": waiting,
            "waiting_total": sum(w.item.total for w in waiting),
            "waiting_overdue": sum(w.item.overdue for w in waiting),
            "reads_only": not role_writes(request.user.role),
            "audit": recent_audit_for(actor=request.user),
        },
    )


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
