"""统计 pages: the month's 民政统计 table with the breakdown by area and the trend (month and area pickers,
drill-down from county to township to village), its XLSX export, and the refresh button.

Every figure links to the records behind it: counts to the case list filtered by programme, area, 城乡
and month (在保 at the month's end, 纳入 or 退出 in it), money to the payroll's 资金台账, 临时救助 to the
approved applications. The views only parse, call a selector or the refresh, and render.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.areas.forms import area_filter_choices
from apps.areas.models import Area
from apps.areas.selectors import county_codes_of
from apps.core.scoping import code_in_scope
from apps.core.web import requires
from apps.statistics.documents.xlsx import statistics_workbook
from apps.statistics.selectors import (
    breakdown,
    latest_month,
    monthly_figures,
    statistics_area_get,
    trend,
)
from apps.statistics.services import stats_refresh
from apps.statistics.views.presenters import areas_chart, case_link, indicator_link, trend_chart
from policy.errors import ValidationFailed
from policy.months import month_add, month_parse, month_range
from policy.roles import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- pages


def _month(request: HttpRequest, area_code: str) -> date:
    text = request.GET.get("month", "")
    if text:
        try:
            return month_parse(text)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
    return latest_month(actor=request.user, area_code=area_code)


def _chain(user: object, area: Area) -> list[Area]:
    """The area and those above it, up to the actor's own, for the breadcrumb."""
    chain, node = [area], area
    while (
        node.parent_id and code_in_scope(user, node.parent_id) and node.code != getattr(user, "area_id", "")
    ):  # type: ignore[arg-type]
        node = Area.objects.get(pk=node.parent_id)
        chain.append(node)
    return chain[::-1]


@login_required
@requires(Capability.VIEW_STATISTICS)
def monthly(request: HttpRequest) -> HttpResponse:
    """民政统计月报: the table, the breakdown by area and the trend, for a month and an area."""
    area = statistics_area_get(actor=request.user, area_code=request.GET.get("area", ""))
    month = _month(request, area.code)
    figures = monthly_figures(actor=request.user, area_code=area.code, month=month)
    rows = breakdown(actor=request.user, area_code=area.code, month=month)
    data = trend(actor=request.user, area_code=area.code, until=month)
    actor_area = request.user.area_id
    table = [(line, indicator_link(request.user, line.indicator, area, month)) for line in figures.table]
    return render(
        request,
        "statistics/monthly.html",
        {
            "figures": figures,
            "area": area,
            "month": month,
            "month_text": f"{month:%Y-%m}",
            "annual_query": f"area={area.code}&year={month.year}",
            "previous_text": f"{month_add(month, -1):%Y-%m}",
            "next_text": f"{month_add(month, 1):%Y-%m}",
            "table": table,
            "areas": rows,
            "programs": [
                (
                    p,
                    case_link(
                        actor_area=actor_area,
                        area=area.code,
                        month=month,
                        program=p.program,
                        urban=p.is_urban,
                    ),
                )
                for p in figures.programs
            ],
            "chain": _chain(request.user, area),
            "area_choices": area_filter_choices(request.user),
            "trend_svg": mark_safe(trend_chart(data, actor_area=actor_area)),
            "areas_svg": mark_safe(areas_chart(rows, actor_area=actor_area, month=month)) if rows else "",
            "query": urlencode({"area": area.code, "month": f"{month:%Y-%m}"}),
        },
    )


@login_required
@requires(Capability.VIEW_STATISTICS)
def export(request: HttpRequest) -> HttpResponse:
    """Every statistical table of the month and area as one XLSX file."""
    area = statistics_area_get(actor=request.user, area_code=request.GET.get("area", ""))
    month = _month(request, area.code)
    content = statistics_workbook(
        figures=monthly_figures(actor=request.user, area_code=area.code, month=month),
        areas=breakdown(actor=request.user, area_code=area.code, month=month),
        trend=trend(actor=request.user, area_code=area.code, until=month),
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"民政统计_{area.name}_{month:%Y%m}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@requires(Capability.PRODUCE_REPORTS)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """重新统计: the area's counties, from January (of the month before) through the month, so the month,
    its 上期 and both years' 累计 are all current."""
    area = statistics_area_get(actor=request.user, area_code=request.POST.get("area", ""))
    try:
        month = month_parse(request.POST.get("month", ""))
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("statistics:monthly")
    months = month_range(month_add(month, -1).replace(month=1), month)
    # The area's counties are the actor's (the area is in scope); stats_refresh checks each again.
    for county in county_codes_of(area.code):
        stats_refresh(actor=request.user, county=county, months=months)
    messages.success(request, f"已重新统计{months[0]:%Y年%m月}至{months[-1]:%Y年%m月}")
    return redirect(
        reverse("statistics:monthly") + "?" + urlencode({"area": area.code, "month": f"{month:%Y-%m}"})
    )
