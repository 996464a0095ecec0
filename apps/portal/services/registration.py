"""注册: a resident's own portal account, proved by a one-time code.

The account is named by the ID number, so whoever registers a number speaks for that person. Two steps:

1. :func:`citizen_register_start` checks what was typed, decides where the code goes and what a right code
   will lead to (``CodeRoute``), and sends a 6-digit code:

   ============================================  ====================  =================================
   the registry (apps.registry Person)           the code goes to      a right code then
   ============================================  ====================  =================================
   knows the number, the name matches, and       the registry's phone  makes the account active; where
   holds a mobile phone                          (the typed one is     the number has an account already,
                                                 ignored)              sets its password (the same person
                                                                       proved the same way) or asks staff
                                                                       to hand it over (找回)
   knows the number, the name matches, no        the typed phone       a pending account, for the staff
   mobile phone                                                        of the person's area to confirm
   does not know the number                      the typed phone       makes the account active, unless
                                                                       the number has an account already
   knows the number, the name does not match     the typed phone       nothing: the neutral refusal
   (or the person has died)
   ============================================  ====================  =================================

   The visible answer is the same in every row: "验证码已发送至手机号码尾号…" (the tail of the phone typed,
   or of the registry's phone when the name matched), whether or not the number has an account. So the
   page tells nobody whether a number is registered or has an account; only someone who both knows the
   name and number and holds the phone learns how it ends.
2. :func:`citizen_register_finish` checks the code: a constant-time compare of its HMAC, at most
   ``MINZHENG_CODE_TRIES`` tries, within ``MINZHENG_CODE_SECONDS``. Every refusal that could tell something
   about the registry or an account reads the same: :data:`NEUTRAL_REFUSAL`.

At most ``MINZHENG_CODE_SENDS_PER_HOUR`` codes go to one phone, and as many for one ID number, per hour.
Every code sent and every outcome is audited, under the registered person's area where there is one, so
the village sees attempts on its residents' numbers.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.services import audit_record
from apps.portal.models import (
    AccountState,
    CitizenProfile,
    CodeOutcome,
    CodeRoute,
    RegistrationCode,
    Verification,
)
from apps.portal.services.accounts import (
    account_activate,
    pending_refuse_others,
    username_aside,
    username_take,
)
from apps.portal.services.codes import (
    CODE_GONE,
    CodeRequest,
    CodeSent,
    code_check,
    code_end,
    code_issue,
    person_area,
)
from apps.registry.models import Person
from policy.errors import ValidationFailed
from policy.identity import InvalidIdNumber, id_number_parse
from policy.privacy import mask_id_number
from policy.roles import CITIZEN_ROLE

if TYPE_CHECKING:
    from apps.accounts.models import User

MOBILE = re.compile(r"^1\d{10}$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,20}$")
# The separator in names such as 阿依古丽·买买提, as it is typed on a phone, a PC or copied from a document.
_DOTS = re.compile(r"[\u00b7\u2022\u2027\u30fb\uff65\u2219.]")

NEUTRAL_REFUSAL = "姓名与公民身份号码不符，或该号码需到乡镇(街道)社会救助窗口核实。"


def name_key(value: str) -> str:
    """A name as compared with the registry's: full-width folded to half-width (NFKC), no spaces, one
    kind of middle dot."""
    text = "".join(unicodedata.normalize("NFKC", value or "").split())
    return _DOTS.sub("·", text)


def _route(person: Person | None, name: str) -> tuple[str, str]:
    """Where the code goes and what a right code leads to: (CodeRoute, the registry's phone or "")."""
    if person is None:
        return CodeRoute.OWN_PHONE, ""
    if person.death_date is not None or name_key(person.name) != name_key(name):
        return CodeRoute.REFUSE, ""
    phone = (person.phone or "").strip()
    if MOBILE.match(phone):
        return CodeRoute.REGISTRY_PHONE, phone
    return CodeRoute.STAFF, ""


@dataclass(kw_only=True)
class Registration:
    name: str
    id_number: str
    phone: str
    password: str
    password_again: str


def citizen_register_start(*, data: Registration, now: datetime | None = None) -> CodeSent:
    """注册, step 1: check the form, send the code (see the table above). Only format errors name a field."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    name = name_key(data.name)
    if not _NAME.match(name):
        errors["name"] = ["请填写身份证上的姓名（2至20个汉字）"]
    number = ""
    try:
        number = id_number_parse(data.id_number, today=today()).value
    except InvalidIdNumber as exc:
        errors["id_number"] = [exc.message]
    phone = data.phone.strip()
    if not MOBILE.match(phone):
        errors["phone"] = ["请填写11位手机号码"]
    if data.password != data.password_again:
        errors["password_again"] = ["两次输入的密码不一致"]
    candidate = get_user_model()(username=number, display_name=name, role=CITIZEN_ROLE)
    try:
        password_validation.validate_password(data.password, candidate)
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    person = Person.objects.filter(id_number=number).first()
    route, registry_phone = _route(person, name)
    return code_issue(
        request=CodeRequest(
            id_number=number,
            name=name,
            phone=phone,
            sent_to=registry_phone or phone,
            route=route,
            password_hash=make_password(data.password),
            area_code=person_area(person),
        ),
        now=now,
    )


class Finished(StrEnum):
    ACTIVE = "active"  # a new account, signed in
    RESET = "reset"  # the number's own account, with the new password, signed in
    PENDING = "pending"  # waiting for staff


@dataclass(frozen=True)
class RegistrationDone:
    kind: Finished
    profile: CitizenProfile

    @property
    def user(self) -> User:
        return self.profile.user


def citizen_register_finish(
    *, code_id: int | str, code: str, now: datetime | None = None
) -> RegistrationDone:
    """注册, step 2: a right code within its time and tries finishes the attempt as its route says.

    A wrong code counts as a try even though the call raises: the count is committed first."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            row = RegistrationCode.objects.select_for_update().filter(pk=code_id).first()
            if row is None:
                raise ValidationFailed.on("code", CODE_GONE)
            wrong = code_check(row=row, code=code.strip(), now=now)
            done = None if wrong else _finish(row, now)
    except IntegrityError:
        # Two attempts for one number finished at the same moment and the other made its account first
        # (one active account per number): this one ends like any other clash, neutrally.
        raise ValidationFailed(NEUTRAL_REFUSAL) from None
    if wrong:
        raise ValidationFailed.on("code", wrong)
    if done is None:
        raise ValidationFailed(NEUTRAL_REFUSAL)
    return done


def _finish(row: RegistrationCode, now: datetime) -> RegistrationDone | None:
    person = Person.objects.filter(id_number=row.id_number).first()
    route, registry_phone = _route(person, row.name)
    # The registry may have changed since the code went out: the code proves only what it was sent for.
    if route != row.route or registry_phone != (row.sent_to if route == CodeRoute.REGISTRY_PHONE else ""):
        route = CodeRoute.REFUSE
    number = row.id_number
    active = (
        CitizenProfile.objects.select_for_update()
        .filter(id_number=number, state=AccountState.ACTIVE)
        .select_related("user")
        .first()
    )
    area = person_area(person)
    password = row.password
    refusal = ""
    done: RegistrationDone | None = None
    if route == CodeRoute.REFUSE:
        refusal = "姓名与户籍登记不符" if person and person.death_date is None else "户籍登记信息不符"
    elif route == CodeRoute.OWN_PHONE:
        if (
            active is not None
            or CitizenProfile.objects.filter(id_number=number, state=AccountState.PENDING).exists()
        ):
            refusal = "该号码已有网上办事账号，户籍登记中无此人，无法在网上核实"
        else:
            profile = _account_new(row, name=row.name, area="", password=password)
            account_activate(profile=profile, verified_by=Verification.OWN_PHONE)
            done = RegistrationDone(Finished.ACTIVE, profile)
    elif route == CodeRoute.REGISTRY_PHONE:
        assert person is not None
        if active is None:
            profile = _account_new(row, name=person.name, area=area, password=password)
            account_activate(profile=profile, verified_by=Verification.REGISTRY_PHONE)
            pending_refuse_others(
                number=number, keep=profile, actor=None, note="本人已通过户籍登记的手机号码验证注册了账号"
            )
            done = RegistrationDone(Finished.ACTIVE, profile)
        elif active.verified_by in (Verification.REGISTRY_PHONE, Verification.STAFF) and name_key(
            active.name
        ) == name_key(person.name):
            active.user.password = password
            active.user.save(update_fields=["password"])
            username_take(user=active.user, number=number)
            done = RegistrationDone(Finished.RESET, active)
        else:
            profile = _account_new(row, name=person.name, area=area, password=password, replaces=active)
            done = RegistrationDone(Finished.PENDING, profile)
    else:  # CodeRoute.STAFF
        assert person is not None
        profile = _account_new(row, name=person.name, area=area, password=password, replaces=active)
        done = RegistrationDone(Finished.PENDING, profile)
    code_end(row=row, outcome=CodeOutcome.REFUSED if refusal else CodeOutcome.USED, now=now)
    if refusal:
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            entity=row,
            area_code=area,
            summary=f"网上办事注册未通过：{mask_id_number(number)}，{refusal}",
        )
        return None
    assert done is not None
    _audit_done(done)
    return done


