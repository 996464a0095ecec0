"""What every page needs to draw its frame: the user's role label, area and capabilities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from policy.roles import Capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"caps": {c.value: user.can(c) for c in Capability}}
