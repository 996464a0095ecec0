"""待办: what waits for this user in their area, office by office, each office's items from its own apps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.core.clock import calendar_gap, today
from apps.workbench.selectors.inbox import inbox_for


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """待办, by office and step, overdue rows flagged (the 逾期 list stays 社会救助's: assistance:overdue)."""
    offices = inbox_for(actor=request.user)
    return render(
        request,
        "workbench/inbox.html",
        {
            "offices": offices,
            "total": sum(o.total for o in offices),
            "overdue": sum(o.overdue for o in offices),
            "today": today(),
            "calendar_gap": calendar_gap(),
        },
    )
