"""The one-time codes of registration: issued under a rate limit, kept as an HMAC, checked in constant time
within their time and tries. What a right code leads to is :mod:`.registration`'s business.

The limits are deployment settings (minzheng/settings.py):

- ``MINZHENG_CODE_SECONDS`` (600): how long a code is valid;
- ``MINZHENG_CODE_TRIES`` (5): wrong codes allowed before the attempt ends;
- ``MINZHENG_CODE_SENDS_PER_HOUR`` (5): codes sent to one phone, and codes for one ID number, per hour.

The message goes out through apps/core/sms.py, whose backend the deployment configures.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.core.sms import SmsFailed, send_code
from apps.portal.models import CodeOutcome, RegistrationCode
from apps.registry.models import Person
from apps.registry.selectors import person_current_membership
from policy.errors import NotFound, ValidationFailed
from policy.privacy import mask_id_number

TOO_OFTEN = "获取验证码过于频繁，请一小时后再试。"
SEND_FAILED = "短信发送失败，请稍后再试。"
CODE_GONE = "该验证码已失效，请重新填写注册信息获取新的验证码。"


def code_seconds() -> int:
    return int(getattr(settings, "MINZHENG_CODE_SECONDS", 600))


def code_tries() -> int:
    return int(getattr(settings, "MINZHENG_CODE_TRIES", 5))


def code_sends_per_hour() -> int:
    return int(getattr(settings, "MINZHENG_CODE_SENDS_PER_HOUR", 5))


def _digest(salt: str, code: str) -> str:
    # Keyed with SECRET_KEY: a copy of the table alone does not let anyone try the million codes offline.
    return salted_hmac("minzheng.portal.registration-code", f"{salt}:{code}", algorithm="sha256").hexdigest()


def person_area(person: Person | None) -> str:
    """The area whose staff answer for the person: the current household's village, else the 户籍."""
    if person is None:
        return ""
    membership = person_current_membership(person=person)
    return membership.household.area_id if membership else person.hukou_area_id


@dataclass(frozen=True)
class CodeSent:
    code_id: int
    tail: str  # the last four digits of the phone the code went to
    minutes: int


@dataclass(kw_only=True)
class CodeRequest:
    id_number: str
    name: str
    phone: str  # as typed
    sent_to: str
    route: str
    password_hash: str
    area_code: str  # for the audit row


def code_issue(*, request: CodeRequest, now: datetime) -> CodeSent:
    """Send a fresh 6-digit code for one registration attempt; refused past the hourly limit."""
    code = f"{secrets.randbelow(10**6):06d}"
    limit = code_sends_per_hour()
    with transaction.atomic():
        recent = RegistrationCode.objects.filter(created_at__gte=now - timedelta(hours=1))
        if (
            recent.filter(sent_to=request.sent_to).count() >= limit
            or recent.filter(id_number=request.id_number).count() >= limit
        ):
            raise ValidationFailed(TOO_OFTEN)
        # A password hash waits only as long as its code does.
        RegistrationCode.objects.filter(expires_at__lt=now).exclude(password="").update(password="")
        salt = secrets.token_hex(16)
        row = RegistrationCode.objects.create(
            id_number=request.id_number,
            name=request.name,
            phone=request.phone,
            sent_to=request.sent_to,
            route=request.route,
            password=request.password_hash,
            salt=salt,
            code_hash=_digest(salt, code),
            created_at=now,
            expires_at=now + timedelta(seconds=code_seconds()),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            entity=row,
            area_code=request.area_code,
            summary=(
                f"网上办事注册：{mask_id_number(request.id_number)}，验证码已发送至尾号{request.sent_to[-4:]}"
            ),
        )
    sent = CodeSent(code_id=row.pk, tail=row.sent_to[-4:], minutes=max(code_seconds() // 60, 1))
    # Sent once the row is committed, outside any transaction of ours: a slow gateway holds no lock, and a
    # code that fails to go out is voided, so nothing counts as sent.
    try:
        send_code(
            phone=row.sent_to,
            text=(
                f"【民政网上办事】您的注册验证码为{code}，{sent.minutes}分钟内有效。"
                "请勿告诉他人；如非本人操作，请忽略。"
            ),
        )
    except SmsFailed:
        RegistrationCode.objects.filter(pk=row.pk).update(
            outcome=CodeOutcome.FAILED, password="", finished_at=timezone.now()
        )
        raise ValidationFailed(SEND_FAILED) from None
    return sent


def code_sent_get(*, code_id: int | str | None) -> CodeSent:
    """The attempt the visitor's session is on, as the code page shows it; NotFound when it is over."""
    try:
        row = RegistrationCode.objects.filter(pk=int(code_id or 0), outcome=CodeOutcome.OPEN).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound()
    return CodeSent(code_id=row.pk, tail=row.sent_to[-4:], minutes=max(code_seconds() // 60, 1))


def code_check(*, row: RegistrationCode, code: str, now: datetime) -> str:
    """ "" for the right code; else why not. Call inside a transaction, with ``row`` locked: the row's
    tries and outcome are saved either way."""
    if row.outcome != CodeOutcome.OPEN:
        return CODE_GONE
    if now >= row.expires_at:
        code_end(row=row, outcome=CodeOutcome.FAILED, now=now)
        return "验证码已过期，请重新填写注册信息获取新的验证码。"
    row.tries += 1
    if constant_time_compare(_digest(row.salt, code), row.code_hash):
        row.save(update_fields=["tries"])
        return ""
    left = code_tries() - row.tries
    if left > 0:
        row.save(update_fields=["tries"])
        return f"验证码不正确，还可以再试{left}次。"
    code_end(row=row, outcome=CodeOutcome.FAILED, now=now)
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=person_area(Person.objects.filter(id_number=row.id_number).first()),
        summary=f"网上办事注册未完成：{mask_id_number(row.id_number)}，验证码错误次数过多",
    )
    return "验证码错误次数过多，请重新填写注册信息获取新的验证码。"


def code_end(*, row: RegistrationCode, outcome: str, now: datetime) -> None:
    row.outcome = outcome
    row.password = ""
    row.finished_at = now
    row.save(update_fields=["tries", "outcome", "password", "finished_at"])
