"""Building portal accounts and online applications through the real services, for the portal tests, the
access matrix and the browser test."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import OutboundMessage
from apps.portal.models import OnlineApplication, RegistrationCode
from apps.portal.services.accounts import citizen_account_confirm
from apps.portal.services.citizen import MemberLine, OnlineInput, online_submit
from apps.portal.services.codes import CodeSent
from apps.portal.services.registration import (
    Finished,
    Registration,
    RegistrationDone,
    citizen_register_finish,
    citizen_register_start,
)
from tests.factories import PASSWORD, VILLAGE, UserFactory, _cn, new_id_number

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
_count = iter(range(1, 10**6))


def png(name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def new_phone() -> str:
    """A mobile number not used before in this run (the hourly limit counts codes per phone)."""
    return f"139{next(_count):08d}"


def registration(**overrides: str) -> Registration:
    values = {
        "name": f"王{_cn(next(_count))}",
        "id_number": new_id_number(),
        "phone": new_phone(),
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    values.update(overrides)
    return Registration(**values)


def sink_code(phone: str) -> str:
    """The code in the latest text message the local sink kept for ``phone``."""
    message = OutboundMessage.objects.filter(phone=phone).order_by("-id").first()
    assert message is not None, f"no text message to {phone}"
    found = re.search(r"验证码为(\d{6})", message.text)
    assert found is not None, message.text
    return found.group(1)


def code_of(sent: CodeSent) -> str:
    """The code of one attempt, as its phone received it."""
    return sink_code(RegistrationCode.objects.get(pk=sent.code_id).sent_to)


def register(**overrides: str) -> RegistrationDone:
    """Both steps of registration with the right code, as a resident holding the phone would."""
    sent = citizen_register_start(data=registration(**overrides))
    return citizen_register_finish(code_id=sent.code_id, code=code_of(sent))


def citizen_account(
    *, id_number: str | None = None, name: str | None = None, phone: str | None = None
) -> Any:
    """A resident's active portal account, registered as a resident would; one the registry knows without
    a mobile phone is confirmed by a village worker of the person's area, as at the window."""
    overrides = {"id_number": id_number or new_id_number(), "phone": phone or new_phone()}
    if name:
        overrides["name"] = name
    done = register(**overrides)
    if done.kind == Finished.PENDING:
        worker = UserFactory(role="village_worker", area_id=done.profile.area_id)
        citizen_account_confirm(actor=worker, profile=done.profile, method="window")
        done.user.refresh_from_db()
    return done.user


def online_input(**overrides: Any) -> OnlineInput:
    values: dict[str, Any] = {
        "program": "dibao",
        "area_code": VILLAGE,
        "address": "乌龙巷12号",
        "phone": "13800138000",
        "reason": "丈夫患病不能劳动，家庭收入很低",
        "members": [MemberLine(name="李小花", id_number=new_id_number(), relation="spouse")],
        "consent": True,
        "uploads": {"identity": [png()]},
    }
    values.update(overrides)
    return OnlineInput(**values)


def submit(*, citizen: Any, **overrides: Any) -> OnlineApplication:
    return online_submit(citizen=citizen, data=online_input(**overrides))
