"""网上办事 reads: a resident's own applications and their progress; the staff's scoped list of online
applications and the registry households that match one.

What a resident sees of the workflow is deliberately narrow: each step's name and date, the notices
addressed to them, what is still missing, and the decision. Caseworkers' notes and names stay inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from apps.assistance.models import Application, Case, Notice
from apps.core.clock import today
from apps.core.inbox import InboxGroup, inbox_group
from apps.core.scoping import area_q, get_scoped, require
from apps.portal.models import (
    AccountState,
    CitizenProfile,
    OnlineApplication,
    OnlineAttachment,
    OnlineState,
)
from apps.registry.models import Household, Membership, Person
from apps.registry.selectors import person_scope_q
from policy.errors import NotFound
from policy.roles import CITIZEN_ROLE, Capability
from policy.workflow import AppState, missing_documents

if TYPE_CHECKING:
    from apps.accounts.models import User


# ---------------------------------------------------------------- the resident


def citizen_applications(*, citizen: User) -> QuerySet[OnlineApplication]:
    if citizen.role != CITIZEN_ROLE:
        return OnlineApplication.objects.none()
    return OnlineApplication.objects.filter(citizen=citizen).select_related("area", "application")


def citizen_application_get(*, citizen: User, reference: str) -> OnlineApplication:
    """One of the resident's own applications; anyone else's answers like a missing one."""
    row = citizen_applications(citizen=citizen).filter(reference=reference).first()
    if row is None:
        raise NotFound()
    return row


def online_attachments(*, online: OnlineApplication) -> list[OnlineAttachment]:
    """The files of one application that the resident has not removed: what the resident and staff see."""
    return list(online.attachments.filter(removed_at__isnull=True))


def citizen_attachment_get(*, citizen: User, reference: str, attachment_id: int | str) -> OnlineAttachment:
    """One file of the resident's own application; another's, or a removed one, answers like a missing one."""
    online = citizen_application_get(citizen=citizen, reference=reference)
    row = online.attachments.filter(pk=attachment_id, removed_at__isnull=True).first()
    if row is None:
        raise NotFound()
    return row


def citizen_notice_get(*, citizen: User, reference: str, notice_id: int | str) -> Notice:
    online = citizen_application_get(citizen=citizen, reference=reference)
    notice = Notice.objects.filter(pk=notice_id, application_id=online.application_id).first()
    if notice is None or online.application_id is None:
        raise NotFound()
    return notice


@dataclass
class ProgressStep:
    label: str
    on: date
    note: str = ""


@dataclass
class Progress:
    """What the resident sees: where the application is, what happened when, and what is asked of them."""

    status: str
    hint: str
    steps: list[ProgressStep] = field(default_factory=list)
    due_on: date | None = None
    missing: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    publicity: tuple[date, date] | None = None
    decision_amount: Decimal | None = None
    start_month: date | None = None
    refusal_reasons: str = ""
    case: Case | None = None
    case_events: list[Any] = field(default_factory=list)


_HINTS = {
    AppState.SUBMITTED: "乡镇(街道)正在审查材料，材料不齐的会一次性告知需补充的全部材料。",
    AppState.PENDING_DOCS: "请按一次性告知书补充材料：可在本页上传，或交村(社区)代办员。",
    AppState.PREPAID: "已先行救助，正在补齐手续。",
    AppState.ACCEPTED: "已受理，正在核对家庭经济状况。",
    AppState.VERIFIED: "正在入户调查，工作人员会与您联系，请保持电话畅通。",
    AppState.SURVEYED: "调查完毕，正在提出初审意见。",
    AppState.PUBLICISING: "正在村(社区)公示。",
    AppState.DECIDING: "正在审核确认。",
    AppState.OBJECTED: "公示期间有异议，正在复查。",
    AppState.APPROVED: "已审核确认，按月发放。",
    AppState.REFUSED: "不予确认，理由见不予确认通知书。对决定不服的，可以依法申请行政复议或提起行政诉讼。",
    AppState.WITHDRAWN: "申请已撤回。",
}


def citizen_progress(*, online: OnlineApplication) -> Progress:
    steps = [ProgressStep("提交网上申请", online.submitted_on, online.number)]
    if online.state == OnlineState.SUBMITTED:
        return Progress(status="待受理", hint="已提交，等待乡镇(街道)或村(社区)审查。", steps=steps)
    if online.state == OnlineState.RETURNED:
        steps.append(ProgressStep("退回", online.handled_on or online.submitted_on, online.return_reason))
        return Progress(status="已退回", hint=f"退回理由：{online.return_reason}", steps=steps)
    if online.state == OnlineState.WITHDRAWN or online.application is None:
        return Progress(status="已撤回", hint="您已撤回该申请。", steps=steps)
    app: Application = online.application
    for event in app.events.all():
        if event.step == "create":
            steps.append(ProgressStep("转入乡镇(街道)办理", event.on, f"受理编号{app.number}"))
        else:
            steps.append(ProgressStep(event.get_step_display(), event.on))
    state = AppState(app.state)
    progress = Progress(
        status=state.label,
        hint=_HINTS.get(state, ""),
        steps=steps,
        due_on=None if state.final else app.due_on,
        notices=list(app.notices.all()),
    )
    if state == AppState.PENDING_DOCS:
        have = frozenset(app.documents_received)
        progress.missing = [
            d.label for d in missing_documents(app.program, channel=app.channel, received=have)
        ]
    if app.publicity_start and app.publicity_end:
        progress.publicity = (app.publicity_start, app.publicity_end)
    if state == AppState.APPROVED:
        progress.decision_amount = app.decision_amount
        progress.start_month = app.start_month
        case = Case.objects.filter(application=app).first()
        if case is not None:
            progress.case = case
            progress.case_events = list(case.events.exclude(change="enrol"))
    if state == AppState.REFUSED:
        progress.refusal_reasons = app.refusal_reasons
    return progress


# ---------------------------------------------------------------- staff


def online_list_for(*, actor: User, state: str = "") -> QuerySet[OnlineApplication]:
    require(actor, Capability.VIEW_REGISTRY)
    qs = OnlineApplication.objects.filter(area_q(actor, "area")).select_related(
        "area", "area__parent", "citizen__citizen"
    )
    if state in OnlineState.values:
        qs = qs.filter(state=state)
    return qs.order_by("state", "submitted_at", "id")


def online_get_for(*, actor: User, online_id: int | str) -> OnlineApplication:
    require(actor, Capability.VIEW_REGISTRY)
    return get_scoped(
        OnlineApplication.objects.select_related("area", "application", "citizen__citizen"),
        actor=actor,
        field="area",
        pk=online_id,
    )


def online_attachment_get_for(*, actor: User, attachment_id: int | str) -> OnlineAttachment:
    require(actor, Capability.VIEW_REGISTRY)
    return get_scoped(
        OnlineAttachment.objects.filter(removed_at__isnull=True),
        actor=actor,
        field="online__area",
        pk=attachment_id,
    )


@dataclass
class HouseholdMatch:
    household: Household
    matched: list[str]  # names of the listed members found in it
    has_applicant: bool


def online_matches_for(*, actor: User, online: OnlineApplication) -> list[HouseholdMatch]:
    """Households in the actor's area where any member the resident listed lives now, by ID number."""
    numbers = [m["id_number"] for m in online.members if m.get("id_number")]
    rows = (
        Membership.objects.filter(end_date__isnull=True, person__id_number__in=numbers)
        .filter(area_q(actor, "household__area"))
        .select_related("household", "household__area", "person")
    )
    found: dict[int, HouseholdMatch] = {}
    applicant = numbers[0] if numbers else ""
    for membership in rows:
        match = found.setdefault(
            membership.household_id, HouseholdMatch(membership.household, [], has_applicant=False)
        )
        match.matched.append(membership.person.name)
        match.has_applicant = match.has_applicant or membership.person.id_number == applicant
    return sorted(found.values(), key=lambda m: (not m.has_applicant, m.household.pk))


