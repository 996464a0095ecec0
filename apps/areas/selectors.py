"""Reading areas inside the actor's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.areas.models import Area
from apps.core.db import prefix_q
from apps.core.scoping import area_q, code_in_scope, get_scoped
from policy.areas import AreaLevel, area_code_normalize
from policy.errors import NotFound

if TYPE_CHECKING:
    from apps.accounts.models import User


def area_list_for(
    *, actor: User, parent_code: str | None = None, level: int | None = None, q: str = ""
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


def area_get_for(*, actor: User, code: str) -> Area:
    return get_scoped(Area.objects.select_related("parent"), actor=actor, field="code", pk=code)


def county_in_scope(*, actor: User, code: str) -> Area:
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
