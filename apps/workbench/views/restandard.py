"""确认调标: apply a previewed 调标 and settle the months already paid at the old amount (补差 or 追回),
streamed stage by stage. The page is assistance's (its path, templates and streaming); it lives on the top
floor because the payroll's ``restandard_apply_steps`` does the writing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from apps.assistance.models import RunStatus
from apps.assistance.selectors.restandard import run_get_for
from apps.assistance.views.restandard import run_context, streamed
from apps.core.web import requires
from apps.payroll.services.case_changes import restandard_apply_steps
from policy.roles import Capability


@login_required
@requires(Capability.RESTANDARD)
@require_POST
def restandard_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """确认调标: apply the previewed run; the answer streams the stages, then the outcome."""
    run = run_get_for(actor=request.user, run_id=pk)
    if run.status != RunStatus.PREVIEWED:
        context = run_context(request, run)
        context["error"] = "该调标已执行，不能重复执行"
        return render(request, "assistance/restandard_run.html", context)
    steps = restandard_apply_steps(actor=request.user, run=run)
    return streamed(request, steps, {"county": run.county, "title": "确认调标"})


__all__ = ["restandard_apply"]
