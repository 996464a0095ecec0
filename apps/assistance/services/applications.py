"""Applications from 申请 to 入户调查: create, 受理 with one 一次性告知, 补正, 核对, 入户调查, and
withdrawal. 公示 and its objections are in :mod:`.publicity`; the decision (审核确认, 先行救助) is in
:mod:`.decisions`.

Every function takes the application as the actor loaded it; ``expected_version`` (from the page's form)
defaults to that object's version, so acting on a stale page is refused with "已被他人处理".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from apps.assistance.choices import ONE_TIME_PROGRAMS, NoticeKind, Program, TemporaryKind
from apps.assistance.models import FINAL_STATES, Application, ApplicationEvent, Case
from apps.assistance.services.assessment import assessment_run
from apps.assistance.services.attachments import attachments_check, attachments_store
from apps.assistance.services.notices import notice_issue
from apps.assistance.services.steps import due_on_for, step_apply
from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.numbers import number_for
from apps.core.scoping import code_in_scope, require
from apps.core.services import audit_record, snapshot
from apps.registry.choices import HouseholdStatus
from apps.registry.selectors import household_members
from policy.cases import CaseStatus
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.money import yuan
from policy.numbers import application_code
from policy.roles import Capability
from policy.workflow import (
    MIN_INVESTIGATORS,
    AppState,
    Channel,
    missing_documents,
    required_documents,
)

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.registry.models import Household


@dataclass(kw_only=True)
class ApplicationInput:
    program: str
    channel: str
    applicant_id: int
    reason: str
    documents: frozenset[str] = field(default_factory=frozenset)  # handed in with the application
    temporary_kind: str = ""
    requested_amount: Decimal | None = None


def _text(value: str, field_name: str, what: str, errors: dict[str, list[str]], minimum: int = 2) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        errors.setdefault(field_name, []).append(f"请填写{what}")
    return text


def _known_documents(program: str, channel: str, codes: frozenset[str]) -> list[str]:
    wanted = [d.code for d in required_documents(program, channel=channel)]
    return [c for c in wanted if c in codes]


@transaction.atomic
def application_create(
    *, actor: User, household: Household, data: ApplicationInput, on: date | None = None
) -> Application:
    """申请: a household applies for a programme, in person, through the village, or online."""
    require(actor, Capability.APPLY)
    if not code_in_scope(actor, household.area_id):
        raise NotFound()
    on = on or today()
    errors: dict[str, list[str]] = {}
    if data.program not in Program.values:
        errors["program"] = ["请选择救助项目"]
    if data.channel not in Channel.__members__.values():
        errors["channel"] = ["请选择申请方式"]
    members = {m.person_id: m.person for m in household_members(household=household)}
    applicant = members.get(data.applicant_id)
    if applicant is None:
        errors["applicant"] = ["申请人应为该家庭的现有成员"]
    reason = _text(data.reason, "reason", "申请理由", errors)
    amount = None
    if data.program == Program.TEMPORARY:
        if data.temporary_kind not in TemporaryKind.values:
            errors["temporary_kind"] = ["请选择临时救助类型（急难型或支出型）"]
        if data.requested_amount is None or data.requested_amount <= 0:
            errors["requested_amount"] = ["请填写申请救助金额（大于0）"]
        else:
            amount = yuan(data.requested_amount)
    if household.status != HouseholdStatus.ACTIVE:
        errors[""] = ["该家庭已注销，不能提出申请"]
    if errors:
        raise ValidationFailed(errors)
    assert applicant is not None
    open_one = (
        Application.objects.filter(household=household, program=data.program)
        .exclude(state__in=FINAL_STATES)
        .first()
    )
    if open_one is not None:
        raise Conflict(
            f"该家庭已有一件在办的{open_one.get_program_display()}申请（受理编号{open_one.number}，{open_one.state_label}）"
        )
    if (
        data.program not in ONE_TIME_PROGRAMS
        and Case.objects.filter(household=household, program=data.program)
        .exclude(status=CaseStatus.EXITED)
        .exists()
    ):
        raise Conflict("该家庭已是该项目的在保对象；情况变化请在在保对象页面办理调整")
    application = Application(
        number=number_for(kind_code=application_code(data.program), area_code=household.area_id, on=on),
        program=data.program,
        household=household,
        applicant=applicant,
        area=household.area,
        is_urban=household.is_urban,
        channel=data.channel,
        reason=reason,
        state=AppState.SUBMITTED,
        state_since=on,
        submitted_on=on,
        temporary_kind=data.temporary_kind if data.program == Program.TEMPORARY else "",
        requested_amount=amount,
        documents_received=_known_documents(data.program, data.channel, data.documents),
        created_by=actor,
    )
    application.due_on = due_on_for(application, entered=on)
    application.save()
    ApplicationEvent.objects.create(
        application=application,
        step="create",
        to_state=application.state,
        actor=actor,
        actor_name=str(actor),
        on=on,
        note=f"{Channel(data.channel).label}；申请人 {applicant.name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        entity=application,
        area_code=application.area_id,
        household_id=household.pk,
        summary=(
            f"{application.get_program_display()}申请{application.number}：{Channel(data.channel).label}，"
            f"申请人 {applicant.name}"
        ),
        after=snapshot(application, ["program", "channel", "applicant_id", "reason", "requested_amount"]),
    )
    return application


def application_intake(
    *,
    actor: User,
    application: Application,
    received: frozenset[str],
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """受理: with every required document in hand, accept and issue the 受理通知书; otherwise issue one
    一次性告知书 listing every missing document at once, and wait for 补正."""
    on = on or today()
    have = frozenset(application.documents_received) | received
    missing = missing_documents(application.program, channel=application.channel, received=have)
    docs = _known_documents(application.program, application.channel, have)
    if missing and application.state == AppState.PREPAID:
        raise ValidationFailed.on(
            "documents", "先行救助后须补齐全部材料方可受理，尚缺：" + "、".join(d.label for d in missing)
        )

    if missing:

        def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
            labels = [d.label for d in missing]
            return {"documents_received": docs}, "一次性告知需补正：" + "、".join(labels), {"missing": labels}

        def then(app: Application) -> None:
            notice_issue(
                application=app,
                kind=NoticeKind.DOCUMENTS,
                actor=actor,
                on=on,
                facts={"missing": [d.label for d in missing]},
            )

        step = "request_documents"
    else:

        def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
            return {"documents_received": docs, "accepted_on": on}, "材料齐全，予以受理", {}

        def then(app: Application) -> None:
            notice_issue(
                application=app,
                kind=NoticeKind.ACCEPTANCE,
                actor=actor,
                on=on,
                facts={"accepted_on": on.isoformat()},
            )

        step = "accept"
    return step_apply(
        actor=actor,
        application=application,
        step=step,
        on=on,
        prepare=prepare,
        then=then,
        expected_version=expected_version,
    )


def application_resubmit(
    *,
    actor: User,
    application: Application,
    received: frozenset[str],
    note: str = "",
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """补正: the village hands in the documents the 一次性告知 asked for; the township then accepts."""
    have = frozenset(application.documents_received) | received
    docs = _known_documents(application.program, application.channel, have)
    added = [
        d.label
        for d in required_documents(application.program, channel=application.channel)
        if d.code in received
    ]
    return step_apply(
        actor=actor,
        application=application,
        step="resubmit",
        on=on or today(),
        prepare=lambda app: (
            {"documents_received": docs},
            ("补交：" + "、".join(added) if added else "重新提交")
            + (f"；{note.strip()}" if note.strip() else ""),
            {"added": added},
        ),
        expected_version=expected_version,
    )


def application_verify(
    *, actor: User, application: Application, expected_version: int | None = None, on: date | None = None
) -> Application:
    """家庭经济状况核对 against the registry now; the result and its trace are kept on the application."""
    on = on or today()

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        stored, eligible, amount, covered = assessment_run(application=app, on=on)
        if app.program == Program.TEMPORARY:
            # 急难型 needs no income test, and a grant is the amount asked for (checked against the caps
            # when it is decided), not a monthly gap.
            eligible = eligible or app.temporary_kind == TemporaryKind.EMERGENCY
            amount = app.requested_amount or Decimal("0")
        verdict = "符合条件" if eligible else "不符合条件"
        note = f"核对结论：{verdict}" + (f"，核算金额 {amount} 元" if eligible else "")
        changes = {
            "assessment": stored,
            "assessed_on": on,
            "eligible": eligible,
            "proposed_amount": amount if eligible else Decimal("0"),
            "covered_ids": covered if eligible else [],
        }
        return changes, note, {"per_capita_income": stored["per_capita_income"]}

    return step_apply(
        actor=actor,
        application=application,
        step="verify",
        on=on,
        prepare=prepare,
        expected_version=expected_version,
    )


def application_survey(
    *,
    actor: User,
    application: Application,
    findings: str,
    investigators: Sequence[str],
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """入户调查: what the visit found, signed by at least two investigators, with photos or scans."""
    on = on or today()
    errors: dict[str, list[str]] = {}
    text = _text(findings, "findings", "入户调查情况", errors, minimum=5)
    names = list(dict.fromkeys(n.strip() for n in investigators if n and n.strip()))
    if len(names) < MIN_INVESTIGATORS:
        errors["investigators"] = [f"调查人员不得少于{MIN_INVESTIGATORS}人，请填写每位调查人员的姓名"]
    try:
        checked = attachments_check(files)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        checked = []
    if errors:
        raise ValidationFailed(errors)
    return step_apply(
        actor=actor,
        application=application,
        step="survey",
        on=on,
        prepare=lambda app: (
            {"survey_findings": text, "investigators": names, "surveyed_on": on},
            f"调查人员：{'、'.join(names)}" + (f"；附件{len(checked)}个" if checked else ""),
            {},
        ),
        then=lambda app: _store(actor, app, checked),
        expected_version=expected_version,
    )


def _store(actor: User, application: Application, checked: list[Any]) -> None:
    if checked:
        attachments_store(actor=actor, application=application, files=checked)


def application_withdraw(
    *,
    actor: User,
    application: Application,
    reason: str,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """撤回: the applicant withdraws; the reason is kept."""
    errors: dict[str, list[str]] = {}
    text = _text(reason, "reason", "撤回原因", errors)
    if errors:
        raise ValidationFailed(errors)
    return step_apply(
        actor=actor,
        application=application,
        step="withdraw",
        on=on or today(),
        prepare=lambda app: ({}, f"撤回原因：{text}", {}),
        expected_version=expected_version,
    )
