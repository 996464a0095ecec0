"""The web toolbox every app's views share: a paginator that stays cheap on a million rows, the
capability check before a form is shown, the htmx test, and the one page most small forms need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from policy.errors import PermissionDenied
from policy.roles import Capability

PER_PAGE = 20
# Counting stops here: "超过1000户" tells a caseworker to narrow the filter as well as an exact figure would,
# and counting on through a county of 400,000 households would cost more than the page itself.
COUNT_CAP = 1_000
# Deep OFFSETs cost a scan each; nobody pages through 2,500 screens instead of filtering.
MAX_PAGE = 500


@dataclass
class ListPage:
    """One page of a list. ``total`` is None when the list was not counted (an unfiltered list)."""

    object_list: list[Any]
    number: int
    has_next: bool
    total: int | None
    total_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PER_PAGE + len(self.object_list)

    @property
    def num_pages(self) -> int | None:
        if self.total is None or self.total_capped:
            return None
        return max(1, -(-self.total // PER_PAGE))


def list_page(
    queryset: QuerySet[Any], page: str | None, *, count: bool, count_cap: int = COUNT_CAP
) -> ListPage:
    """One page of ``queryset``, fetched so that its cost does not grow with the table.

    The page's keys come first, one more than it shows, so "下一页" needs no COUNT(*); only then are the
    page's rows loaded with the list's per-row subqueries, for those rows alone. With ``count`` the total is
    counted too, up to ``count_cap``.
    """
    try:
        number = min(max(int(page or 1), 1), MAX_PAGE)
    except ValueError:
        number = 1
    offset = (number - 1) * PER_PAGE
    keys = list(queryset.values_list("pk", flat=True)[offset : offset + PER_PAGE + 1])
    shown = keys[:PER_PAGE]
    loaded = {row.pk: row for row in queryset.filter(pk__in=shown)} if shown else {}
    total, capped = None, False
    if count:
        if number == 1 and len(keys) <= PER_PAGE:
            total = len(keys)
        else:
            total = queryset.values("pk")[: count_cap + 1].count()
        capped = total > count_cap
        total = min(total, count_cap)
    return ListPage(
        object_list=[loaded[k] for k in shown if k in loaded],
        number=number,
        has_next=len(keys) > PER_PAGE and number < MAX_PAGE,
        total=total,
        total_capped=capped,
    )


def requires(capability: Capability) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 403 before showing a form whose save the actor's role could not do anyway."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.can(capability):  # type: ignore[union-attr]
                raise PermissionDenied()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def form_page(
    request: HttpRequest,
    *,
    title: str,
    forms: list[Any],
    submit: str,
    subtitle: str = "",
    back: str = "",
    intro: str = "",
    danger: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The one page that most small forms need: a title (and a muted subtitle), the forms, a button and a
    way back (``back``, a URL; no 取消 link without one)."""
    return render(
        request,
        "core/form_page.html",
        {
            "title": title,
            "forms": forms,
            "submit": submit,
            "subtitle": subtitle,
            "back": back,
            "intro": intro,
            "danger": danger,
        },
        status=status,
    )
