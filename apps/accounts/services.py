"""Creating accounts and API tokens, and the login guard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.accounts.models import User
from apps.areas.models import Area
from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from policy.errors import ValidationFailed
from policy.roles import ROLE_LABELS, Capability


@transaction.atomic
def user_create(
    *, actor: User | None, username: str, password: str, role: str, area_code: str, display_name: str = ""
) -> User:
    """Create an account bound to one role and one area. ``actor`` None is the installer (CLI, demo)."""
    if actor is not None:
        require(actor, Capability.MANAGE_USERS)
    errors: dict[str, list[str]] = {}
    if role not in ROLE_LABELS:
        errors["role"] = ["角色无效"]
    area = Area.objects.filter(pk=area_code).first()
    if area is None or (actor is not None and not code_in_scope(actor, area_code)):
        errors["area"] = [f"区划代码“{area_code}”不存在或不在您的辖区内"]
    if User.objects.filter(username=username).exists():
        errors["username"] = [f"用户名“{username}”已存在"]
    candidate = User(username=username, display_name=display_name, role=role, area=area)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    candidate.set_password(password)
    candidate.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=candidate,
        area_code=area_code,
        summary=f"创建账号 {username}（{candidate.role_label}）",
        after=snapshot(candidate, ["username", "display_name", "role", "area_id"]),
    )
    return candidate


@transaction.atomic
def token_create(*, actor: User) -> str:
    """A fresh API token for the actor; an older one stops working."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN,
        entity=actor,
        area_code=actor.area_id or "",
        summary="生成接口访问令牌（旧令牌失效）",
    )
    return token.key


class LoginGuard(AxesDatabaseHandler):
    """django-axes' lockout, plus password spraying: many user names tried from one address.

    Axes locks a user name after ``AXES_FAILURE_LIMIT`` failures from one address. A sprayer tries one or
    two common passwords on many names and never reaches that for any one name; so an address from which
    ``AXES_SPRAY_NAMES`` different names have failed within the cool-off is locked for all names, the
    right password included, until the cool-off ends. The threshold is set above what one township office
    behind one address (a dozen colleagues, each mistyping once) reaches in fifteen minutes.
    """

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_spraying(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes marks the lockout (its 429 page) only when one name reached its limit; a locked address must
        # answer the same way, the right password included.
        if request is not None and self.address_spraying(request):
            request.axes_locked_out = True

    @staticmethod
    def address_spraying(request: Any) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        since = timezone.now() - (get_cool_off(request) or timedelta(minutes=15))
        names = (
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
            .values("username")
            .distinct()
            .count()
        )
        return names >= settings.AXES_SPRAY_NAMES
