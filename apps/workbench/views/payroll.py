"""生成发放表 from the 资金发放 page: 发放前比对, then the preparation, its progress streamed stage by stage.
The form and the list it is posted from are the payroll's (apps/payroll/views.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from apps.core.web import requires
from apps.payroll.forms import prepare_form
from apps.payroll.services.prepare import STAGES, Step
from apps.workbench.services.payroll import payroll_prepare_steps
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.roles import Capability

STREAM_MARK = "<!--MINZHENG-STREAM-->"


@login_required
@requires(Capability.PREPARE_PAYROLL)
@require_POST
def payroll_prepare_view(request: HttpRequest) -> HttpResponse:
    """生成: the page streams each stage as it finishes, then links to the preview."""
    form = prepare_form(actor=request.user, data=request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("payroll:list")
    d = form.cleaned_data
    page = render_to_string("workbench/payroll/prepare.html", {"streaming": True}, request)
    head, tail = page.split(STREAM_MARK)
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
                step = {"text": text, "percent": round(share * 100)}
                yield render_to_string("workbench/payroll/_step.html", step)
            else:
                outcome["payroll"] = item
    except (ValidationFailed, Conflict, PermissionDenied, NotFound) as exc:
        outcome["error"] = exc.message or "该县不存在或不在您的辖区内"
    yield render_to_string("workbench/payroll/_outcome.html", outcome, request)
    yield tail
