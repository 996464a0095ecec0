"""审核确认 and 先行救助: who may decide (county, or township where delegated or within its 临时救助 limit),
approval with the amount and start month (creating the case), and refusal with written reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from apps.assistance.choices import ONE_TIME_PROGRAMS, NoticeKind, Program
from apps.assistance.models import Application
from apps.assistance.services.basis import case_basis_record
from apps.assistance.services.cases import case_enrol
from apps.assistance.services.notices import notice_issue
from apps.assistance.services.steps import step_apply
from apps.core.clock import today
from apps.standards.selectors import standards_for
from policy.areas import area_code_level
from policy.errors import PermissionDenied, ValidationFailed
from policy.money import yuan
from policy.programs.temporary import TemporaryKind, temporary_request_check
from policy.workflow import AppState, Authority, decision_authority, may_decide, start_month_after

if TYPE_CHECKING:
    from apps.accounts.models import User


def authority_for(
    *, application: Application, on: date, amount: Decimal | None = None, granting: bool = True
) -> tuple[Authority, str]:
    """Who decides ``application`` (for 临时救助, at ``amount``), and why, in words for the page.

    Granting a 临时救助 amount above the cap is refused outright; refusing one is the county's to do.
    """
    standards = standards_for(area_code=application.area_id, urban=application.is_urban, on=on)
    if application.program == Program.TEMPORARY:
        requested = amount if amount is not None else application.requested_amount or Decimal("0")
        # The caps are multiples of the *urban* 低保标准 (temporary.cap_months' label says so).
        urban = standards_for(area_code=application.area_id, urban=True, on=on)
        check = temporary_request_check(
            standards=urban,
            kind=TemporaryKind(application.temporary_kind or "emergency"),
            requested=requested,
        )
        verdict = next(step.detail for step in check.trace if step.rule == "申请金额")
        if granting and not check.within_cap:
            raise ValidationFailed.on("amount", verdict)
        authority = decision_authority(
            program=application.program, approval_level="", temporary_approver=check.approver
        )
        return authority, verdict
    authority = decision_authority(
        program=application.program, approval_level=standards.text("approval.level")
    )
    return authority, f"审核确认机关：{authority.label}（{standards.source('approval.level') or '默认值'}）"


def authority_check(
    *, actor: User, application: Application, on: date, amount: Decimal | None = None, granting: bool = True
) -> None:
    """PermissionDenied, saying who decides, unless the actor's office may decide this."""
    authority, why = authority_for(application=application, on=on, amount=amount, granting=granting)
    if not may_decide(actor_level=area_code_level(actor.area_id), authority=authority):
        raise PermissionDenied(f"该事项由{authority.label}决定：{why}")


def application_prepay(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    note: str = "",
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """先行救助: an emergency 临时救助 is paid at once; the papers are completed within the time limit."""
    on = on or today()
    if application.program != Program.TEMPORARY or application.temporary_kind != TemporaryKind.EMERGENCY:
        raise ValidationFailed.on("amount", "只有急难型临时救助可以先行救助")
    if amount is None or amount <= 0:
        raise ValidationFailed.on("amount", "请填写先行救助金额（大于0）")
    paid = yuan(amount)

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        authority_check(actor=actor, application=app, on=on, amount=paid)
        return (
            {"prepaid_amount": paid, "prepaid_on": on},
            f"先行救助 {paid} 元" + (f"；{note.strip()}" if note.strip() else ""),
            {"amount": str(paid)},
        )

    return step_apply(
        actor=actor,
        application=application,
        step="prepay",
        on=on,
        prepare=prepare,
        expected_version=expected_version,
    )


def application_approve(
    *,
    actor: User,
    application: Application,
    amount: Decimal,
    note: str = "",
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """审核确认（同意）after the 公示 has run its course (or, for a 特困 application of minors, without
    one): the amount is fixed, payment starts the month after the decision, and a case (在保对象) is
    created. Departing from the assessment needs a written note."""
    on = on or today()
    if amount is None or amount <= 0:
        raise ValidationFailed.on("amount", "请填写确认的保障金额（大于0）")
    decided = yuan(amount)
    one_time = application.program in ONE_TIME_PROGRAMS

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        publicised = app.state == AppState.PUBLICISING
        if publicised and (app.publicity_end is None or on <= app.publicity_end):
            end = f"{app.publicity_end:%Y-%m-%d}" if app.publicity_end else "—"
            raise ValidationFailed.on("", f"公示期至 {end}，公示期满后方可审核确认")
        authority_check(actor=actor, application=app, on=on, amount=decided if one_time else None)
        departs = app.eligible is False or (
            app.proposed_amount is not None and decided != app.proposed_amount
        )
        if departs and len(note.strip()) < 4:
            raise ValidationFailed.on(
                "note", f"确认金额或结论与核对结果（{app.proposed_amount or 0} 元）不一致，请写明理由"
            )
        changes: dict[str, Any] = {"decided_on": on, "decided_by": actor, "decision_amount": decided}
        if not one_time:
            changes["start_month"] = start_month_after(on)
        text = f"确认同意，金额 {decided} 元" + (
            "（一次性）" if one_time else f"/月，自{changes['start_month']:%Y年%m月}起"
        )
        return changes, text + (f"；{note.strip()}" if note.strip() else ""), {"amount": str(decided)}

    def then(app: Application) -> None:
        covered = 0
        if not one_time:
            case = case_enrol(actor=actor, application=app, on=on)
            case_basis_record(case=case, on=app.assessed_on or on)  # 调标 re-assesses from this basis
            covered = case.covered.count()
        notice_issue(
            application=app,
            kind=NoticeKind.APPROVAL,
            actor=actor,
            on=on,
            facts={
                "amount": str(decided),
                "one_time": one_time,
                "covered_count": covered,
                "start_month": app.start_month.isoformat() if app.start_month else None,
            },
        )

    return step_apply(
        actor=actor,
        application=application,
        step="approve",
        on=on,
        prepare=prepare,
        then=then,
        expected_version=expected_version,
    )


def application_refuse(
    *,
    actor: User,
    application: Application,
    reasons: str,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """不予确认, with written reasons; the 不予确认通知书 states them and the applicant's remedies."""
    on = on or today()
    text = (reasons or "").strip()
    if len(text) < 5:
        raise ValidationFailed.on("reasons", "不予确认须书面说明理由（至少5个字）")

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        authority_check(actor=actor, application=app, on=on, granting=False)
        return {"refusal_reasons": text, "decided_on": on, "decided_by": actor}, f"不予确认：{text}", {}

    def then(app: Application) -> None:
        notice_issue(application=app, kind=NoticeKind.REFUSAL, actor=actor, on=on, facts={"reasons": text})

    return step_apply(
        actor=actor,
        application=application,
        step="refuse",
        on=on,
        prepare=prepare,
        then=then,
        expected_version=expected_version,
    )
