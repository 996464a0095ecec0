"""Reading pages: search, the household list, the household and person pages, revealing an identifier."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.core.numbers import number_q
from apps.core.web import is_htmx, list_page
from apps.registry.forms import DuplicateResolveForm, HouseholdFilterForm, SearchForm
from apps.registry.selectors import (
    HouseholdFilter,
    duplicate_flags_for,
    household_get_for,
    household_history_for,
    household_list_for,
    household_members,
    household_total_for,
    person_current_membership,
    person_get_for,
    person_list_for,
)
from apps.registry.services.persons import person_reveal as person_reveal_service

HISTORY_ROWS = 100
HOUSEHOLD_SORTS = {"recent": "最近变动", "number": "户编号", "area": "村(社区)"}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """查询: people by name (from its start) or ID number (whole or leading digits), within an area; a
    户编号 (whole or in part) typed into the box goes to the household list, which finds by number."""
    form = SearchForm(request.GET or None, actor=request.user)
    page = None
    if form.is_valid() and (form.cleaned_data["q"].strip() or form.cleaned_data["area"]):
        q = form.cleaned_data["q"].strip()
        if number_q("number", q) is not None:
            return redirect(f"{reverse('registry:household_list')}?{urlencode({'q': q})}")
        people = person_list_for(actor=request.user, q=q, area_code=form.cleaned_data["area"])
        if q[:1].isdigit():
            # Leading ID digits: the unique index on the number serves this order, so no sort of the matches.
            people = people.order_by("id_number")
        page = list_page(people, request.GET.get("page"), count=True)
    return render(request, "registry/search.html", {"form": form, "page": page})


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    """家庭: the households of the actor's area with filters, most recently changed first, with the total."""
    form = HouseholdFilterForm(request.GET or None, actor=request.user)
    filters = form.to_filter()
    filtered = filters != HouseholdFilter()
    order = request.GET.get("sort", "recent")
    order = order if order in HOUSEHOLD_SORTS else "recent"
    households = household_list_for(actor=request.user, filters=filters, order=order)
    page = list_page(households, request.GET.get("page"), count=False)
    page.total, estimated = household_total_for(households=households)
    page.total_capped = estimated  # an estimate gives no page count
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page": page,
            "filtered": filtered,
            "estimated": estimated,
            "sort": order,
            "sorts": HOUSEHOLD_SORTS.items(),
        },
    )


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The household page: members, incomes, assets, membership history and the audit history."""
    household = household_get_for(actor=request.user, household_id=pk)
    history = household_history_for(actor=request.user, household=household).select_related("actor")
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": list(household_members(household=household)),
            "membership_history": household_members(household=household, current=False),
            # The household is in scope, so what hangs off it is too.
            "incomes": household.incomes.select_related("person").order_by("-period_start", "-id"),
            "assets": household.assets.select_related("owner").order_by("asset_type", "id"),
            "history": list(history[: HISTORY_ROWS + 1]),
            "history_limit": HISTORY_ROWS,
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person page: their facts, their households over time and any suspected duplicates."""
    person = person_get_for(actor=request.user, person_id=pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "membership": person_current_membership(person=person),
            "memberships": person.memberships.select_related("household", "household__area").order_by(
                "start_date"
            ),
            "flags": duplicate_flags_for(actor=request.user, person=person),
            "resolve_form": DuplicateResolveForm(),
            "incomes": person.incomes.order_by("-period_start"),
        },
    )


@login_required
@never_cache
@require_POST
def person_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The full ID number or phone, for roles allowed to see it; every look leaves an audit row."""
    person = person_get_for(actor=request.user, person_id=pk)
    value = person_reveal_service(actor=request.user, person=person, field_name=field)
    template = "registry/_revealed.html" if is_htmx(request) else "registry/reveal.html"
    return render(request, template, {"person": person, "field": field, "value": value})
