"""The statistics' indicators (在保, 新增, 退出, 实发, 临时救助): the fact table's month and its 累计, read
once through :func:`apps.statistics.selectors.monthly_figures`, each indicator's arithmetic done by
:func:`policy.indicators.fact_value`.

A month that was never counted gives no value ("尚未统计") rather than a misleading zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from apps.indicators.selectors.providers.base import Ask, Value
from apps.statistics.selectors import monthly_figures
from policy.indicators import FactRule, Indicator, fact_value


def values(ask: Ask, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    figures = monthly_figures(actor=ask.actor, area_code=ask.area.code, month=ask.month)
    if figures.freshness.refreshed_at is None:
        note = f"{ask.month:%Y年%m月}尚未统计，请在“民政统计月报”中重新统计"
        return {i.code: Value(None, None, note) for i in indicators}
    out = {}
    for indicator in indicators:
        assert isinstance(indicator.rule, FactRule)
        value = fact_value(
            indicator.rule,
            unit=indicator.unit,
            period=indicator.period,
            month=figures.figures,
            year_to_date=figures.year_to_date,
        )
        out[indicator.code] = Value(value, ask.on if value is not None else None, "民政统计")
    return out
