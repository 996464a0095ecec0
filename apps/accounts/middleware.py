"""A read-only role (监督) changes nothing: every POST, PUT, PATCH and DELETE it sends is refused here, for
every endpoint, before any view runs, whatever capability the view itself asks for.

The capability table already gives 监督 no write capability, and tests/test_access_matrix.py checks that
every write endpoint needs one; this is the second lock, so an endpoint that asks for the wrong capability
still cannot be written to by an auditor. Logging out is the one POST it may send. The API's token
requests are authenticated inside DRF, after this middleware, so the API has the same rule as a permission
class (apps/core/api.py ``ReadOnlyRolesRefused``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from rest_framework.permissions import SAFE_METHODS

from apps.core.permissions import READ_ONLY_REFUSED as REFUSED
from policy.roles import role_writes


class ReadOnlyRoleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def _open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            self._open = (reverse("accounts:logout"),)
        return self._open

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            request.method not in SAFE_METHODS
            and user is not None
            and user.is_authenticated
            and not role_writes(getattr(user, "role", ""))
            and request.path not in self._open_paths()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": REFUSED}, status=403)
            return render(request, "403.html", {"message": REFUSED}, status=403)
        return self.get_response(request)
