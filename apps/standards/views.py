"""地方标准 pages (view, set a value, import) and 试算 (assess a registry household); thin views."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from apps.areas.selectors import counties_for
from apps.core.forms import errors_apply
from apps.core.uploads import IMPORT, upload_read
from apps.core.web import requires
from apps.registry.selectors import HouseholdFilter, household_get_for, household_list_for
from apps.registry.services.import_read import PAGE_ISSUES, ImportRejected
from apps.standards.forms import AssessForm, HouseholdPickForm, ImportForm, StandardSetForm
from apps.standards.selectors import county_get_for, standards_overview, versions_in
from apps.standards.selectors.assessment import household_assess_for
from apps.standards.services import standard_set, standards_import
from apps.standards.services.importing import template_build
from policy.errors import ValidationFailed
from policy.roles import Capability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PICK_LIMIT = 20


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()


@login_required
@requires(Capability.VIEW_REGISTRY)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """地方标准: the values in force in a county on a day, grouped by programme, with every version."""
    county = county_get_for(actor=request.user, code=request.GET.get("area", ""))
    on = _day(request.GET.get("on"))
    overview = standards_overview(actor=request.user, county=county, on=on)
    counties = counties_for(actor=request.user, capability=Capability.VIEW_REGISTRY, own_county=True)
    return render(request, "standards/index.html", {"overview": overview, "counties": counties, "on": on})


@login_required
@requires(Capability.MANAGE_STANDARDS)
@require_http_methods(["GET", "POST"])
def set_value(request: HttpRequest) -> HttpResponse:
    """设置新标准: a value for an area from a day; the previous value is closed, never overwritten."""
    initial = {k: request.GET[k] for k in ("area", "key", "urban") if k in request.GET}
    form = StandardSetForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            version = standard_set(
                actor=request.user,
                area_code=d["area"],
                key=d["key"],
                urban=d["urban"],
                value=d["value"],
                effective_from=d["effective_from"],
                note=d["note"],
                is_demo_value=d["is_demo_value"],
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(
                request,
                f"已设置：{version.area.name} {version.label}（{version.kind_label}）= {version.value}"
                f"{version.unit}，{version.effective_from:%Y-%m-%d}起执行",
            )
            url = reverse("standards:index") + f"?area={version.area_id[:6]}000000#{version.key}"
            return redirect(url)
    if request.method == "POST":
        messages.error(request, "填写有误，请按标红的提示修改")
    return render(request, "standards/set.html", {"form": form})


@login_required
@requires(Capability.MANAGE_STANDARDS)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """导入地方标准: a whole file of versions, written all together or not at all."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload_read(upload, limit=IMPORT)  # its size checked before a byte is read
            result = standards_import(actor=request.user, file_name=upload.name, content=content)
        except ImportRejected as exc:
            context.update(issues=exc.issues[:PAGE_ISSUES], issue_count=len(exc.issues), error=exc.message)
        except ValidationFailed as exc:
            context["error"] = exc.message
        else:
            messages.success(request, f"导入成功：{result.versions}条标准，涉及{result.areas}个区划")
            return redirect("standards:index")
    return render(request, "standards/import.html", context)


@login_required
@requires(Capability.MANAGE_STANDARDS)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The template, pre-filled with the versions in force today in the admin's county and townships."""
    county = county_get_for(actor=request.user)
    today = timezone.localdate()
    kinds = {None: "", True: "城市", False: "农村"}
    examples = [
        [
            v.area_id,
            v.key,
            kinds[v.urban],
            v.value,
            v.effective_from.isoformat(),
            v.note,
            "是" if v.is_demo_value else "否",
        ]
        for v in versions_in(county).filter(replaced_at__isnull=True).order_by("area_id", "key", "urban")
        if v.effective_from <= today and (v.effective_to is None or v.effective_to >= today)
    ]
    response = HttpResponse(template_build(examples=examples), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "地方标准导入模板.xlsx")
    return response


@login_required
@requires(Capability.ASSESS)
@require_GET
def assess_pick(request: HttpRequest) -> HttpResponse:
    """试算: find a household of the area to assess."""
    form = HouseholdPickForm(request.GET or None)
    households = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        filters = HouseholdFilter(q=form.cleaned_data["q"].strip())
        households = list(household_list_for(actor=request.user, filters=filters)[:PICK_LIMIT])
    return render(
        request, "standards/assess_pick.html", {"form": form, "households": households, "limit": PICK_LIMIT}
    )


@login_required
@requires(Capability.ASSESS)
@require_GET
def assess_household(request: HttpRequest, pk: int) -> HttpResponse:
    """试算 one household: every programme with its amount and the steps that led to it."""
    form = AssessForm(request.GET or None, initial={"on": timezone.localdate()})
    # Fetched first, so a household out of reach answers 404 whatever the options are.
    household = household_get_for(actor=request.user, household_id=pk)
    run, error = None, ""
    if not request.GET or form.is_valid():
        options = form.cleaned_data if form.is_bound else {}
        try:
            household, run = household_assess_for(
                actor=request.user,
                household_id=pk,
                on=options.get("on") or timezone.localdate(),
                overrides=options.get("dibao_standard", ()),
                expenses=form.expenses() if form.is_bound else None,
            )
        except ValidationFailed as exc:
            error = exc.message  # e.g. the area's 低保标准 was never set
    context: dict[str, object] = {"form": form, "household": household, "run": run, "error": error}
    if run is not None:
        context["names"] = {m.id_number: m.name for m in run.household.members}
        context["dibao_standard"] = run.standards.raw.get("dibao.standard")
        context["dibao_source"] = run.standards.source("dibao.standard")
    return render(request, "standards/assess.html", context)
