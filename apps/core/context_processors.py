"""What every page needs to draw its frame: the user's capabilities, and the navigation by office."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from apps.core.navigation import offices_for, top_links
from policy.roles import Capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    # Lazy: an htmx fragment renders with this context too, and never draws the top bar. The names are
    # the frame's own (nav_…), so that no view's context can shadow them.
    return {
        "caps": {c.value: user.can(c) for c in Capability},
        "nav_top": SimpleLazyObject(lambda: list(top_links(user))),
        "nav_offices": SimpleLazyObject(lambda: offices_for(user, namespace=namespace)),
    }
