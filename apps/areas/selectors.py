"""Reading areas inside the actor's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.areas.models import Area
from apps.core.db import prefix_q
from apps.core.scoping import area_q, get_scoped

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
