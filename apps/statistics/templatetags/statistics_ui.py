"""Template filters of the statistics pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def yuan(cents: int | None) -> str:
    """Cents as yuan with thousands separators: 123456 → 1,234.56."""
    value = (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))
    return intcomma(f"{value:.2f}")


@register.filter
def wan(cents: int | None) -> str:
    """Cents as 万元 to two decimals: 123456789 → 123.46."""
    return f"{(Decimal(cents or 0) / 1_000_000).quantize(Decimal('0.01')):,}"
