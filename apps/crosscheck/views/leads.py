"""疑似问题线索: the list with its filters, one lead with both records side by side and the actions its
state and the actor's role allow (下发, 核实, 暂缓发放, 处理), attachments, and the statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from apps.areas.selectors import counties_for
from apps.assistance.services.attachments import attachment_path, attachments_check
from apps.core.forms import errors_apply
from apps.core.web import list_page, requires
from apps.crosscheck.choices import SeverityChoices, StateChoices
from apps.crosscheck.forms import HoldForm, RemedyForm, VerifyForm
from apps.crosscheck.models import Lead
from apps.crosscheck.selectors import (
    LeadFilter,
    attachment_get_for,
    lead_get_for,
    lead_holds_for,
    lead_list_for,
    lead_stats_for,
    townships_for,
)
from apps.crosscheck.services.leads import lead_assign, lead_hold, lead_verify
from apps.crosscheck.services.remedy import RemedyInput, lead_remedy
from apps.crosscheck.views.evidence import evidence_rows
from apps.registry.selectors import household_members
from policy.crosscheck import LEAD_TRANSITIONS, SOURCES
from policy.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from policy.roles import Capability, role_can


@login_required
@requires(Capability.VIEW_LEADS)
def lead_list(request: HttpRequest) -> HttpResponse:
    """疑似问题线索 in the actor's area, by source, township, state and severity."""
    g = request.GET
    towns = townships_for(actor=request.user)
    try:
        run = int(g.get("run") or 0) or None
    except ValueError:
        run = None
    filters = LeadFilter(
        source=g.get("source", "") if g.get("source", "") in SOURCES else "",
        township=g.get("township", "") if g.get("township", "") in {t.code for t in towns} else "",
        state=g.get("state", "") if g.get("state", "") in StateChoices.values else "",
        severity=g.get("severity", "") if g.get("severity", "") in SeverityChoices.values else "",
        run=run,
        q=g.get("q", "")[:50],
    )
    page = list_page(lead_list_for(actor=request.user, filters=filters), g.get("page"), count=True)
    return render(
        request,
        "crosscheck/leads.html",
        {
            "page": page,
            "filters": filters,
            "sources": SOURCES,
            "townships": towns,
            "states": StateChoices.choices,
            "severities": SeverityChoices.choices,
        },
    )


def _members(lead: Lead) -> list[tuple[int, str]]:
    return [
        (m.person_id, f"{m.person.name}（{m.get_relation_display()}）")
        for m in household_members(household=lead.household)
    ]


