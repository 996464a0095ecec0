"""The home page and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.selectors import dashboard_for, recent_audit_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """首页: what is in my area, and where to go next."""
    return render(
        request,
        "core/home.html",
        {"stats": dashboard_for(actor=request.user), "audit": recent_audit_for(actor=request.user)},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
