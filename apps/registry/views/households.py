"""Writing households: create with members, edit, members in and out, change of head, split and merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.core.forms import errors_apply
from apps.core.web import requires
from apps.registry.forms import (
    HeadChangeForm,
    HouseholdForm,
    MemberEndForm,
    MemberForm,
    MergeTargetForm,
    MoveInForm,
    RelationsForm,
    member_formset,
)
from apps.registry.forms.intake import (
    error_summary,
    income_errors_apply,
    income_formset,
    income_input,
    member_row_labels,
)
from apps.registry.selectors import household_get_for, person_list_for
from apps.registry.services.households import (
    NewMember,
    household_merge,
    household_split,
    household_update,
)
from apps.registry.services.intake import household_register
from apps.registry.services.members import (
    household_head_change,
    household_member_add,
    household_member_end,
    person_move,
)
from apps.registry.services.persons import normalize_id
from apps.registry.views.common import current_members, form_page, member_choices
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

EDIT = Capability.EDIT_REGISTRY


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def household_create_view(request: HttpRequest) -> HttpResponse:
    """新建家庭: the household, its members, their incomes and the account in one form and one save."""
    actor = request.user
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, actor=actor)
    formset = member_formset(actor, data)
    incomes = income_formset(data, member_row_labels(data, formset.total_form_count()))
    incomes_valid = incomes.is_valid() if incomes.is_bound else True  # a POST without income rows has none
    if data is not None and form.is_valid() and formset.is_valid() and incomes_valid:
        members, index_map, member_of_row = [], {}, {}
        for row, member_form in enumerate(formset.forms):
            if member_form.is_blank():
                continue
            member_of_row[row] = len(members)
            index_map[len(members)] = row
            members.append(
                NewMember(
                    relation=member_form.cleaned_data["relation"],
                    data=member_form.to_input(hukou_default=form.cleaned_data["area"]),
                )
            )
        rows = [(row, f) for row, f in enumerate(incomes.forms) if incomes.is_bound and not f.is_blank()]
        try:
            household = household_register(
                actor=actor,
                household=form.to_input(),
                members=members,
                incomes=[income_input(f, member_of_row) for _, f in rows],
            )
        except ValidationFailed as exc:
            mine = {k: v for k, v in exc.errors.items() if not k.startswith("incomes-")}
            errors_apply(ValidationFailed(mine), form, formset=formset, index_map=index_map)
            income_errors_apply(exc, incomes, [row for row, _ in rows])
        else:
            messages.success(
                request, f"已新建家庭{household}，共{len(members)}名成员、{len(rows)}条收入，已一并保存"
            )
            return redirect("registry:household_detail", pk=household.pk)
    summary = error_summary(("", form), ("成员", formset), ("收入", incomes)) if data is not None else []
    return render(
        request,
        "registry/household_form.html",
        {"form": form, "formset": formset, "incomes": incomes, "creating": True, "summary": summary},
    )


@login_required
@requires(EDIT)
def household_member_row(request: HttpRequest) -> HttpResponse:
    """One more empty member row for the create form (htmx), and the formset's new row count."""
    try:
        index = min(max(int(request.GET.get("members-TOTAL_FORMS", "0")), 0), 29)
    except ValueError:
        index = 0
    form = MemberForm(prefix=f"members-{index}", actor=request.user)
    return render(request, "registry/_member_row.html", {"member": form, "index": index, "total": index + 1})


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    form = HouseholdForm(
        request.POST or None, actor=request.user, initial=HouseholdForm.initial_from(household)
    )
    if request.method == "POST" and form.is_valid():
        try:
            household_update(actor=request.user, household=household, data=form.to_input())
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(request, "家庭信息已保存")
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """增加成员: register a new person straight into the household."""
    household = household_get_for(actor=request.user, household_id=pk)
    form = MemberForm(request.POST or None, actor=request.user, head_allowed=False)
    if request.method == "POST" and form.is_valid():
        try:
            membership = household_member_add(
                actor=request.user,
                household=household,
                relation=form.cleaned_data["relation"],
                data=form.to_input(hukou_default=household.area_id),
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        except Conflict as exc:
            form.add_error("id_number", exc.message)
        else:
            messages.success(request, f"{membership.person.name} 已加入本家庭")
            return redirect("registry:household_detail", pk=household.pk)
    return render(
        request, "registry/member_add.html", {"household": household, "form": form, "move_form": MoveInForm()}
    )


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def member_move_in(request: HttpRequest, pk: int) -> HttpResponse:
    """迁入: a person already registered (in another household or none) moves into this one."""
    household = household_get_for(actor=request.user, household_id=pk)
    form = MoveInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = normalize_id(form.cleaned_data["id_number"])
        person = person_list_for(actor=request.user, q=number).filter(id_number=number).first()
        if person is None:
            form.add_error(
                "id_number",
                "在您的辖区内未找到该公民身份号码的人员；新人员请用“登记新成员”，"
                "辖区外人员请联系当地民政部门",
            )
        else:
            try:
                person_move(
                    actor=request.user,
                    person=person,
                    to_household=household,
                    relation=form.cleaned_data["relation"],
                )
            except ValidationFailed as exc:
                errors_apply(exc, form)
            else:
                messages.success(request, f"{person.name} 已迁入本家庭")
                return redirect("registry:household_detail", pk=household.pk)
    return render(
        request,
        "registry/member_add.html",
        {
            "household": household,
            "form": MemberForm(actor=request.user, head_allowed=False),
            "move_form": form,
            "moving": True,
        },
    )


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    membership = next((m for m in current_members(household) if m.person_id == person_pk), None)
    if membership is None:
        raise Http404()
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household_member_end(
                actor=request.user,
                household=household,
                person=membership.person,
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(request, f"{membership.person.name} 已离开本家庭，记录保留在成员变动历史中")
            return redirect("registry:household_detail", pk=household.pk)
    return form_page(
        request,
        title=f"移出成员：{membership.person.name}",
        forms=[form],
        submit="确认移出",
        household=household,
        danger=True,
        intro="移出后该成员不再计入本家庭，原有记录保留在成员变动历史中。",
    )


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def head_change(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get_for(actor=request.user, household_id=pk)
    members = current_members(household)
    form = HeadChangeForm(request.POST or None, members=member_choices(members, heads=False))
    if request.method == "POST" and form.is_valid():
        new_head = next(m.person for m in members if m.person_id == form.cleaned_data["new_head"])
        try:
            household_head_change(
                actor=request.user,
                household=household,
                new_head=new_head,
                old_head_relation=form.cleaned_data["old_head_relation"],
            )
        except ValidationFailed as exc:
            errors_apply(exc, form)
        else:
            messages.success(request, f"户主已变更为 {new_head.name}。其他成员与户主的关系请逐一核对")
            return redirect("registry:household_detail", pk=household.pk)
    return form_page(request, title="变更户主", forms=[form], submit="确认变更", household=household)


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def household_split_view(request: HttpRequest, pk: int) -> HttpResponse:
    """分户: some members leave to form a new household; each gets a relation to its new head."""
    household = household_get_for(actor=request.user, household_id=pk)
    members = current_members(household)
    data = request.POST or None
    relations = RelationsForm(
        data, members=member_choices(members, heads=False), blank="不分出", head_allowed=True
    )
    new = HouseholdForm(
        data,
        actor=request.user,
        prefix="new",
        initial={"area": household.area_id, "address": household.address},
    )
    relations.fields_title = "分出的成员及其在新家庭中与户主的关系"
    new.fields_title = "新家庭"
    if request.method == "POST" and relations.is_valid() and new.is_valid():
        try:
            created = household_split(
                actor=request.user, household=household, relations=relations.relations(), data=new.to_input()
            )
        except ValidationFailed as exc:
            errors_apply(exc, relations, new)
        else:
            messages.success(request, f"分户完成，新家庭户编号为{created.number}")
            return redirect("registry:household_detail", pk=created.pk)
    return form_page(
        request,
        title="分户",
        forms=[relations, new],
        submit="确认分户",
        household=household,
        intro="选择要分出的成员，并指定其中一人为新家庭的户主。原户主不能分出。",
    )


@login_required
@requires(EDIT)
@require_http_methods(["GET", "POST"])
def household_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """合户: this household's members join another; its incomes and assets move over; it is dissolved."""
    household = household_get_for(actor=request.user, household_id=pk)
    data = request.POST or None
    target_form = MergeTargetForm(data)
    relations = RelationsForm(
        data, members=member_choices(current_members(household)), blank=None, head_allowed=False
    )
    relations.fields_title = "本家庭成员在合并后家庭中与户主的关系"
    if request.method == "POST" and target_form.is_valid() and relations.is_valid():
        try:
            target = household_get_for(actor=request.user, household_id=target_form.cleaned_data["target"])
            household_merge(
                actor=request.user, source=household, target=target, relations=relations.relations()
            )
        except NotFound:
            target_form.add_error("target", "未找到该编号的家庭，或该家庭不在您的辖区内")
        except ValidationFailed as exc:
            errors_apply(exc, target_form, relations)
        else:
            messages.success(request, f"合户完成：家庭{household.number}已并入本家庭并注销")
            return redirect("registry:household_detail", pk=target.pk)
    return form_page(
        request,
        title="合户",
        forms=[target_form, relations],
        submit="确认合户",
        household=household,
        danger=True,
        intro="本家庭全体成员并入目标家庭，收入和财产记录一并转入，本家庭随后注销。",
    )
