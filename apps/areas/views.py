"""The areas admin page: townships and villages of the admin's area, and the urban/rural override."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.areas.selectors import area_get_for, area_list_for
from apps.areas.services import area_set_urban
from policy.areas import AreaLevel
from policy.errors import PermissionDenied, ValidationFailed
from policy.roles import Capability


def _require_admin(request: HttpRequest) -> None:
    if not request.user.can(Capability.MANAGE_AREAS):  # type: ignore[union-attr]
        raise PermissionDenied()


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    """区划: the townships with their village counts; one township's villages with their 城市/农村 switch."""
    _require_admin(request)
    actor = request.user
    towns = list(area_list_for(actor=actor, level=AreaLevel.TOWNSHIP))
    counts = {
        row["parent_id"]: row
        for row in area_list_for(actor=actor, level=AreaLevel.VILLAGE)
        .order_by()
        .values("parent_id")
        .annotate(villages=Count("code"), urban=Count("code", filter=Q(is_urban=True)))
    }
    for town in towns:
        row = counts.get(town.code, {})
        town.villages = row.get("villages", 0)
        town.urban = row.get("urban", 0)
        town.rural = town.villages - town.urban
    selected = request.GET.get("town", "")
    if not selected and len(towns) <= 1:  # an admin of one township or village sees its villages at once
        selected = towns[0].code if towns else actor.area_id
    villages = []
    current = None
    if selected:
        current = area_get_for(actor=actor, code=selected)
        villages = list(area_list_for(actor=actor, parent_code=current.code, level=AreaLevel.VILLAGE))
        if current.level == AreaLevel.VILLAGE:
            villages = [current]
    return render(request, "areas/list.html", {"towns": towns, "current": current, "villages": villages})


@login_required
@require_POST
def area_urban_set(request: HttpRequest, code: str) -> HttpResponse:
    """Set one village to 城市 or 农村; answers the updated row to htmx, or goes back to the list."""
    _require_admin(request)
    area = area_get_for(actor=request.user, code=code)
    is_urban = request.POST.get("is_urban") == "1"
    error = ""
    try:
        area = area_set_urban(actor=request.user, area=area, is_urban=is_urban)
    except ValidationFailed as exc:
        error = exc.message
    if request.headers.get("HX-Request") == "true":
        return render(request, "areas/_village_row.html", {"v": area, "error": error, "saved": not error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{area.name} 已设为{area.kind_label}")
    return redirect(f"{reverse('areas:list')}?town={area.parent_id or ''}")
