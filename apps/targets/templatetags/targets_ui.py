"""``{% load targets_ui %}``: ``user|may_read_targets`` for the 统计 tabs, so a link shows only to whom
it opens."""

from __future__ import annotations

from django import template

from policy.roles import Capability

register = template.Library()


@register.filter
def may_read_targets(user: object) -> bool:
    can = getattr(user, "can", None)
    return bool(can and can(Capability.VIEW_TARGETS))
