"""数据比对: the leads found in the year, by data source, counted once through
:func:`apps.annual.selectors.lead_lines` (the annual appendix's own count)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from apps.annual.selectors import lead_lines
from apps.indicators.selectors.providers.base import Ask, Value
from policy.annual import LeadLine, remedied_rate
from policy.indicators import Indicator, LeadFigure, LeadRule


def _value(lines: Sequence[LeadLine], figure: LeadFigure) -> Decimal | None:
    if figure is LeadFigure.REMEDIED_RATE:
        return remedied_rate(sum(x.remedied for x in lines), sum(x.confirmed for x in lines))
    if figure is LeadFigure.AMOUNT:
        return sum((x.amount_confirmed for x in lines), start=Decimal(0))
    count = {
        LeadFigure.FOUND: lambda x: x.found,
        LeadFigure.CONFIRMED: lambda x: x.confirmed,
        LeadFigure.UNFOUNDED: lambda x: x.unfounded,
        LeadFigure.REMEDIED: lambda x: x.remedied,
    }[figure]
    return Decimal(sum(count(x) for x in lines))


def values(ask: Ask, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    found = lead_lines(actor=ask.actor, area_code=ask.area.code, year=ask.year)
    out = {}
    for indicator in indicators:
        rule = indicator.rule
        assert isinstance(rule, LeadRule)
        lines = [x for x in found if not rule.source_code or x.source == rule.source_code]
        value = _value(lines, rule.figure)
        if rule.figure is not LeadFigure.REMEDIED_RATE:
            out[indicator.code] = Value(value, ask.on, "数据比对")
        elif value is None:
            out[indicator.code] = Value(None, None, "本年尚无核实属实的线索")
        else:
            remedied, confirmed = sum(x.remedied for x in lines), sum(x.confirmed for x in lines)
            out[indicator.code] = Value(value, ask.on, f"已处理{remedied}条 / 属实{confirmed}条")
    return out
