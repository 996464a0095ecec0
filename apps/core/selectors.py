"""Reading core's own rows: the latest audit records of the actor's area (the home page shows them)."""

from __future__ import annotations

from apps.core.models import AuditLog
from apps.core.scoping import Actor, area_q
from policy.roles import Capability


def recent_audit_for(*, actor: Actor, limit: int = 10) -> list[AuditLog]:
    """The latest audit rows of the actor's own area, for roles that read the audit trail."""
    if not actor.can(Capability.VIEW_AUDIT):
        return []
    return list(AuditLog.objects.filter(area_q(actor, "area_code")).order_by("-at", "-id")[:limit])
