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
    running = ""  # the stage begun and not yet ticked: a stage with nothing to do sends no end of its own
    try:
        for item in payroll_prepare_steps(actor=request.user, county=county, month=month, program=program):
            if isinstance(item, Step):
                if running and running != item.stage:
                    yield _step_line(running, done=True)
                running = "" if item.done >= item.total else item.stage
                yield _step_line(item.stage, done=item.done >= item.total, step=item)
            else:
                if running:
                    yield _step_line(running, done=True)
                    running = ""
                outcome["payroll"] = item
    except (ValidationFailed, Conflict, PermissionDenied, NotFound) as exc:
        outcome["error"] = exc.message or "该县不存在或不在您的辖区内"
    yield render_to_string("workbench/payroll/_outcome.html", outcome, request)
    yield tail


def _step_line(stage: str, *, done: bool, step: Step | None = None) -> str:
    """One line of the log: ✓ when the stage is over (it replaces the stage's running line on the page),
    else 正在…… or the count so far."""
    finished = step.done if step and not done else 1
    total = max(step.total, 1) if step and not done else 1
    share = (STAGES.index(stage) + finished / total) / len(STAGES)
    if done:
        text = f"✓ {stage}"
    elif step is None or step.done == 0:
        text = f"正在{stage}……"
    else:
        text = f"{stage}：{step.done}/{step.total}"
    return render_to_string("workbench/payroll/_step.html", {"text": text, "percent": round(share * 100)})
