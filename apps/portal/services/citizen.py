"""网上办事, the resident's side: applying online, adding documents, withdrawing (registering an account is
:mod:`.registration`).

Residents act only on their own rows (``citizen``), and only from an active account. Every write is audited
in its own transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from apps.areas.models import Area
from apps.assistance.choices import Program, TemporaryKind
from apps.assistance.services.attachments import Checked, attachments_check, files_written
from apps.core.clock import today
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.services import audit_record
from apps.portal.models import (
    AccountState,
    CitizenProfile,
    OnlineApplication,
    OnlineAttachment,
    OnlineState,
)
from policy.areas import AreaLevel
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.household import RELATION_LABELS, Relation
from policy.identity import InvalidIdNumber, id_number_parse
from policy.money import yuan
from policy.numbers import ONLINE
from policy.roles import CITIZEN_ROLE
from policy.workflow import Channel, required_documents

if TYPE_CHECKING:
    from apps.accounts.models import User

_PHONE = re.compile(r"^1\d{10}$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,20}$")
# Signed online, the 承诺 and the 授权 stand in for their paper forms, and the form itself is the 申请书.
SIGNED_ONLINE = frozenset({"application", "declaration", "authorization"})
OTHER_DOCUMENT = "other"


def uploadable_documents(program: str) -> list[tuple[str, str]]:
    """The documents a resident uploads for ``program`` online: the required ones not signed on the
    form, then 其他材料."""
    docs = [
        (d.code, d.label)
        for d in required_documents(program, channel=Channel.ONLINE)
        if d.code not in SIGNED_ONLINE
    ]
    return [*docs, (OTHER_DOCUMENT, "其他证明材料")]


def _require_citizen(user: User) -> CitizenProfile:
    if not user.is_authenticated or not user.is_active or user.role != CITIZEN_ROLE:
        raise PermissionDenied("网上办事仅供群众本人账号使用")
    profile = CitizenProfile.objects.filter(user=user).first()
    if profile is None:
        raise PermissionDenied("网上办事账号信息不完整，请重新注册")
    if profile.state != AccountState.ACTIVE:
        raise PermissionDenied("该网上办事账号尚未核实或已停用，请到乡镇(街道)社会救助窗口咨询")
    return profile


# ---------------------------------------------------------------- the resident's application


@dataclass(kw_only=True)
class MemberLine:
    name: str
    id_number: str
    relation: str


@dataclass(kw_only=True)
class OnlineInput:
    program: str
    area_code: str
    address: str
    phone: str
    reason: str
    applicant_relation: str = Relation.HEAD.value  # the resident's own relation to the 户主
    members: list[MemberLine] = field(default_factory=list)  # the others living with them
    temporary_kind: str = ""
    requested_amount: Decimal | None = None
    consent: bool = False
    uploads: dict[str, Sequence[UploadedFile]] = field(default_factory=dict)  # document code → files


def _members(
    profile: CitizenProfile, data: OnlineInput, errors: dict[str, list[str]]
) -> list[dict[str, str]]:
    relations = {r.value for r in Relation}
    if data.applicant_relation not in relations:
        errors["applicant_relation"] = ["请选择申请人与户主的关系"]
    rows = [{"name": profile.name, "id_number": profile.id_number, "relation": data.applicant_relation}]
    seen = {profile.id_number}
    for index, member in enumerate(data.members, start=1):
        label = f"第{index}位家庭成员"
        name = member.name.strip()
        if not name and not member.id_number.strip():
            continue  # an empty row of the form
        if not _NAME.match(name):
            errors.setdefault(f"members-{index}-name", []).append(f"{label}：请填写姓名（2至20个汉字）")
        try:
            number = id_number_parse(member.id_number, today=today()).value
        except InvalidIdNumber as exc:
            errors.setdefault(f"members-{index}-id_number", []).append(f"{label}：{exc.message}")
            number = ""
        if number and number in seen:
            errors.setdefault(f"members-{index}-id_number", []).append(f"{label}：身份证号重复")
        seen.add(number)
        if member.relation not in relations:
            errors.setdefault(f"members-{index}-relation", []).append(f"{label}：请选择与户主的关系")
        rows.append({"name": name, "id_number": number, "relation": member.relation})
    heads = [r for r in rows if r["relation"] == Relation.HEAD]
    if len(heads) > 1:
        errors.setdefault("applicant_relation", []).append("一户只能有一位户主")
    return rows


def _uploads(program: str, uploads: dict[str, Sequence[UploadedFile]]) -> list[tuple[str, str, Checked]]:
    labels = dict(uploadable_documents(program))
    checked: list[tuple[str, str, Checked]] = []
    errors: dict[str, list[str]] = {}
    for code, files in uploads.items():
        if not files:
            continue
        if code not in labels:
            errors[f"doc-{code}"] = ["材料类型无效"]
            continue
        try:
            checked.extend((code, labels[code], c) for c in attachments_check(files, field=f"doc-{code}"))
        except ValidationFailed as exc:
            for key, reasons in exc.errors.items():
                errors.setdefault(key, []).extend(f"{labels[code]}：{r}" for r in reasons)
    if errors:
        raise ValidationFailed(errors)
    return checked


def _store(online: OnlineApplication, checked: list[tuple[str, str, Checked]]) -> list[OnlineAttachment]:
    with files_written(folder=f"online/{online.pk}", files=[c for _, _, c in checked]) as written:
        return [
            OnlineAttachment.objects.create(
                online=online,
                document=code,
                label=label,
                original_name=(w.item.upload.name or f"材料.{w.item.ext}")[:200],
                stored_name=w.stored_name,
                content_type=w.item.content_type,
                size=w.size,
            )
            for (code, label, _), w in zip(checked, written, strict=True)
        ]


@transaction.atomic
def online_submit(*, citizen: User, data: OnlineInput, on: date | None = None) -> OnlineApplication:
    """网上申请: everything checked at once; on any error nothing is kept, files included."""
    profile = _require_citizen(citizen)
    on = on or today()
    errors: dict[str, list[str]] = {}
    if data.program not in Program.values:
        errors["program"] = ["请选择救助项目"]
    area = Area.objects.filter(pk=data.area_code).first()
    if area is None or area.level != AreaLevel.VILLAGE:
        errors["area"] = ["请选择户籍所在的村(社区)"]
    address = data.address.strip()
    if len(address) < 4:
        errors["address"] = ["请填写详细的家庭住址"]
    phone = data.phone.strip()
    if not _PHONE.match(phone):
        errors["phone"] = ["请填写11位手机号码"]
    reason = data.reason.strip()
    if len(reason) < 5:
        errors["reason"] = ["请说明家庭困难情况和申请理由（至少5个字）"]
    amount = None
    if data.program == Program.TEMPORARY:
        if data.temporary_kind not in TemporaryKind.values:
            errors["temporary_kind"] = ["请选择临时救助类型（急难型或支出型）"]
        if data.requested_amount is None or data.requested_amount <= 0:
            errors["requested_amount"] = ["请填写申请救助金额（大于0）"]
        else:
            amount = yuan(data.requested_amount)
    members = _members(profile, data, errors)
    if not data.consent:
        errors["consent"] = ["请阅读并同意家庭经济状况声明及核对授权"]
    try:
        checked = _uploads(data.program, data.uploads) if "program" not in errors else []
    except ValidationFailed as exc:
        errors.update(exc.errors)
        checked = []
    if errors:
        raise ValidationFailed(errors)
    assert area is not None
    waiting = OnlineApplication.objects.filter(
        citizen=citizen, program=data.program, state=OnlineState.SUBMITTED
    ).first()
    if waiting is not None:
        raise Conflict(
            f"您已有一件待受理的{waiting.get_program_display()}网上申请（网上申请编号{waiting.number}）"
        )
    online = OnlineApplication.objects.create(
        number=number_for(kind_code=ONLINE, area_code=area.pk, on=on),
        reference=uuid.uuid4().hex[:20],  # replaced by the numbered reference below
        citizen=citizen,
        program=data.program,
        area=area,
        address=address,
        phone=phone,
        reason=reason,
        temporary_kind=data.temporary_kind if data.program == Program.TEMPORARY else "",
        requested_amount=amount,
        members=members,
        submitted_on=on,
    )
    online.reference = f"WS{on:%Y%m%d}{online.pk:06d}"
    online.save(update_fields=["reference"])
    _store(online, checked)
    audit_record(
        actor=citizen,
        action=AuditAction.CREATE,
        entity=online,
        area_code=area.pk,
        summary=f"网上申请{online.number}：{online.get_program_display()}，申请人 {profile.name}",
    )
    return online


# The version guard of an online application: the resident's writes here, and the staff's (.staff).
def _locked(online: OnlineApplication, expected_version: int | None) -> OnlineApplication:
    return locked_at_version(
        OnlineApplication.objects.all(),
        pk=online.pk,
        version=online.version if expected_version is None else expected_version,
        conflict="该网上申请已被他人处理，请刷新页面后再办理",
    )


@transaction.atomic
def online_withdraw(*, citizen: User, online: OnlineApplication) -> OnlineApplication:
    """撤回: only while nobody has taken it up; after that the township handles a withdrawal."""
    _require_citizen(citizen)
    if online.citizen_id != citizen.pk:
        raise NotFound()
    row = _locked(online, None)
    if row.state != OnlineState.SUBMITTED:
        raise Conflict("该申请已由乡镇(街道)办理，如需撤回请联系经办人员")
    row.state = OnlineState.WITHDRAWN
    row.version += 1
    row.save(update_fields=["state", "version"])
    audit_record(
        actor=citizen,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id,
        summary="群众撤回网上申请",
    )
    return row


@transaction.atomic
def online_documents_add(
    *, citizen: User, online: OnlineApplication, document: str, files: Sequence[UploadedFile]
) -> list[OnlineAttachment]:
    """补充材料: while the application is open, e.g. after a 一次性告知."""
    _require_citizen(citizen)
    if online.citizen_id != citizen.pk:
        raise NotFound()
    row = _locked(online, None)
    final_app = row.application is not None and row.application.is_final
    if row.state in (OnlineState.RETURNED, OnlineState.WITHDRAWN) or final_app:
        raise Conflict("该申请已办结，不能再补充材料")
    if not files:
        raise ValidationFailed.on(f"doc-{document}", "请选择要上传的文件")
    stored = _store(row, _uploads(row.program, {document: files}))
    row.version += 1
    row.save(update_fields=["version"])
    audit_record(
        actor=citizen,
        action=AuditAction.UPDATE,
        entity=row,
        area_code=row.area_id,
        summary=f"群众补充材料：{stored[0].label}（{len(stored)}个文件）",
    )
    return stored


def attachment_removable(online: OnlineApplication) -> bool:
    """A resident removes a file only while nobody has taken the application up (待受理): once the
    village or township forwards, returns or it is withdrawn, the file is part of what was checked."""
    return online.state == OnlineState.SUBMITTED


@transaction.atomic
def online_attachment_remove(*, citizen: User, attachment: OnlineAttachment) -> OnlineAttachment:
    """删除 a file uploaded by mistake: marked removed (who, when), its row and stored file kept for the
    audit, and left out of every list from then on."""
    _require_citizen(citizen)
    online = attachment.online
    if online.citizen_id != citizen.pk:
        raise NotFound()
    # Locked as it is now (not at the version the page saw): staff taking it up meanwhile is caught below.
    row = OnlineApplication.objects.select_for_update().get(pk=online.pk)
    file = OnlineAttachment.objects.select_for_update().filter(pk=attachment.pk, online=row).first()
    if file is None or file.removed_at is not None:
        raise NotFound()
    if not attachment_removable(row):
        raise Conflict("该申请已由工作人员办理，材料不能再删除；如材料有误，请联系经办人员")
    file.removed_at = timezone.now()
    file.removed_by = citizen
    file.save(update_fields=["removed_at", "removed_by"])
    row.version += 1
    row.save(update_fields=["version"])
    audit_record(
        actor=citizen,
        action=AuditAction.DELETE,
        entity=row,
        area_code=row.area_id,
        before={
            "材料编号": file.pk,
            "材料": file.label,
            "文件名": file.original_name,
            "文件": file.stored_name,
        },
        summary=f"群众删除已上传材料：{file.label}（{file.original_name}）",
    )
    return file


def relation_choices() -> list[tuple[str, str]]:
    return [(r.value, RELATION_LABELS[r]) for r in Relation]
