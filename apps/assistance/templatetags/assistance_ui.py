"""Template helpers of the assistance pages: lateness by the office clock, and the household page's
social-assistance section."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from apps.assistance.selectors import household_assistance_for
from apps.core.clock import today

register = template.Library()


@register.filter
def is_late(due: date | None) -> bool:
    """True when a deadline has passed by the office's clock."""
    return due is not None and due < today()


@register.filter
def month(day: date | str | None) -> str:
    if not day:
        return ""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月"


@register.inclusion_tag("assistance/_household_section.html", takes_context=True)
def household_assistance(context: Any, household: Any) -> dict[str, Any]:
    """申请救助, the household's applications and cases, and its latest assessment trace."""
    user = context["user"]
    return {
        "household": household,
        "caps": context.get("caps", {}),
        **household_assistance_for(actor=user, household=household),
    }