def _lead_page(request: HttpRequest, lead: Lead, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    state = lead.state
    allowed = {
        name: state in t.sources and role_can(user.role, t.capability) for name, t in LEAD_TRANSITIONS.items()
    }
    cases = list(lead.cases.select_related("area").order_by("pk"))
    covered = [i.person_id for i in lead.items.all() if i.covered]
    remaining = [pid for pid, _ in _members(lead) if pid not in covered]
    death = lead.rule in ("death_covered", "detention_covered")
    initial_action = "exit:death" if lead.rule == "death_covered" else ("stop:other" if death else "")
    context = {
        "lead": lead,
        "evidence": evidence_rows(lead),
        "cases": cases,
        "events": lead.events.select_related("actor"),
        "attachments": lead.attachments.all(),
        "allowed": allowed,
        "verify_form": forms.get("verify_form") or VerifyForm(initial={"version": lead.version}),
        "remedy_form": forms.get("remedy_form")
        or RemedyForm(
            members=_members(lead),
            initial={
                "version": lead.version,
                "action": initial_action,
                "recover": bool(lead.event_on and lead.amount_at_risk),
                "covered": remaining,
                "reason": lead.explanation,
            },
        ),
        "hold_form": HoldForm(initial={"version": lead.version}),
        "holds": lead_holds_for(lead=lead),
    }
    return render(request, "crosscheck/lead.html", context, status=status)


@login_required
@requires(Capability.VIEW_LEADS)
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_page(request, lead_get_for(actor=request.user, lead_id=pk))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version") or 0) or None
    except ValueError:
        return None


@login_required
@requires(Capability.CROSSCHECK_IMPORT)
@require_POST
def lead_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    lead = lead_get_for(actor=request.user, lead_id=pk)
    try:
        lead = lead_assign(actor=request.user, lead=lead, expected_version=_version(request))
    except (Conflict, InvalidTransition) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已下发{lead.township.name}核实。")
    return redirect("crosscheck:lead", pk=pk)


@login_required
@requires(Capability.VERIFY_LEAD)
@require_POST
def lead_verify_view(request: HttpRequest, pk: int) -> HttpResponse:
    """核实: 属实 or 不属实, with notes and attachments."""
    lead = lead_get_for(actor=request.user, lead_id=pk)
    form = VerifyForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            files = attachments_check(request.FILES.getlist("files"))
            lead = lead_verify(
                actor=request.user,
                lead=lead,
                result=d["result"],
                notes=d["notes"],
                files=files,
                expected_version=form.expected_version(),
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except (Conflict, InvalidTransition) as exc:
            messages.error(request, exc.message)
            return redirect("crosscheck:lead", pk=pk)
        else:
            messages.success(request, f"已记录核实结论：{lead.get_verify_result_display()}。")
            return redirect("crosscheck:lead", pk=pk)
    messages.error(request, "请按提示改正核实信息")
    return _lead_page(request, lead, verify_form=form)


@login_required
@requires(Capability.REMEDY_LEAD)
@require_POST
def lead_remedy_view(request: HttpRequest, pk: int) -> HttpResponse:
    """处理: the case change and 追回 the county decides, through the case and payroll services."""
    lead = lead_get_for(actor=request.user, lead_id=pk)
    form = RemedyForm(request.POST, members=_members(lead))
    if form.is_valid():
        d = form.cleaned_data
        change, code = form.change()
        data = RemedyInput(
            change=change,
            reason_code=code,
            reason=d["reason"],
            amount=d.get("amount"),
            covered=(d.get("covered") or None) if change == "adjust" else None,
            recover=d["recover"],
        )
        try:
            lead = lead_remedy(
                actor=request.user, lead=lead, data=data, expected_version=form.expected_version()
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except (Conflict, InvalidTransition, PermissionDenied) as exc:
            messages.error(request, exc.message)
            return redirect("crosscheck:lead", pk=pk)
        else:
            total = lead.remedy.get("recovered_total", "0")
            messages.success(
                request,
                f"已处理线索{lead.number}"
                + (f"，追回{total}元" if total not in ("0", "0.00") else "")
                + "。",
            )
            return redirect("crosscheck:lead", pk=pk)
    messages.error(request, "请按提示改正处理意见")
    return _lead_page(request, lead, remedy_form=form)


@login_required
@requires(Capability.REMEDY_LEAD)
@require_POST
def lead_hold_view(request: HttpRequest, pk: int) -> HttpResponse:
    """暂缓发放 the cases of an open lead until it is decided."""
    lead = lead_get_for(actor=request.user, lead_id=pk)
    form = HoldForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        count = lead_hold(actor=request.user, lead=lead, note=note, expected_version=_version(request))
    except (Conflict, InvalidTransition) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已暂缓发放{count}个在保对象的保障金，核实或处理后解除。")
    return redirect("crosscheck:lead", pk=pk)


@login_required
@requires(Capability.VIEW_LEADS)
@require_GET
def lead_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_get_for(actor=request.user, attachment_id=pk)
    return FileResponse(
        attachment_path(attachment).open("rb"),
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@requires(Capability.VIEW_LEADS)
def lead_stats(request: HttpRequest) -> HttpResponse:
    """统计: leads found, verified, confirmed and remedied, by source and township."""
    rows = lead_stats_for(actor=request.user)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("found", "verified", "confirmed", "remedied", "at_risk", "at_risk_confirmed")
    }
    by_source: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = by_source.setdefault(
            r.source, {"label": r.source_label, "found": 0, "verified": 0, "confirmed": 0, "remedied": 0}
        )
        for key in ("found", "verified", "confirmed", "remedied"):
            entry[key] += getattr(r, key)
    return render(
        request,
        "crosscheck/stats.html",
        {
            "rows": rows,
            "totals": totals,
            "by_source": by_source.values(),
            "counties": counties_for(actor=request.user),
        },
    )