def online_waiting_count(*, actor: User) -> int:
    """For the inbox: online applications in the actor's area that nobody has taken up yet."""
    if not actor.can(Capability.APPLY):
        return 0
    return OnlineApplication.objects.filter(area_q(actor, "area"), state=OnlineState.SUBMITTED).count()


def online_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """网上申请's 待办: the online applications in the actor's area that nobody has taken up yet, for the
    roles that forward them (the village or the township). They have no time limit of their own yet."""
    if not (actor.can(Capability.VIEW_REGISTRY) and actor.can(Capability.APPLY)):
        return []
    waiting = OnlineApplication.objects.filter(area_q(actor, "area"), state=OnlineState.SUBMITTED)
    return [
        inbox_group(
            key="online",
            label="网上申请待处理",
            hint="核对身份和户籍后转入办理，或写明理由退回",
            rows=waiting.select_related("area").order_by("submitted_at", "id"),
            on=on or today(),
            kind="online",
            due_field=None,
        )
    ]


# ---------------------------------------------------------------- accounts (网上办事账号核实)


def citizen_login_refusal(*, id_number: str, password: str) -> str:
    """Why an account of ``id_number`` that is not active cannot sign in, told only to whoever knows its
    password ("" when none matches): pending, refused with the staff's reason, or stopped."""
    rows = CitizenProfile.objects.filter(id_number=id_number).exclude(state=AccountState.ACTIVE)
    for profile in rows.select_related("user").order_by("-registered_at", "-id")[:5]:
        if not profile.user.check_password(password):
            continue
        if profile.state == AccountState.PENDING:
            return (
                "您的网上办事账号正在等待乡镇(街道)核实，核实通过后即可登录。"
                "可携带居民身份证到乡镇(街道)社会救助窗口办理。"
            )
        if profile.state == AccountState.REFUSED:
            return (
                f"您的网上办事账号未通过核实：{profile.handled_note}。"
                "如有疑问，请携带居民身份证到乡镇(街道)社会救助窗口咨询。"
            )
        return "该账号已停用，请到乡镇(街道)社会救助窗口咨询。"
    return ""


