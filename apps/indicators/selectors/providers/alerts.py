"""动态监测: the alerts raised in the year in the area, counted in one query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db.models import Count, F, Q

from apps.core.scoping import area_q
from apps.indicators.selectors.providers.base import Ask, Value
from apps.monitoring.models import Alert
from policy.areas import area_code_range
from policy.indicators import AlertFigure, AlertRule, Indicator
from policy.targets import percent


def _on_time(ask: Ask) -> Value:
    """按时核实率: of the year's alerts whose 核实 is due by the day (or done), those visited by their due
    day."""
    low, high = area_code_range(ask.area.code)
    due = Q(due_on__lte=ask.on) | Q(visited_on__isnull=False)
    counts = Alert.objects.filter(
        area_q(ask.actor, "area"),
        area_id__gte=low,
        area_id__lte=high,
        raised_on__gte=date(ask.year, 1, 1),
        raised_on__lte=date(ask.year, 12, 31),
    ).aggregate(
        due=Count("id", filter=due),
        on_time=Count("id", filter=Q(visited_on__isnull=False, visited_on__lte=F("due_on"))),
    )
    rate = percent(counts["on_time"], counts["due"])
    if rate is None:
        return Value(None, None, "本年尚无到期的预警")
    return Value(rate, ask.on, f"按时核实{counts['on_time']}条 / 到期{counts['due']}条")


def values(ask: Ask, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    out = {}
    for indicator in indicators:
        assert isinstance(indicator.rule, AlertRule) and indicator.rule.figure is AlertFigure.ON_TIME_RATE
        out[indicator.code] = _on_time(ask)
    return out
