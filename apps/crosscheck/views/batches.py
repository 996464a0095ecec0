"""导入批次 and 比对: the county's batches, one batch with a page of its rows and its runs, a run streamed
stage by stage, and a run's result with 下发 of its leads to the townships."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from apps.areas.selectors import counties_for
from apps.core.web import list_page, requires
from apps.crosscheck.models import Batch, Run
from apps.crosscheck.selectors import batch_get_for, batch_list_for, batch_rows, run_get_for
from apps.crosscheck.services.leads import leads_assign
from apps.crosscheck.services.runs import STAGES, RunStep, crosscheck_run_steps
from apps.crosscheck.views.common import step_html, streamed
from policy.crosscheck import SOURCES, LeadState
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_CROSSCHECK)
def batch_list(request: HttpRequest) -> HttpResponse:
    """导入批次: every list imported in the actor's counties, newest first."""
    source = request.GET.get("source", "")
    source = source if source in SOURCES else ""
    page = list_page(batch_list_for(actor=request.user, source=source), request.GET.get("page"), count=True)
    return render(
        request,
        "crosscheck/batches.html",
        {"page": page, "source": source, "sources": SOURCES, "counties": counties_for(actor=request.user)},
    )


@login_required
@requires(Capability.VIEW_CROSSCHECK)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: what it is, a page of its rows (ID numbers masked) and its runs."""
    batch = batch_get_for(actor=request.user, batch_id=pk)
    try:
        offset = max(int(request.GET.get("from") or 0), 0)
    except ValueError:
        offset = 0
    definition = batch.source.definition
    fields = [(k, definition.field_label(k)) for k in definition.fields if k in batch.mapping]
    return render(
        request,
        "crosscheck/batch.html",
        {
            "batch": batch,
            "rows": batch_rows(batch=batch, offset=offset, limit=20),
            "offset": offset,
            "fields": fields,
            "runs": batch.runs.select_related("created_by").order_by("-started_at"),
            "can_run": request.user.can(Capability.CROSSCHECK_IMPORT),
        },
    )


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_POST
def batch_run(request: HttpRequest, pk: int) -> HttpResponse:
    """比对: the page streams each stage (and the matcher's own steps) as it finishes."""
    batch = batch_get_for(actor=request.user, batch_id=pk)
    return streamed(request, "crosscheck/run_stream.html", {"batch": batch}, _run_stream(request, batch))


def _run_stream(request: HttpRequest, batch: Batch) -> Iterator[str]:
    outcome: dict[str, object] = {}
    try:
        for step in crosscheck_run_steps(actor=request.user, batch=batch):
            if isinstance(step, Run):
                outcome["run"] = step
                continue
            assert isinstance(step, RunStep)
            share = (STAGES.index(step.stage) + step.done / max(step.total, 1)) / len(STAGES)
            text = step.detail or step.stage
            text = f"✓ {step.stage}：{text}" if step.done >= step.total else f"正在{step.stage}：{text}……"
            yield step_html(text, round(share * 100))
    except (ValidationFailed, Conflict, PermissionDenied, NotFound) as exc:
        outcome["error"] = exc.message
    yield render_to_string("crosscheck/_run_outcome.html", outcome, request)


@login_required
@requires(Capability.VIEW_CROSSCHECK)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: how many were compared and matched, by which method, and the leads it gave."""
    run = run_get_for(actor=request.user, run_id=pk)
    leads = run.leads.select_related("household", "area", "township").order_by("-severity", "id")
    return render(
        request,
        "crosscheck/run.html",
        {
            "run": run,
            "leads": leads[:200],
            "lead_count": leads.count(),
            "waiting": leads.filter(state=LeadState.FOUND.value).count(),
            "can_assign": request.user.can(Capability.CROSSCHECK_IMPORT),
        },
    )


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_POST
def run_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """下发 every waiting lead of the run to its township."""
    run = run_get_for(actor=request.user, run_id=pk)
    count = leads_assign(actor=request.user, run=run)
    if count:
        messages.success(request, f"已下发{count}条线索，请各乡镇(街道)核实。")
    else:
        messages.info(request, "没有待下发的线索。")
    return redirect("crosscheck:run", pk=run.pk)
