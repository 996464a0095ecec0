"""The API's rule for read-only roles, in a module of its own: DRF imports the default permission classes
while ``rest_framework.views`` is still loading, so this must not import the views (apps/core/api.py
does)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from policy.roles import role_writes

READ_ONLY_REFUSED = "监督角色只能查看，不能修改数据或生成文件"


class ReadOnlyRolesRefused(BasePermission):
    """A read-only role (监督) is refused every POST, PUT, PATCH and DELETE, whatever the endpoint: the API's
    half of apps/accounts/middleware.py (token requests are authenticated inside DRF, after middleware)."""

    message = READ_ONLY_REFUSED

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return True
        return role_writes(getattr(request.user, "role", ""))
