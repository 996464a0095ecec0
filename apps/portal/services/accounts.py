"""网上办事账号核实: what makes an account active, and the staff's confirm and refuse.

One ID number has at most one active account, and only its user carries the ID number as user name (so
the login finds it); every other account of the number (pending, refused, stopped) has an inactive user
named aside (``<number>.<user id>``). An account is pending when the registry knows the person but holds no
mobile phone to send a code to, or when it would replace an account taken under the number with a name the
registry does not know (找回). Staff of the person's area (village or township, ``Capability.APPLY``) confirm
it after checking the ID card at the window or by phone, or refuse it with a reason.

Confirming a replacement stops the old account: its user is deactivated and renamed, never deleted, and
its online applications stay with it for the audit trail; the staff's lists mark them (their account is
stopped), so whoever takes one up checks who really made it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.core.models import AuditAction
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record
from apps.portal.models import AccountState, CitizenProfile, OnlineApplication, Verification
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

CONFIRM_METHODS = {
    "window": "在乡镇(街道)窗口查验居民身份证原件",
    "phone": "电话联系本人，核对户籍登记信息",
}


def username_take(*, user: User, number: str) -> None:
    """Give ``user`` the ID number as user name, moving whoever held it aside (an inactive account)."""
    users = get_user_model().objects
    for holder in users.filter(username=number).exclude(pk=user.pk):
        holder.username = f"{number}.{holder.pk}"
        holder.save(update_fields=["username"])
    if user.username != number:
        user.username = number
        user.save(update_fields=["username"])


def username_aside(*, user: User, number: str) -> None:
    """A pending account's user name: the ID number when nobody holds it, else ``<number>.<id>``."""
    taken = get_user_model().objects.filter(username=number).exclude(pk=user.pk).exists()
    wanted = f"{number}.{user.pk}" if taken else number
    if user.username != wanted:
        user.username = wanted
        user.save(update_fields=["username"])


def account_activate(*, profile: CitizenProfile, verified_by: str) -> None:
    """Make ``profile`` the number's active account (the caller has stopped any other one first)."""
    profile.state = AccountState.ACTIVE
    profile.verified_by = verified_by
    profile.save(update_fields=["state", "verified_by"])
    user = profile.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    username_take(user=user, number=profile.id_number)


def account_close(*, profile: CitizenProfile, state: str, actor: User | None, note: str) -> None:
    """Stop (``DEACTIVATED``) or refuse (``REFUSED``) an account: its user can no longer sign in."""
    profile.state = state
    profile.handled_by = actor if actor is not None and actor.pk else None
    profile.handled_at = timezone.now()
    profile.handled_note = note[:300]
    profile.save(update_fields=["state", "handled_by", "handled_at", "handled_note"])
    user = profile.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    if user.username == profile.id_number:
        user.username = f"{profile.id_number}.{user.pk}"
        user.save(update_fields=["username"])


def pending_refuse_others(*, number: str, keep: CitizenProfile, actor: User | None, note: str) -> int:
    """Refuse the number's other pending accounts once one account has been made active."""
    others = list(
        CitizenProfile.objects.select_for_update()
        .filter(id_number=number, state=AccountState.PENDING)
        .exclude(pk=keep.pk)
        .select_related("user")
    )
    for other in others:
        account_close(profile=other, state=AccountState.REFUSED, actor=actor, note=note)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=other,
            area_code=other.area_id or "",
            summary=f"网上办事账号未通过核实：{note}",
        )
    return len(others)


def _pending_row(actor: User, profile: CitizenProfile) -> CitizenProfile:
    require(actor, Capability.APPLY)
    if not code_in_scope(actor, profile.area_id):
        raise NotFound()
    row = CitizenProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if row.state != AccountState.PENDING:
        raise Conflict(f"该账号{row.get_state_display()}，已经处理过了，请刷新页面")
    return row


@transaction.atomic
def citizen_account_confirm(*, actor: User, profile: CitizenProfile, method: str) -> CitizenProfile:
    """核实通过: the account becomes the number's active one. An account it replaces is stopped (its online
    applications stay with it, marked in the staff's lists); other pending accounts of the number are
    refused."""
    if method not in CONFIRM_METHODS:
        raise ValidationFailed.on("method", "请选择核实方式")
    row = _pending_row(actor, profile)
    number = row.id_number
    stopped = (
        CitizenProfile.objects.select_for_update()
        .filter(id_number=number, state=AccountState.ACTIVE)
        .exclude(pk=row.pk)
        .select_related("user")
        .first()
    )
    if stopped is not None:
        kept = OnlineApplication.objects.filter(citizen=stopped.user).count()
        account_close(
            profile=stopped,
            state=AccountState.DEACTIVATED,
            actor=actor,
            note=f"由本人找回：{row.name}的账号核实通过后停用",
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            entity=stopped,
            area_code=row.area_id or "",
            summary=(
                f"网上办事账号停用：以{stopped.name}的姓名注册，由户籍登记的本人{row.name}找回；"
                f"其{kept}件网上申请保留并标记"
            ),
        )
    row.handled_by = actor
    row.handled_at = timezone.now()
    row.handled_note = CONFIRM_METHODS[method]
    row.save(update_fields=["handled_by", "handled_at", "handled_note"])
    account_activate(profile=row, verified_by=Verification.STAFF)
    pending_refuse_others(number=number, keep=row, actor=actor, note="同一身份证号码的另一账号已核实通过")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id or "",
        summary=f"网上办事账号核实通过：{row.name}（{CONFIRM_METHODS[method]}）",
    )
    return row


@transaction.atomic
def citizen_account_refuse(*, actor: User, profile: CitizenProfile, reason: str) -> CitizenProfile:
    """核实不通过: the account never becomes active; the holder reads the reason when signing in."""
    text = reason.strip()
    if len(text) < 4:
        raise ValidationFailed.on("reason", "请写明不通过的理由，注册人登录时将看到这段说明")
    row = _pending_row(actor, profile)
    account_close(profile=row, state=AccountState.REFUSED, actor=actor, note=text)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id or "",
        summary=f"网上办事账号未通过核实：{row.name}，{text}",
    )
    return row
