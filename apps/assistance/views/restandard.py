"""调标 pages: pick the new 低保 standard of a county, preview its effect on every case (streamed, since a
county of a million cases takes seconds) and look at a stored run. 确认调标 (also streamed) is the
workbench's page (apps/workbench/views/restandard.py), since it settles the months already paid too; it
renders with :func:`run_context` and :func:`streamed` from here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from apps.areas.selectors import counties_for
from apps.assistance.models import RunStatus, StandardChangeRun
from apps.assistance.selectors.restandard import (
    StandardDate,
    restandard_county_get,
    run_get_for,
    run_list_for,
    run_reviews_for,
    run_sample_for,
    standard_dates_for,
)
from apps.assistance.services.restandard import Progress, restandard_preview_steps
from apps.core.web import requires
from policy.errors import MinzhengError, NotFound
from policy.money import yuan_from_cents
from policy.roles import Capability

STREAM_MARK = "<!--MINZHENG-STREAM-->"
RESTANDARD = Capability.RESTANDARD


class RestandardForm(forms.Form):
    on = forms.ChoiceField(
        label="新标准（执行日期）", widget=forms.Select(attrs={"style": "min-width:min(26em,100%)"})
    )

    def __init__(self, *args: Any, dates: list[StandardDate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dates = {d.on.isoformat(): d for d in dates}
        field = self.fields["on"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, d.label) for key, d in self.dates.items()]
        field.error_messages["invalid_choice"] = "请从列表中选择已录入的低保标准"
        field.error_messages["required"] = "请选择新标准"
        if dates:
            self.initial.setdefault("on", dates[0].on.isoformat())

    def day(self) -> date:
        return self.dates[self.cleaned_data["on"]].on


@login_required
@requires(RESTANDARD)
@require_GET
def restandard_start(request: HttpRequest) -> HttpResponse:
    """调标: the page of the actor's (first) county."""
    counties = counties_for(actor=request.user, capability=RESTANDARD)
    if not counties:
        raise NotFound()
    return redirect("assistance:restandard_county", code=counties[0].code)


@login_required
@requires(RESTANDARD)
@require_http_methods(["GET", "POST"])
def restandard_county(request: HttpRequest, code: str) -> HttpResponse:
    """调标预览: choose the new standard; the answer streams the stages, then the figures and 确认调标."""
    county = restandard_county_get(actor=request.user, code=code)
    dates = standard_dates_for(county=county)
    form = RestandardForm(request.POST or None, dates=dates)
    context = {
        "county": county,
        "counties": counties_for(actor=request.user, capability=RESTANDARD),
        "form": form,
        "runs": run_list_for(actor=request.user, county=county),
    }
    if request.method == "POST" and form.is_valid():
        steps = restandard_preview_steps(actor=request.user, county=county, on=form.day())
        return streamed(request, steps, {**context, "title": "调标预览"})
    return render(request, "assistance/restandard.html", context)


@login_required
@requires(RESTANDARD)
@require_GET
def restandard_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A stored run: its figures, the sample, and (once applied) the cases left for review."""
    run = run_get_for(actor=request.user, run_id=pk)
    return render(request, "assistance/restandard_run.html", run_context(request, run))


def _yuan(cents: int, *, sign: bool = False) -> str:
    value = yuan_from_cents(cents)
    return f"{value:+,}" if sign else f"{value:,}"


def run_context(request: HttpRequest, run: StandardChangeRun) -> dict[str, Any]:
    """What ``assistance/restandard_run.html`` and ``restandard_figures.html`` show of ``run``."""
    applied = run.status == RunStatus.APPLIED
    return {
        "run": run,
        "money": {
            "cost_before": _yuan(run.cost_before),
            "cost_after": _yuan(run.cost_after),
            "difference": _yuan(run.cost_difference, sign=True),
            "ineligible_cost": _yuan(run.ineligible_cost),
        },
        "county": run.county,
        "sample": run_sample_for(actor=request.user, run=run),
        "reviews": run_reviews_for(actor=request.user, run=run) if applied else None,
        "can_apply": not applied and request.user.can(Capability.APPROVE),
    }


def streamed(request: HttpRequest, steps: Iterator[Any], context: dict[str, Any]) -> HttpResponse:
    """A page that streams a run's stages (``Progress``) as they come, then the run's figures."""
    head, tail = render_to_string(
        "assistance/restandard_stream.html", {**context, "streaming": True}, request
    ).split(STREAM_MARK)
    response = StreamingHttpResponse(
        _stream(request, steps, head, tail), content_type="text/html; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # a proxy in front must pass each stage on at once
    return response


def _stream(request: HttpRequest, steps: Iterator[Any], head: str, tail: str) -> Iterator[str]:
    # Browsers wait for about 1 KB before they paint; the page head is longer than that.
    yield head
    run: StandardChangeRun | None = None
    try:
        for step in steps:
            if isinstance(step, Progress):
                yield render_to_string(
                    "registry/_import_step.html", {"text": step.text, "percent": step.percent}
                )
            else:
                run = step
    except MinzhengError as exc:  # the transaction, if any, has rolled back: nothing was written
        yield render_to_string("assistance/restandard_error.html", {"message": exc.message})
    if run is not None:
        yield render_to_string("assistance/restandard_figures.html", run_context(request, run), request)
    yield tail


__all__ = ["restandard_county", "restandard_run", "restandard_start", "run_context", "streamed"]
