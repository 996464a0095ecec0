"""资金发放 pages: the payroll list with the prepare form (preparing, which runs the cross-check first, is
the workbench's: apps/workbench/views/payroll.py), a payroll's preview (totals, by township, the diff
against last month, holds) with approval, its lines, one line's explanation, and the fund accounts; the
bank pages are in :mod:`.bank`. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.areas.selectors import counties_for
from apps.core.clock import today
from apps.core.web import list_page, requires
from apps.payroll.forms import prepare_form
from apps.payroll.models import LineStatus, PayrollState
from apps.payroll.selectors import (
    LineFilter,
    fund_accounts_for,
    line_get_for,
    line_list_for,
    payroll_get_for,
    payroll_list_for,
    payroll_preview,
    township_totals_for,
)
from apps.payroll.services.approve import payroll_approve
from policy.errors import Conflict, NotFound
from policy.payroll import REASON_LABELS
from policy.privacy import mask_id_number
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_PAYROLL)
def payroll_list(request: HttpRequest) -> HttpResponse:
    """发放表: every payroll of the actor's county, newest month first, and the form to prepare one."""
    page = list_page(payroll_list_for(actor=request.user), request.GET.get("page"), count=True)
    form = prepare_form(actor=request.user) if request.user.can(Capability.PREPARE_PAYROLL) else None
    return render(request, "payroll/list.html", {"page": page, "form": form})


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
        messages.success(request, f"已审批{payroll.title}（{payroll.number}），发放表已锁定。")
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
