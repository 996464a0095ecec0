"""数据来源: the county's lists with their column mapping, match threshold and rule values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.areas.selectors import counties_for
from apps.core.forms import errors_apply
from apps.core.web import requires
from apps.crosscheck.forms import SourceForm
from apps.crosscheck.models import Batch
from apps.crosscheck.selectors import source_get_for, sources_for
from apps.crosscheck.services.sources import source_update
from apps.crosscheck.views.common import county_of
from policy.errors import Conflict, PermissionDenied, ValidationFailed
from policy.roles import Capability


@login_required
@requires(Capability.VIEW_CROSSCHECK)
def source_list(request: HttpRequest) -> HttpResponse:
    """数据来源: each list of the county, its threshold and latest batch."""
    county = county_of(request)
    sources = sources_for(actor=request.user, county=county)
    latest = {}
    for batch in (
        Batch.objects.filter(county_id=county).select_related("source").order_by("source_id", "-version")
    ):
        latest.setdefault(batch.source.code, batch)
    rows = [(s, latest.get(s.code)) for s in sources]
    return render(
        request,
        "crosscheck/sources.html",
        {"rows": rows, "county": county, "counties": counties_for(actor=request.user)},
    )


@login_required
@requires(Capability.VIEW_CROSSCHECK)
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, county: str, code: str) -> HttpResponse:
    """One source: its column mapping, threshold and rule values (the county edits its own)."""
    source = source_get_for(actor=request.user, county=county, code=code)
    can_edit = request.user.can(Capability.CROSSCHECK_IMPORT)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied()
    initial = {"threshold": source.threshold, "version": source.version}
    form = SourceForm(request.POST or None, source=source, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                source_update(
                    actor=request.user,
                    county=county,
                    code=code,
                    mapping=form.mapping(),
                    threshold=form.cleaned_data["threshold"],
                    params=form.params(),
                    expected_version=form.expected_version() if source.pk else None,
                )
            except ValidationFailed as exc:
                errors_apply(exc, form)
            except Conflict as exc:
                messages.error(request, exc.message)
                return redirect("crosscheck:source", county=county, code=code)
            else:
                messages.success(request, f"已保存“{source.label}”的设置。")
                return redirect("crosscheck:source", county=county, code=code)
        messages.error(request, "请按提示改正后再保存")
    return render(
        request,
        "crosscheck/source.html",
        {
            "source": source,
            "form": form,
            "can_edit": can_edit,
            "definition": source.definition,
            "mapping_rows": [(source.definition.field_label(k), v) for k, v in source.mapping.items()],
        },
    )
