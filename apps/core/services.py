"""Writing the audit trail. Every write service calls :func:`audit_record` inside its own transaction; a
register's dated state change is written by :func:`dated_state_record`, audited the same way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from apps.core.models import AuditAction, AuditLog

if TYPE_CHECKING:
    from apps.core.scoping import Actor


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model | None, fields: list[str] | None = None) -> dict[str, Any] | None:
    """The concrete field values of ``instance`` as JSON-ready data (FKs as their key)."""
    if instance is None:
        return None
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _plain(getattr(instance, name)) for name in names}


def audit_record(
    *,
    actor: Actor | None,
    action: AuditAction,
    entity: models.Model | None = None,
    entity_type: str = "",
    entity_id: str = "",
    area_code: str,
    summary: str = "",
    household_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Write one audit row. It must run inside the caller's transaction, so the two stand or fall together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the write's transaction")
    if entity is not None:
        entity_type = entity_type or entity._meta.label_lower
        entity_id = entity_id or str(entity.pk)
    changed_before, changed_after = before, after
    if before is not None and after is not None:
        # Keep only what changed, so the history reads as a list of edits rather than two full copies.
        keys = [k for k in after if before.get(k) != after.get(k)]
        changed_before = {k: before.get(k) for k in keys}
        changed_after = {k: after.get(k) for k in keys}
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(str(actor) if actor is not None and actor.pk else "系统"),
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        area_code=area_code,
        summary=summary[:300],
        household_id=household_id,
        before=changed_before,
        after=changed_after,
    )


def dated_state_record(
    *,
    actor: Any,
    entity: Any,
    history: type[models.Model],
    owner_field: str,
    state: str,
    effective_on: dt.date,
    reason: str,
    summary: str,
) -> None:
    """Put ``entity`` (a register's row with ``state``, ``state_since`` and ``version``, already locked at
    its version) in ``state`` from ``effective_on``, add the dated row to ``history`` (its ``owner_field``
    pointing at ``entity``) and audit it, in the caller's transaction. Checked first by
    ``policy.states.state_change_check`` and the register's own table of allowed changes."""
    before = {"state": entity.state, "state_since": entity.state_since.isoformat()}
    entity.state, entity.state_since = state, effective_on
    entity.version += 1
    entity.save()
    history.objects.create(  # type: ignore[attr-defined]
        **{owner_field: entity},
        state=state,
        effective_on=effective_on,
        reason=reason.strip(),
        recorded_by_id=actor.pk,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=entity,
        area_code=entity.area_id,
        summary=summary,
        before=before,
        after={"state": state, "state_since": effective_on.isoformat()},
    )
