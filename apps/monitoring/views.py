"""低收入人口动态监测 pages under /monitoring/: the dashboard, the register, alerts and their handling,
a household's flags, and running the early-warning rules. Thin: the work is in services and selectors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.clock import today
from apps.core.forms import errors_apply
from apps.core.web import list_page, requires
from apps.monitoring import selectors as sel
from apps.monitoring.forms import OutcomeForm, ReasonForm, VisitForm
from apps.monitoring.models import Alert, RuleChoices
from apps.monitoring.services import (
    OutcomeInput,
    alert_close,
    alert_create_manual,
    alert_visit,
    alerts_raise,
    flag_add,
    flag_clear,
)
from apps.registry.selectors import household_get_for, household_members
from policy.areas import AreaLevel, area_code_level
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.roles import Capability

VM, HA, RA = Capability.VIEW_MONITORING, Capability.HANDLE_ALERT, Capability.RAISE_ALERTS
EVIDENCE_LABELS = {
    "person_id": "人员编号",
    "grade": "残疾等级",
    "source": "数据来源",
    "detail": "残疾类别和等级",
    "on": "事件日期",
    "spending": "近一年医疗自付(元)",
    "annual_income": "家庭年收入(元)",
    "ratio": "预警比例",
    "share": "自付占收入",
    "income": "该成员年收入(元)",
    "last_year": "上年收入(元)",
    "this_year": "本年已登记收入(元)",
    "rate": "预警下降比例",
    "year": "年度",
    "reason": "事由",
    "reported_by": "登记人",
}

PERCENT_KEYS = {"ratio", "rate"}  # stored as fractions ("0.3"), read by people as 30%


def _shown(key: str, value: Any) -> Any:
    if key in PERCENT_KEYS:
        try:
            return f"{Decimal(str(value)) * 100:.1f}".rstrip("0").rstrip(".") + "%"
        except (ArithmeticError, ValueError):
            return value
    return value


def _area_filters(request: HttpRequest) -> tuple[str, str, list[Any], list[Any]]:
    towns = sel.townships_for(actor=request.user)
    township = request.GET.get("township", "")
    township = township if township in {t.code for t in towns} else ""
    if len(towns) == 1:
        township = township or towns[0].code
    villages = sel.villages_for(actor=request.user, township=township)
    village = request.GET.get("village", "")
    village = village if village in {v.code for v in villages} else ""
    return township, village, towns, villages


@login_required
@requires(VM)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open and overdue alerts by area, with the register's counts."""
    on = today()
    rows = sel.dashboard_for(actor=request.user, on=on)
    by_village = area_code_level(request.user.area_id or "") >= AreaLevel.TOWNSHIP
    context = {
        "rows": rows,
        "by_village": by_village,
        "total_open": sum(r.open for r in rows),
        "total_overdue": sum(r.overdue for r in rows),
        "register": sel.register_counts_for(actor=request.user),
        "on": on,
    }
    return render(request, "monitoring/dashboard.html", context)


@login_required
@requires(VM)
def register(request: HttpRequest) -> HttpResponse:
    """低收入人口名册: households by category, township and village."""
    township, village, towns, villages = _area_filters(request)
    category = request.GET.get("category", "")
    category = category if category in dict(sel.CATEGORIES) else ""
    filters = sel.RegisterFilter(category=category, township=township, village=village)
    page = list_page(
        sel.register_list_for(actor=request.user, filters=filters), request.GET.get("page"), count=True
    )
    rows = list(page.object_list)
    cats = sel.register_categories(rows)
    context = {
        "page": page,
        "rows": [(h, cats.get(h.pk, [])) for h in rows],
        "filters": filters,
        "categories": sel.CATEGORIES,
        "townships": towns,
        "villages": villages,
    }
    return render(request, "monitoring/register.html", context)


@login_required
@requires(VM)
def alert_list(request: HttpRequest) -> HttpResponse:
    """预警信息: open (default), overdue, closed or all, by rule and area."""
    township, village, towns, villages = _area_filters(request)
    state = request.GET.get("state", "open")
    state = state if state in ("open", "overdue", "closed", "") else "open"
    rule = request.GET.get("rule", "")
    rule = rule if rule in RuleChoices.values else ""
    filters = sel.AlertFilter(state=state, rule=rule, township=township, village=village)
    on = today()
    page = list_page(
        sel.alert_list_for(actor=request.user, on=on, filters=filters), request.GET.get("page"), count=True
    )
    context = {
        "page": page,
        "filters": filters,
        "rules": RuleChoices.choices,
        "townships": towns,
        "villages": villages,
        "on": on,
    }
    return render(request, "monitoring/alerts.html", context)


def _members(alert: Alert) -> list[tuple[int, str]]:
    return [
        (m.person_id, f"{m.person.name}（{m.get_relation_display()}）")
        for m in household_members(household=alert.household)
    ]


