"""The API's one error shape: ``{"error": {"code": ..., "message": ..., "fields": {...}}}``."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from policy import errors

_STATUS = [
    (errors.NotFound, status.HTTP_404_NOT_FOUND, "not_found"),
    (errors.PermissionDenied, status.HTTP_403_FORBIDDEN, "permission_denied"),
    (errors.ValidationFailed, status.HTTP_400_BAD_REQUEST, "invalid"),
    (errors.Conflict, status.HTTP_409_CONFLICT, "conflict"),
    (errors.InvalidTransition, status.HTTP_409_CONFLICT, "invalid_transition"),
]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map policy errors to their HTTP status; let DRF shape its own, under the same envelope."""
    for cls, code, name in _STATUS:
        if isinstance(exc, cls):
            fields = getattr(exc, "errors", {}) if isinstance(exc, errors.ValidationFailed) else {}
            return Response({"error": {"code": name, "message": exc.message, "fields": fields}}, status=code)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data
        message = detail.get("detail") if isinstance(detail, dict) else None
        response.data = {
            "error": {
                "code": getattr(exc, "default_code", "error"),
                "message": str(message or "请求有误"),
                "fields": detail if isinstance(detail, dict) and "detail" not in detail else {},
            }
        }
    return response
