"""Reading areas inside the actor's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.areas.models import Area
from apps.core.db import prefix_q
from apps.core.scoping import actor_bounds, area_q, code_in_scope, get_scoped, require
from policy.areas import AreaLevel, area_code_level, area_code_normalize, area_code_range
from policy.errors import NotFound
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.core.scoping import Actor


def area_list_for(
    *, actor: Actor, parent_code: str | None = None, level: int | None = None, q: str = ""
) -> QuerySet[Area]:
    """Areas inside the actor's area (including it), optionally children of one parent or of one level."""
    qs = Area.objects.filter(area_q(actor, "code"))
    if parent_code:
        qs = qs.filter(parent_id=parent_code)
    if level:
        qs = qs.filter(level=level)
    if q.strip():
        qs = qs.filter(prefix_q("name", q.strip()) | prefix_q("code", q.strip()))
    return qs.order_by("code")


def area_get_for(*, actor: Actor, code: str) -> Area:
    return get_scoped(Area.objects.select_related("parent"), actor=actor, field="code", pk=code)


def county_in_scope(*, actor: Actor, code: str) -> Area:
    """The county ``code`` (6 or 12 digits) if it lies in the actor's area; NotFound otherwise, exactly as
    for a code that names nothing or names a township. The caller checks the capability first."""
    try:
        full = area_code_normalize(str(code))
    except ValueError:
        raise NotFound() from None
    county = Area.objects.filter(pk=full, level=AreaLevel.COUNTY).first()
    if county is None or not code_in_scope(actor, county.code):
        raise NotFound()
    return county


def counties_for(
    *, actor: Actor, capability: Capability | None = None, own_county: bool = False
) -> list[Area]:
    """The counties the actor may work with, by code: the county they work in, or every county inside
    their area (a city's, a province's). An actor with no area has none.

    An actor below a county (a township, a village) has none, as the page works on a county as a whole
    (payroll, cross-check sources, 调标, 政府信息公开): unless ``own_county``, for the pages whose county
    figures a township reads as its own (地方标准, statistics, 目标管理): then the county they work in.
    With ``capability``, PermissionDenied unless the actor's role holds it.
    """
    if capability is not None:
        require(actor, capability)
    if not actor.area_id:
        return []
    low, high = actor_bounds(actor)
    if area_code_level(actor.area_id) > AreaLevel.COUNTY:
        return list(Area.objects.filter(pk=county_codes_of(actor.area_id)[0])) if own_county else []
    return list(Area.objects.filter(level=AreaLevel.COUNTY, code__gte=low, code__lte=high).order_by("code"))


def county_codes_of(area_code: str) -> list[str]:
    """The codes of the counties an area lies in or holds, by code: a county's own, a township's or
    village's county (whether or not it is on file), every county on file inside a city or province."""
    if area_code_level(area_code) >= AreaLevel.COUNTY:
        return [area_code[:6] + "000000"]
    low, high = area_code_range(area_code)
    rows = Area.objects.filter(level=AreaLevel.COUNTY, code__gte=low, code__lte=high).order_by("code")
    return list(rows.values_list("code", flat=True))
