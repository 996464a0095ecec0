"""Area scoping, in one place. Every selector and service that touches area-bound data goes through here.

An actor sees exactly the records whose area code lies inside their own area's code range (see
:func:`policy.areas.area_code_range`). Anything else answers :class:`policy.errors.NotFound`, the same as
a record that does not exist, so that an ID cannot be probed from outside.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from policy.areas import area_code_range
from policy.errors import NotFound, PermissionDenied
from policy.roles import Capability

M = TypeVar("M", bound=Model)


class Actor(Protocol):
    """Who acts, as the floors below ``apps.accounts`` see them: an account bound to one role and one area.

    ``apps.accounts.models.User`` is the one implementation. Core and areas type against this protocol so
    that the ground floor never imports the floor above it.
    """

    pk: Any
    role: str
    area_id: str | None
    is_active: bool

    @property
    def is_authenticated(self) -> bool: ...

    def can(self, capability: Capability) -> bool: ...


def actor_bounds(actor: Actor) -> tuple[str, str]:
    """The inclusive code range of the actor's area; an actor without an area sees nothing."""
    if not actor.is_authenticated or not actor.is_active or not actor.area_id:
        raise NotFound()
    return area_code_range(actor.area_id)


def area_q(actor: Actor, field: str) -> Q:
    """A filter keeping rows whose ``field`` (a 12-digit code or an FK to Area) is in the actor's area."""
    low, high = actor_bounds(actor)
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def code_in_scope(actor: Actor, code: str | None) -> bool:
    """True when the 12-digit ``code`` lies inside the actor's area."""
    if not code:
        return False
    low, high = actor_bounds(actor)
    return low <= code <= high


def require(actor: Actor, capability: Capability) -> None:
    """Raise PermissionDenied unless the actor's role holds ``capability``."""
    if not actor.can(capability):
        raise PermissionDenied()


def get_scoped(queryset: QuerySet[M], *, actor: Actor, field: str, **lookup: Any) -> M:
    """Fetch one row inside the actor's area, or NotFound whether it is missing or merely not theirs."""
    try:
        return queryset.filter(area_q(actor, field)).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