def _account_new(
    row: RegistrationCode, *, name: str, area: str, password: str, replaces: CitizenProfile | None = None
) -> CitizenProfile:
    """A pending account with an inactive user named aside; account_activate() makes it the live one."""
    user = get_user_model()(
        username=f"pending.{secrets.token_hex(8)}",
        display_name=name,
        role=CITIZEN_ROLE,
        is_active=False,
        password=password,
    )
    user.save()
    username_aside(user=user, number=row.id_number)
    return CitizenProfile.objects.create(
        user=user,
        name=name,
        id_number=row.id_number,
        phone=row.sent_to,  # the phone the code proved: the registry's where it went there
        state=AccountState.PENDING,
        area_id=area or None,
        replaces=replaces,
    )


def _audit_done(done: RegistrationDone) -> None:
    profile = done.profile
    if done.kind == Finished.RESET:
        summary = f"群众通过户籍登记的手机号码验证，重设网上办事账号密码：{profile.name}"
        action = AuditAction.UPDATE
    elif done.kind == Finished.ACTIVE:
        summary = f"群众注册网上办事账号：{profile.name}（{profile.get_verified_by_display()}）"
        action = AuditAction.CREATE
    elif profile.replaces_id:
        summary = (
            f"群众申请找回网上办事账号：{profile.name}（该号码已有以其他姓名注册的账号），待乡镇(街道)核实"
        )
        action = AuditAction.CREATE
    else:
        summary = f"群众注册网上办事账号：{profile.name}（户籍登记无手机号码），待乡镇(街道)核实"
        action = AuditAction.CREATE
    audit_record(
        actor=profile.user, action=action, entity=profile, area_code=profile.area_id or "", summary=summary
    )
