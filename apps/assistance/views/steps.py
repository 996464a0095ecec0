"""One view per workflow step. Each checks the role first (403), finds the application inside the actor's
area (404 otherwise), and hands the form to one service through :func:`.common.run_step`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from apps.assistance.forms import (
    DecideForm,
    IntakeForm,
    ObjectionForm,
    PrepayForm,
    PubliciseForm,
    RecheckForm,
    ResubmitForm,
    SurveyForm,
    VersionForm,
    WithdrawForm,
)
from apps.assistance.selectors import application_get_for
from apps.assistance.services.applications import (
    application_intake,
    application_resubmit,
    application_survey,
    application_verify,
    application_withdraw,
)
from apps.assistance.services.decisions import application_approve, application_prepay, application_refuse
from apps.assistance.services.publicity import (
    application_object,
    application_publicise,
    application_recheck,
    publicity_waived_for,
)
from apps.assistance.services.steps import time_limits_for
from apps.assistance.views.common import run_step
from apps.core.clock import today
from apps.core.web import requires
from policy.roles import Capability
from policy.workflow import MIN_INVESTIGATORS, MINORS_NOT_PUBLICISED, missing_documents

GET_POST = require_http_methods(["GET", "POST"])


def _initial(application) -> dict:
    return {"version": application.version}


@login_required
@requires(Capability.ACCEPT)
@GET_POST
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """受理: tick the documents in hand; all there → 受理通知书, any missing → one 一次性告知书."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = IntakeForm(
        request.POST or None,
        program=app.program,
        channel=app.channel,
        initial={**_initial(app), "documents": app.documents_received},
    )
    return run_step(
        request,
        app,
        page="intake",
        form=form,
        act=lambda f: application_intake(
            actor=request.user,
            application=app,
            received=frozenset(f.cleaned_data["documents"]),
            expected_version=f.expected_version(),
        ),
        title="受理",
        submit="提交",
        success="已办理：材料齐全的已受理并出具受理通知书；不齐的已出具一次性告知书",
        intro="逐项核对申请材料。材料齐全的予以受理；缺少材料的，系统将所缺全部材料一次性列入告知书。",
    )


@login_required
@requires(Capability.APPLY)
@GET_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """补正: hand in what the 一次性告知书 asked for."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = ResubmitForm(request.POST or None, program=app.program, channel=app.channel, initial=_initial(app))
    have = frozenset(app.documents_received)
    form.fields["documents"].choices = [
        (d.code, d.label) for d in missing_documents(app.program, channel=app.channel, received=have)
    ]
    form.fields["documents"].label = "补交的材料"
    return run_step(
        request,
        app,
        page="resubmit",
        form=form,
        act=lambda f: application_resubmit(
            actor=request.user,
            application=app,
            received=frozenset(f.cleaned_data["documents"]),
            note=f.cleaned_data["note"],
            expected_version=f.expected_version(),
        ),
        title="补正材料后重新提交",
        submit="重新提交",
        success="已重新提交，等待乡镇受理",
    )


@login_required
@requires(Capability.REVIEW)
@GET_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """家庭经济状况核对 against the registry as it stands now."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = VersionForm(request.POST or None, initial=_initial(app))
    return run_step(
        request,
        app,
        page="verify",
        form=form,
        act=lambda f: application_verify(
            actor=request.user, application=app, expected_version=f.expected_version()
        ),
        title="家庭经济状况核对",
        submit="开始核对",
        success="核对完成，结果及计算过程已保存",
        intro="按登记的家庭成员、收入和财产，以当地现行标准核算。请先确认家庭信息已更新。",
    )