def account_list_for(*, actor: User, state: str = AccountState.PENDING) -> QuerySet[CitizenProfile]:
    """网上办事账号核实: accounts the actor's area answers for (pending first)."""
    require(actor, Capability.VIEW_REGISTRY)
    qs = CitizenProfile.objects.filter(area_q(actor, "area")).select_related(
        "area", "area__parent", "replaces"
    )
    if state in AccountState.values:
        qs = qs.filter(state=state)
    return qs.order_by("registered_at", "id")


def account_pending_count(*, actor: User) -> int:
    if not actor.can(Capability.VIEW_REGISTRY):
        return 0
    return CitizenProfile.objects.filter(area_q(actor, "area"), state=AccountState.PENDING).count()


def account_inbox_for(*, actor: User, on: date | None = None) -> list[InboxGroup]:
    """网上办事账号核实's 待办: accounts of the actor's area waiting for staff, for the roles that confirm
    them (``Capability.APPLY``: the village or the township). They have no time limit of their own."""
    if not (actor.can(Capability.VIEW_REGISTRY) and actor.can(Capability.APPLY)):
        return []
    waiting = CitizenProfile.objects.filter(area_q(actor, "area"), state=AccountState.PENDING)
    return [
        inbox_group(
            key="accounts",
            label="网上办事账号待核实",
            hint="核对身份后确认账号，或写明理由不予确认",
            rows=waiting.select_related("area").order_by("registered_at", "id"),
            on=on or today(),
            kind="account",
            due_field=None,
        )
    ]


def account_get_for(*, actor: User, account_id: int | str) -> CitizenProfile:
    require(actor, Capability.VIEW_REGISTRY)
    return get_scoped(
        CitizenProfile.objects.select_related("area", "user", "replaces", "replaces__user", "handled_by"),
        actor=actor,
        field="area",
        pk=account_id,
    )


@dataclass
class AccountCheck:
    """What the staff weigh before confirming an account: the registry's person (in their scope), and the
    account it would replace with that account's online applications."""

    person: Person | None
    replaced: CitizenProfile | None
    replaced_online: list[OnlineApplication]
    active_other: CitizenProfile | None  # an active account of the number that a confirm would stop


def account_check_for(*, actor: User, profile: CitizenProfile) -> AccountCheck:
    person = Person.objects.filter(person_scope_q(actor), id_number=profile.id_number).first()
    active = (
        CitizenProfile.objects.filter(id_number=profile.id_number, state=AccountState.ACTIVE)
        .exclude(pk=profile.pk)
        .select_related("user")
        .first()
    )
    replaced = profile.replaces
    online: list[OnlineApplication] = []
    if replaced is not None:
        online = list(
            OnlineApplication.objects.filter(area_q(actor, "area"), citizen_id=replaced.user_id)
            .select_related("area")
            .order_by("-submitted_at")
        )
    return AccountCheck(person=person, replaced=replaced, replaced_online=online, active_other=active)
