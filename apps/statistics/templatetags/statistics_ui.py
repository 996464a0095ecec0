"""Template filters of the statistics pages."""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from policy.money import wan_yuan, yuan_from_cents

register = template.Library()


@register.filter
def yuan(cents: int | None) -> str:
    """Cents as yuan with thousands separators: 123456 → 1,234.56."""
    return intcomma(f"{yuan_from_cents(cents or 0):.2f}")


@register.filter
def wan(cents: int | None) -> str:
    """Cents as 万元 to two decimals, rounded half up as every report does: 123456789 → 123.46."""
    return f"{wan_yuan(cents or 0):,}"
