"""The catalogue's entered indicators (policy/indicators: 特困人员集中供养率, 养老床位 …), as 目标管理 keeps
them: a county's target of the year that is bound to no data and whose name holds the indicator's words
gives its hand-entered value, as-of date and evidence.

Registered with apps/indicators (a floor below, which must not import this app) in
:meth:`apps.targets.apps.TargetsConfig.ready`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from apps.indicators.selectors.providers import Ask, Value
from apps.targets.models import Target
from policy.areas import AreaLevel
from policy.indicators import EnteredRule, Indicator, entered_match
from policy.roles import Capability
from policy.targets import Level


def _value(target: Target) -> Value:
    where = f"目标管理“{target.name}”"
    if target.actual_value is None:
        return Value(None, None, where + "尚未填报实际值")
    evidence = f"，佐证材料：{target.evidence_name}" if target.evidence_path else "，未上传佐证材料"
    return Value(target.actual_value, target.actual_on, where + "人工填报" + evidence)


def entered_values(ask: Ask, indicators: Sequence[Indicator]) -> Mapping[str, Value]:
    if not ask.actor.can(Capability.VIEW_TARGETS):
        return {i.code: Value(None, None, "无权查看目标管理") for i in indicators}
    if ask.area.level != AreaLevel.COUNTY:
        return {i.code: Value(None, None, "目标管理按县（区）填报，请查看所在县（区）") for i in indicators}
    order = [lv.value for lv in Level]
    targets = sorted(
        Target.objects.filter(county_id=ask.area.code, year=ask.year, measure=""),
        key=lambda t: (order.index(t.level), t.seq, t.pk),
    )
    out = {}
    for indicator in indicators:
        rule = indicator.rule
        assert isinstance(rule, EnteredRule)
        match = next((t for t in targets if entered_match(rule, t.name)), None)
        out[indicator.code] = _value(match) if match else Value(None, None, "本年目标管理中没有此项指标")
    return out