@login_required
@requires(Capability.REVIEW)
@GET_POST
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    """入户调查: findings, at least two investigators, photos or scans."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = SurveyForm(request.POST or None, request.FILES or None, initial=_initial(app))
    return run_step(
        request,
        app,
        page="survey",
        form=form,
        act=lambda f: application_survey(
            actor=request.user,
            application=app,
            findings=f.cleaned_data["findings"],
            investigators=f.investigators(),
            files=request.FILES.getlist("files"),
            expected_version=f.expected_version(),
        ),
        title="入户调查",
        submit="保存调查结果",
        success="入户调查结果已保存",
        intro=f"每组调查人员不得少于{MIN_INVESTIGATORS}人。照片、扫描件每个不超过10MB。",
        extra={"multipart": True},
    )


@login_required
@requires(Capability.REVIEW)
@GET_POST
def publicise(request: HttpRequest, pk: int) -> HttpResponse:
    """公示: in the village for the area's 公示期, from the day the list is posted. A 特困 application of
    minors is not publicised: the same page sends it straight to 审核确认 and says why."""
    app = application_get_for(actor=request.user, application_id=pk)
    if publicity_waived_for(app, on=today()):
        return run_step(
            request,
            app,
            page="publicise",
            form=VersionForm(request.POST or None, initial=_initial(app)),
            act=lambda f: application_publicise(
                actor=request.user, application=app, expected_version=f.expected_version()
            ),
            title="未成年人不公示",
            submit="提交审核确认",
            success="未成年人不公示，已提交审核确认",
            intro=f"{MINORS_NOT_PUBLICISED}：拟保障对象均为未成年人，不在村(社区)公示，直接提交审核确认。",
        )
    days = time_limits_for(area_code=app.area_id, urban=app.is_urban, on=today()).publicity_days
    form = PubliciseForm(request.POST or None, days=days, initial=_initial(app))
    return run_step(
        request,
        app,
        page="publicise",
        form=form,
        act=lambda f: application_publicise(
            actor=request.user,
            application=app,
            start=f.cleaned_data["start"],
            expected_version=f.expected_version(),
        ),
        title="公示",
        submit="开始公示",
        success="已开始公示，公示名单可在村(社区)公示页打印张贴",
        intro="公示内容为申请人姓名、保障人数和拟保障金额，不公开身份证号码等其他信息。",
    )


@login_required
@requires(Capability.APPLY)
@GET_POST
def object_(request: HttpRequest, pk: int) -> HttpResponse:
    """记录公示异议: the application returns to the township for re-check."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = ObjectionForm(request.POST or None, initial=_initial(app))
    return run_step(
        request,
        app,
        page="object",
        form=form,
        act=lambda f: application_object(
            actor=request.user,
            application=app,
            content=f.cleaned_data["content"],
            raised_by=f.cleaned_data["raised_by"],
            expected_version=f.expected_version(),
        ),
        title="记录公示异议",
        submit="记录异议",
        success="异议已记录，申请退回乡镇复查",
    )


@login_required
@requires(Capability.REVIEW)
@GET_POST
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_get_for(actor=request.user, application_id=pk)
    form = RecheckForm(request.POST or None, initial=_initial(app))
    return run_step(
        request,
        app,
        page="recheck",
        form=form,
        act=lambda f: application_recheck(
            actor=request.user,
            application=app,
            resolution=f.cleaned_data["resolution"],
            expected_version=f.expected_version(),
        ),
        title="异议复查",
        submit="提交复查意见",
        success="复查意见已记录，请重新核对、入户调查后再次公示",
        extra={"objections": app.objections.all()},
    )


@login_required
@requires(Capability.APPROVE)
@GET_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """审核确认: approve with the amount (payment from next month), or refuse with written reasons."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = DecideForm(request.POST or None, initial={**_initial(app), "amount": app.proposed_amount})

    def act(f: DecideForm) -> object:
        d = f.cleaned_data
        if d["decision"] == "refuse":
            return application_refuse(
                actor=request.user,
                application=app,
                reasons=d["reasons"],
                expected_version=f.expected_version(),
            )
        return application_approve(
            actor=request.user,
            application=app,
            amount=d["amount"],
            note=d["note"],
            expected_version=f.expected_version(),
        )

    decided = request.POST.get("decision") == "refuse"
    return run_step(
        request,
        app,
        page="decide",
        form=form,
        act=act,
        title="审核确认",
        submit="提交审核确认意见",
        success="已作出不予确认决定并出具通知书" if decided else "已确认同意，纳入在保对象",
        intro="确认同意的，自作出决定之日下月起发放；不予确认的，须写明理由，系统出具不予确认通知书。",
        extra={"show_assessment": True},
    )


@login_required
@requires(Capability.APPROVE)
@GET_POST
def prepay(request: HttpRequest, pk: int) -> HttpResponse:
    """先行救助 of an emergency 临时救助."""
    app = application_get_for(actor=request.user, application_id=pk)
    form = PrepayForm(request.POST or None, initial={**_initial(app), "amount": app.requested_amount})
    return run_step(
        request,
        app,
        page="prepay",
        form=form,
        act=lambda f: application_prepay(
            actor=request.user,
            application=app,
            amount=f.cleaned_data["amount"],
            note=f.cleaned_data["note"],
            expected_version=f.expected_version(),
        ),
        title="先行救助",
        submit="确认先行救助",
        success="已先行救助，请在期限内补齐手续",
        intro="急难型临时救助可先行救助、事后补齐手续。乡镇审批限额内由乡镇决定，超过的由县级民政部门决定。",
    )


@login_required
@requires(Capability.APPLY)
@GET_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_get_for(actor=request.user, application_id=pk)
    form = WithdrawForm(request.POST or None, initial=_initial(app))
    return run_step(
        request,
        app,
        page="withdraw",
        form=form,
        act=lambda f: application_withdraw(
            actor=request.user,
            application=app,
            reason=f.cleaned_data["reason"],
            expected_version=f.expected_version(),
        ),
        title="撤回申请",
        submit="撤回",
        success="申请已撤回",
    )
