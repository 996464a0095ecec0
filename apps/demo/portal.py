"""The demo's resident: a portal account for the head of a poor household in the demo village, with one
online 低保 application waiting for the village worker. Safe to repeat.

The account is registered the way a resident registers: the code goes to the phone the registry holds and
is read back from the local SMS sink (the demo's 模拟短信); where the registry holds no mobile phone, the demo
village worker confirms the account, as at the window. Either way the demo's resident is a confirmed
account."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce

from apps.assistance.models import Application
from apps.core.models import OutboundMessage
from apps.portal.models import CitizenProfile, RegistrationCode
from apps.portal.services.accounts import citizen_account_confirm
from apps.portal.services.citizen import MemberLine, OnlineInput, online_submit
from apps.portal.services.registration import (
    Finished,
    Registration,
    citizen_register_finish,
    citizen_register_start,
)
from apps.registry.models import Household
from apps.registry.selectors import household_members
from policy.money import yuan

VILLAGE = "421303001001"  # 乌龙巷社区, as in apps/demo/assistance.py
DEMO_PHONE = "13800000000"  # what the resident types; the code goes to the registry's phone where it has one
DEMO_CONFIRMER = "village_worker"  # apps/demo/services.py DEMO_USERS
# A blank page as a tiny valid PNG (1×1, white): the demo's "photo" of a 户口簿.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a2d60000000049454e44ae426082"
)


@dataclass(frozen=True)
class DemoResident:
    username: str
    name: str
    created: bool


@transaction.atomic
def portal_demo_seed(*, password: str, on: date | None = None) -> DemoResident | None:
    """The resident's account (username: their ID number) and their pending online application."""
    existing = CitizenProfile.objects.select_related("user").order_by("id").first()
    if existing is not None:
        return DemoResident(existing.user.username, existing.name, created=False)
    busy = Application.objects.values("household_id")
    household = (
        Household.objects.filter(area_id=VILLAGE, status="active")
        .exclude(pk__in=busy)
        .annotate(recorded=Coalesce(Sum("incomes__amount"), Value(yuan(0))))
        .order_by("recorded", "id")
        .first()
    )
    if household is None:
        return None
    members = list(household_members(household=household).select_related("person"))
    head = next((m.person for m in members if m.relation == "head"), members[0].person)
    if get_user_model().objects.filter(username=head.id_number).exists():
        return None
    user = _registered(name=head.name, id_number=head.id_number, password=password)
    if user is None:
        return None
    online_submit(
        citizen=user,
        data=OnlineInput(
            program="dibao",
            area_code=household.area_id,
            address=household.address,
            phone=head.phone or DEMO_PHONE,
            reason="家中老人长期患病，主要劳动力收入不稳定，生活困难，申请最低生活保障。",
            members=[
                MemberLine(name=m.person.name, id_number=m.person.id_number, relation=m.relation)
                for m in members
                if m.person_id != head.pk
            ],
            consent=True,
            uploads={"identity": [SimpleUploadedFile("户口簿.png", _PNG, content_type="image/png")]},
        ),
        on=on,
    )
    return DemoResident(user.username, head.name, created=True)


def _registered(*, name: str, id_number: str, password: str) -> Any:
    """Register as the resident would, reading the code from the local sink; confirm a pending account as
    the demo village worker. None when no code can be read (a real SMS gateway is configured)."""
    sent = citizen_register_start(
        data=Registration(
            name=name, id_number=id_number, phone=DEMO_PHONE, password=password, password_again=password
        )
    )
    sent_to = RegistrationCode.objects.get(pk=sent.code_id).sent_to
    message = OutboundMessage.objects.filter(phone=sent_to).order_by("-id").first()
    code = re.search(r"\d{6}", message.text) if message is not None else None
    if code is None:
        return None
    done = citizen_register_finish(code_id=sent.code_id, code=code.group())
    if done.kind == Finished.PENDING:
        worker = get_user_model().objects.filter(username=DEMO_CONFIRMER, is_active=True).first()
        if worker is None:
            return None
        citizen_account_confirm(actor=worker, profile=done.profile, method="window")
        done.user.refresh_from_db()
    return done.user
