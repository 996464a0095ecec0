"""What the registry views share beyond the core web toolbox (apps/core/web.py): a household's current
members as choices, and the small-form page with a way back to the household."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from apps.core import web
from apps.registry.selectors import household_members

if TYPE_CHECKING:
    from apps.registry.models import Household, Membership


def current_members(household: Household) -> list[Membership]:
    return list(household_members(household=household))


def member_choices(members: list[Membership], *, heads: bool = True) -> list[tuple[int, str]]:
    return [
        (m.person_id, f"{m.person.name}（{m.get_relation_display()}）")
        for m in members
        if heads or m.relation != "head"
    ]


def form_page(
    request: HttpRequest,
    *,
    title: str,
    forms: list[Any],
    submit: str,
    household: Household | None = None,
    intro: str = "",
    danger: bool = False,
    status: int = 200,
) -> HttpResponse:
    """:func:`apps.core.web.form_page` about one household: its number beside the title, 取消 back to it."""
    return web.form_page(
        request,
        title=title,
        forms=forms,
        submit=submit,
        subtitle=f"家庭{household.number}" if household else "",
        back=reverse("registry:household_detail", args=[household.pk]) if household else "",
        intro=intro,
        danger=danger,
        status=status,
    )