def _alert_page(request: HttpRequest, alert: Alert, *, status: int = 200, **forms: Any) -> HttpResponse:
    initial = {"version": alert.version}
    context = {
        "alert": alert,
        "evidence": [(EVIDENCE_LABELS.get(k, k), _shown(k, v)) for k, v in alert.evidence.items() if v],
        "on": today(),
        "can_handle": request.user.can(HA),
        "visit_form": forms.get("visit_form") or VisitForm(initial={**initial, "visited_on": today()}),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(members=_members(alert), initial=initial),
    }
    return render(request, "monitoring/alert.html", context, status=status)


@login_required
@requires(VM)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _alert_page(request, sel.alert_get_for(actor=request.user, alert_id=pk))


@login_required
@requires(HA)
@require_POST
def alert_visit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """主动发现: record the visit."""
    alert = sel.alert_get_for(actor=request.user, alert_id=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            alert_visit(
                actor=request.user,
                alert=alert,
                visited_on=d["visited_on"],
                notes=d["notes"],
                expected_version=form.expected_version(),
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("monitoring:alert", pk=pk)
        else:
            messages.success(request, "已登记入户核实情况。")
            return redirect("monitoring:alert", pk=pk)
    messages.error(request, "请按提示改正入户核实信息")
    return _alert_page(request, alert, visit_form=form, status=400)


@login_required
@requires(HA)
@require_POST
def alert_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """处置: 启动救助 (opens an application) or 无需救助 with the reason."""
    alert = sel.alert_get_for(actor=request.user, alert_id=pk)
    form = OutcomeForm(request.POST, members=_members(alert))
    if form.is_valid():
        d = form.cleaned_data
        data = OutcomeInput(
            outcome=d["outcome"],
            reason=d["reason"],
            program=d["program"],
            applicant_id=d["applicant"],
            temporary_kind=d["temporary_kind"],
            requested_amount=d["requested_amount"],
        )
        try:
            alert = alert_close(
                actor=request.user, alert=alert, data=data, expected_version=form.expected_version()
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, exc.message)
            return redirect("monitoring:alert", pk=pk)
        else:
            if alert.application_id:
                messages.success(request, f"已启动救助，受理编号{alert.application.number}。")
                return redirect("assistance:application_detail", pk=alert.application_id)
            messages.success(request, "已办结：无需救助。")
            return redirect("monitoring:alert", pk=pk)
    messages.error(request, "请按提示改正处置信息")
    return _alert_page(request, alert, outcome_form=form, status=400)


@login_required
@requires(VM)
def household_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One household's 防返贫 flags and alerts, with the forms to flag it or report a disaster."""
    fam = household_get_for(actor=request.user, household_id=pk)
    context = {
        "household": fam,
        "flags": sel.household_flags(household=fam),
        "alerts": sel.alert_list_for(
            actor=request.user, on=today(), filters=sel.AlertFilter(state="")
        ).filter(household=fam),
        "can_handle": request.user.can(HA),
        "form": ReasonForm(),
    }
    return render(request, "monitoring/household.html", context)


def _reason_post(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    try:
        action(request.POST.get("reason", ""))
    except ValidationFailed as exc:
        messages.error(request, "；".join(r for rs in exc.errors.values() for r in rs))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("monitoring:household", pk=pk)


@login_required
@requires(HA)
@require_POST
def flag_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    fam = household_get_for(actor=request.user, household_id=pk)
    return _reason_post(
        request, fam.pk, lambda r: flag_add(actor=request.user, household=fam, reason=r), "已纳入防返贫监测。"
    )


@login_required
@requires(HA)
@require_POST
def flag_clear_view(request: HttpRequest, pk: int) -> HttpResponse:
    flag = sel.flag_get_for(actor=request.user, flag_id=pk)
    return _reason_post(
        request,
        flag.household_id,
        lambda r: flag_clear(actor=request.user, flag=flag, reason=r),
        "已解除防返贫监测。",
    )


@login_required
@requires(HA)
@require_POST
def alert_manual_view(request: HttpRequest, pk: int) -> HttpResponse:
    fam = household_get_for(actor=request.user, household_id=pk)
    return _reason_post(
        request,
        fam.pk,
        lambda r: alert_create_manual(actor=request.user, household=fam, reason=r),
        "已登记灾害预警，请按期入户核实。",
    )


@login_required
@requires(RA)
@require_http_methods(["GET", "POST"])
def raise_page(request: HttpRequest) -> HttpResponse:
    """Run the early-warning rules over the county's register."""
    county = (request.user.area_id or "")[:6].ljust(12, "0")
    result = None
    if request.method == "POST":
        try:
            result = alerts_raise(actor=request.user, county=county)
        except (NotFound, ValidationFailed) as exc:
            messages.error(request, getattr(exc, "message", "") or "无法运行预警规则")
    rows = [
        (label, result.found.get(code, 0), result.created.get(code, 0))
        for code, label in RuleChoices.choices
        if result is not None and code != RuleChoices.DISASTER
    ]
    return render(request, "monitoring/raise.html", {"result": result, "rows": rows})
