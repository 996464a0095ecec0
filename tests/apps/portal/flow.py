"""Building portal accounts and online applications through the real services, for the portal tests, the
access matrix and the browser test."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.portal.models import OnlineApplication
from apps.portal.services.citizen import (
    MemberLine,
    OnlineInput,
    Registration,
    citizen_register,
    online_submit,
)
from tests.factories import PASSWORD, VILLAGE, _cn, new_id_number

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
_count = iter(range(1, 10**6))


def png(name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def citizen_account(*, id_number: str | None = None, name: str | None = None) -> Any:
    """A resident's portal account, registered as a resident would."""
    return citizen_register(
        data=Registration(
            name=name or f"王{_cn(next(_count))}",
            id_number=id_number or new_id_number(),
            phone="13800138000",
            password=PASSWORD,
            password_again=PASSWORD,
        )
    )


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
