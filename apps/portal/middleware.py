"""The boundary between the portal and the bureau's system: a resident's session reaches only /portal/.

Staff pages already refuse an account without an area or capability, but a resident should never see the
staff system's pages at all, not even its refusals; so their session is sent back to the portal, and the
API answers 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from policy.roles import CITIZEN_ROLE

_OPEN = ("/portal/", "/static/")


class PortalBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "role", "") == CITIZEN_ROLE
            and not request.path.startswith(_OPEN)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "群众的网上办事账号不能使用业务接口"}, status=403)
            return redirect(reverse("portal:home"))
        return self.get_response(request)
