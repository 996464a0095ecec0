"""Writing people and money: edit a person, resolve a suspected duplicate, incomes and assets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.forms import errors_apply
from apps.core.web import requires
from apps.registry.forms import AssetForm, DuplicateResolveForm, IncomeForm, PersonForm
from apps.registry.selectors import duplicate_flags_for, household_get_for, person_get_for
from apps.registry.services.finances import (
    AssetInput,
    IncomeInput,
    asset_add,
    asset_delete,
    income_add,
    income_delete,
)
from apps.registry.services.persons import duplicate_resolve, person_input_from, person_update
from apps.registry.views.common import current_members, form_page, member_choices
from policy.errors import Conflict, ValidationFailed
from policy.roles import Capability

EDIT = Capability.EDIT_REGISTRY


def _person_initial(person: object) -> dict[str, object]:
    data = person_input_from(person)  # type: ignore[arg-type]
    initial: dict[str, object] = {k: v for k, v in vars(data).items() if k not in ("care", "id_number")}
    initial["hukou_area"] = data.hukou_area_code
    initial["residence_area"] = data.residence_area_code
    for key, value in data.care.items():
        initial[key] = "" if value is None else ("1" if value else "0")
    return initial


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改人员: every field, including the self-care rating. The ID number is changed only when typed."""
    person = person_get_for(actor=request.user, person_id=pk)
    extra = [(person.hukou_area_id, person.hukou_area.name)]
    if person.residence_area_id:
        extra.append((person.residence_area_id, person.residence_area.name))
    form = PersonForm(
        request.POST or None, actor=request.user, initial=_person_initial(person), extra_areas=extra
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=request.user, person=person, data=form.to_input(id_number=person.id_number))
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except Conflict as exc:
            form.add_error("id_number", exc.message)
        else:
            messages.success(request, f"{person.name} 的信息已保存")
            return redirect("registry:person_detail", pk=person.pk)
    if request.method == "POST":
        messages.error(request, "填写有误，请按标红的提示修改后重新保存")
    return render(request, "registry/person_form.html", {"person": person, "form": form})


@login_required
@requires(EDIT)
@require_POST
def duplicate_resolve_view(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    """Record the finding on one suspected duplicate shown on the person's page."""
    person = person_get_for(actor=request.user, person_id=pk)
    flag = duplicate_flags_for(actor=request.user, person=person).filter(pk=flag_pk).first()
    if flag is None:
        raise Http404()
    form = DuplicateResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核实结果")
    else:
        flag = duplicate_resolve(actor=request.user, flag=flag, status=form.cleaned_data["status"])
        messages.success(request, f"已记录核实结果：{flag.get_status_display()}")
    return redirect("registry:person_detail", pk=person.pk)


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def income_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    form = IncomeForm(request.POST or None, members=member_choices(current_members(household)))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            income_add(
                actor=request.user,
                household=household,
                data=IncomeInput(
                    person_id=d["person"],
                    income_type=d["income_type"],
                    amount=d["amount"],
                    period_start=d["period_start"],
                    period_end=d["period_end"],
                    note=d["note"],
                ),
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(request, "收入已登记")
            return redirect("registry:household_detail", pk=household.pk)
    return form_page(
        request,
        title="登记收入",
        forms=[form],
        submit="保存",
        household=household,
        intro="按成员、收入类型和期间逐条登记；金额为该期间的合计（元）。",
    )


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def asset_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    form = AssetForm(request.POST or None, members=member_choices(current_members(household)))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            asset_add(
                actor=request.user,
                household=household,
                data=AssetInput(
                    asset_type=d["asset_type"],
                    description=d["description"],
                    owner_id=d["owner"],
                    value=d["value"],
                    registration_no=d["registration_no"],
                    area_sqm=d["area_sqm"],
                    acquired_on=d["acquired_on"],
                ),
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(request, "财产已登记")
            return redirect("registry:household_detail", pk=household.pk)
    return form_page(
        request,
        title="登记财产",
        forms=[form],
        submit="保存",
        household=household,
        intro="车辆、房产、存款、有价证券、工商登记等。",
    )


@login_required
@require_POST
def income_delete_view(request: HttpRequest, pk: int, income_pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    income_delete(actor=request.user, household=household, income_id=income_pk)
    messages.success(request, "收入记录已删除（删除操作已记入操作记录）")
    return redirect("registry:household_detail", pk=household.pk)


@login_required
@require_POST
def asset_delete_view(request: HttpRequest, pk: int, asset_pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    asset_delete(actor=request.user, household=household, asset_id=asset_pk)
    messages.success(request, "财产记录已删除（删除操作已记入操作记录）")
    return redirect("registry:household_detail", pk=household.pk)
