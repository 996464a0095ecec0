"""Creating accounts and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
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
