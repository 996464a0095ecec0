"""The 地方标准 in force on the day a value stands for, read once for the area through
:func:`apps.standards.selectors.standards_for_many` (a township's own version wins over the county's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from apps.indicators.selectors.providers.base import Ask, Value
from apps.standards.selectors import standards_for_many
from policy.errors import ValidationFailed
from policy.indicators import Indicator, StandardRule


def values(ask: Ask, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    resolved = standards_for_many(area_codes=[ask.area.code], on=ask.on)
    out = {}
    for indicator in indicators:
        rule = indicator.rule
        assert isinstance(rule, StandardRule)
        try:
            out[indicator.code] = Value(
                resolved[(ask.area.code, rule.urban)].money(rule.key), ask.on, "地方标准"
            )
        except ValidationFailed:  # not configured for that day
            out[indicator.code] = Value(None, None, "该日没有配置此项地方标准")
    return out
