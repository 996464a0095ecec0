"""资金发放 pages: the payroll list with the prepare form, preparation with its progress streamed stage by
stage, a payroll's preview (totals, by township, the diff against last month, holds) with approval, its
lines, one line's explanation, and the fund accounts. Thin: selectors read, services write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.assistance.choices import ONE_TIME_PROGRAMS, Program
from apps.assistance.clock import today
from apps.payroll.models import LineStatus, PayrollState
from apps.payroll.selectors import (
    LineFilter,
    counties_for,
    fund_accounts_for,
    line_get_for,
    line_list_for,
    payroll_get_for,
    payroll_list_for,
    payroll_preview,
    township_totals_for,
)
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.prepare import STAGES, Step, payroll_prepare_steps
from apps.registry.views.common import list_page, requires
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.payroll import REASON_LABELS, month_parse
from policy.privacy import mask_id_number
from policy.roles import Capability

STREAM_MARK = "<!--MINZHENG-STREAM-->"


class PrepareForm(forms.Form):
    county = forms.ChoiceField(label="县(市、区)")
    month = forms.CharField(label="发放月份", widget=forms.TextInput(attrs={"type": "month"}))
    program = forms.ChoiceField(label="救助项目", required=False)

    def __init__(self, *args: object, counties: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["county"].choices = counties
        monthly = [(c, label) for c, label in Program.choices if c not in ONE_TIME_PROGRAMS]
        self.fields["program"].choices = [("", "全部按月发放项目"), *monthly]

    def clean_month(self) -> date:
        try:
            return month_parse(self.cleaned_data["month"])
        except ValidationFailed:
            raise forms.ValidationError("请选择发放月份（年-月）") from None


def _prepare_form(request: HttpRequest, data: object = None) -> PrepareForm:
    counties = [(a.code, a.name) for a in counties_for(actor=request.user)]
    initial = {"month": f"{today():%Y-%m}"}
    return PrepareForm(data, counties=counties, initial=initial)


@login_required
@requires(Capability.VIEW_PAYROLL)
def payroll_list(request: HttpRequest) -> HttpResponse:
    """发放表: every payroll of the actor's county, newest month first, and the form to prepare one."""
    page = list_page(payroll_list_for(actor=request.user), request.GET.get("page"), count=True)
    form = _prepare_form(request) if request.user.can(Capability.PREPARE_PAYROLL) else None
    return render(request, "payroll/list.html", {"page": page, "form": form})


@login_required
@requires(Capability.PREPARE_PAYROLL)
@require_POST
def payroll_prepare_view(request: HttpRequest) -> HttpResponse:
    """生成: the page streams each stage as it finishes, then links to the preview."""
    form = _prepare_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("payroll:list")
    d = form.cleaned_data
    head, tail = render_to_string("payroll/prepare.html", {"streaming": True}, request).split(STREAM_MARK)
    response = StreamingHttpResponse(
        _stream(request, head=head, tail=tail, county=d["county"], month=d["month"], program=d["program"]),
        content_type="text/html; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    return response


def _stream(
    request: HttpRequest, *, head: str, tail: str, county: str, month: date, program: str
) -> Iterator[str]:
    yield head
    outcome: dict[str, object] = {}
    try:
        for item in payroll_prepare_steps(actor=request.user, county=county, month=month, program=program):
            if isinstance(item, Step):
                share = (STAGES.index(item.stage) + item.done / max(item.total, 1)) / len(STAGES)
                if item.done >= item.total:
                    text = f"✓ {item.stage}"
                elif item.done == 0:
                    text = f"正在{item.stage}……"
                else:
                    text = f"{item.stage}：{item.done}/{item.total}"
                yield render_to_string("payroll/_step.html", {"text": text, "percent": round(share * 100)})
            else:
                outcome["payroll"] = item
    except (ValidationFailed, Conflict, PermissionDenied, NotFound) as exc:
        outcome["error"] = exc.message or "该县不存在或不在您的辖区内"
    yield render_to_string("payroll/_prepare_outcome.html", outcome, request)
    yield tail


@login_required
@requires(Capability.VIEW_PAYROLL)
def payroll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """预览: totals, by township, the diff against last month with reasons, holds, and approval."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    user = request.user
    return render(
        request,
        "payroll/detail.html",
        {
            "payroll": payroll,
            "townships": township_totals_for(actor=user, payroll=payroll),
            "preview": payroll_preview(actor=user, payroll=payroll),
            "can_approve": user.can(Capability.APPROVE_PAYROLL)
            and payroll.state == PayrollState.PREPARED
            and payroll.prepared_by_id != user.pk,
            "is_preparer": payroll.prepared_by_id == user.pk,
            "can_prepare": user.can(Capability.PREPARE_PAYROLL) and payroll.state == PayrollState.PREPARED,
        },
    )


@login_required
@requires(Capability.APPROVE_PAYROLL)
@require_POST
def payroll_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    try:
        version = int(request.POST.get("version") or 0)
        payroll = payroll_approve(actor=request.user, payroll=payroll, expected_version=version)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已审批{payroll}，发放表已锁定。")
    return redirect("payroll:detail", pk=pk)


@login_required
@requires(Capability.VIEW_PAYROLL)
def payroll_lines(request: HttpRequest, pk: int) -> HttpResponse:
    """发放明细, by township and village, filtered; ID numbers masked."""
    payroll = payroll_get_for(actor=request.user, payroll_id=pk)
    filters = LineFilter(
        township=request.GET.get("township", ""),
        status=request.GET.get("status", ""),
        reason=request.GET.get("reason", ""),
        q=request.GET.get("q", ""),
    )
    page = list_page(
        line_list_for(actor=request.user, payroll=payroll, filters=filters),
        request.GET.get("page"),
        count=True,
    )
    for line in page.object_list:
        line.masked_id = mask_id_number(line.payee_id_number)
    return render(
        request,
        "payroll/lines.html",
        {
            "payroll": payroll,
            "page": page,
            "filters": filters,
            "townships": township_totals_for(actor=request.user, payroll=payroll),
            "statuses": LineStatus.choices,
            "reasons": list(REASON_LABELS.items()),
        },
    )


@login_required
@requires(Capability.VIEW_PAYROLL)
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """一笔发放的计算说明: what was frozen, and why the amount is what it is."""
    line = line_get_for(actor=request.user, line_id=pk)
    members = [
        {"name": name, "id_number": mask_id_number(id_number)} for _, name, id_number in sorted(line.members)
    ]
    return render(
        request,
        "payroll/line.html",
        {"line": line, "members": members, "masked_id": mask_id_number(line.payee_id_number)},
    )


@login_required
@requires(Capability.VIEW_PAYROLL)
def fund_accounts(request: HttpRequest) -> HttpResponse:
    """资金台账 by programme × township × urban/rural × month, and the year to date."""
    counties = counties_for(actor=request.user)
    if not counties:
        raise NotFound()
    code = request.GET.get("county") or counties[0].code
    county = next((c for c in counties if c.code == code), None)
    if county is None:
        raise NotFound()
    try:
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        year = today().year
    through = 12 if year < today().year else today().month
    accounts = fund_accounts_for(actor=request.user, county=county, year=year, through_month=through)
    return render(
        request,
        "payroll/funds.html",
        {
            "accounts": accounts,
            "counties": counties,
            "years": list(range(today().year, today().year - 5, -1)),
            "months": list(range(1, through + 1)),
            "list_url": reverse("payroll:list"),
        },
    )
