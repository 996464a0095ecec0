"""The home page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.selectors import dashboard_for, recent_audit_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """首页: where to go next; the counts arrive separately so the page never waits for them."""
    return render(request, "core/home.html", {"audit": recent_audit_for(actor=request.user)})


@login_required
def home_stats(request: HttpRequest) -> HttpResponse:
    """The home page's headline counts for the user's area (an htmx fragment)."""
    return render(request, "core/_stats.html", {"stats": dashboard_for(actor=request.user)})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
