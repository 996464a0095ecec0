"""Template filters of the statistics pages: the money filters of ``apps.core.templatetags.core_ui`` under
the names these pages have used (one way to show money everywhere)."""

from __future__ import annotations

from django import template

from apps.core.templatetags.core_ui import figure, money_cents, wan

register = template.Library()

register.filter("yuan", money_cents)
register.filter("wan", wan)
register.filter("figure", figure)
