"""``{% load core_ui %}``: the one way every page shows money, times and file sizes.

- money: two decimals and thousands separators, ``1,234.50`` (yuan) — ``|money``; a change, signed —
  ``|money_change``; integer fen — ``|money_cents``; fen as 万元 — ``|wan``. A missing amount shows as ``—``.
- times: a day as ``Y-m-d``, a moment as ``Y-m-d H:i`` (the ``|date`` filter with those two formats;
  ``|day`` and ``|moment`` say it shorter).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

from policy.money import wan_yuan, yuan, yuan_from_cents

register = template.Library()

MISSING = "—"


def money_text(amount: Decimal | int | str | None) -> str:
    """Yuan to the cent with thousands separators: ``Decimal("1234.5")`` → ``1,234.50``; ``None`` → ``—``."""
    if amount is None or amount == "":
        return MISSING
    if isinstance(amount, float):  # SQLite can hand back a subquery's sum as a float: read it as printed
        amount = Decimal(repr(amount))
    try:
        value = yuan(amount)
    except (InvalidOperation, ValueError, TypeError):
        return str(amount)
    return f"{value:,.2f}"


@register.filter
def money(amount: Decimal | int | str | None) -> str:
    return money_text(amount)


@register.filter
def money_change(amount: Decimal | int | str | None) -> str:
    """A change of money, signed: ``+1,234.50``, ``-35.00``, ``0.00``."""
    text = money_text(amount)
    if text == MISSING or text.startswith("-") or text == "0.00" or not text[0].isdigit():
        return text
    return f"+{text}"


@register.filter
def money_cents(cents: int | None) -> str:
    """Integer fen as yuan: ``123456`` → ``1,234.56``."""
    return money_text(yuan_from_cents(cents or 0))


@register.filter
def wan(cents: int | None) -> str:
    """Fen as 万元 to two decimals, rounded half up as every report does: ``123456789`` → ``123.46``."""
    return f"{wan_yuan(cents or 0):,.2f}"


@register.filter
def day(value: date | datetime | None) -> str:
    """A day as ``2026-03-05``."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%Y-%m-%d}"


@register.filter
def moment(value: datetime | None) -> str:
    """A moment as ``2026-03-05 14:07``, in the office's time zone."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%Y-%m-%d %H:%M}"


@register.filter
def filesize(size: int | None) -> str:
    """Bytes as a person reads them: ``812 B``, ``12.3 KB``, ``4.1 MB``."""
    n = int(size or 0)
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


_MONEY_UNITS = frozenset({"元", "万元", "元/人·月", "元/人·年", "元/月", "元/年"})


@register.filter
def figure(value: Decimal | int | None, unit: str = "") -> str:
    """A reported figure in its unit: money two decimals (``1,234.50``), a count whole (``12,345``), any
    other measure (a rate) as computed. Both columns of a table (this month, last month) read alike."""
    if value is None or value == "":
        return MISSING
    if str(unit) in _MONEY_UNITS:
        return money_text(value)
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,}"
