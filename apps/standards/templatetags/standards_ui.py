"""Showing stored parameter values as a caseworker reads them (年龄段, 是/否, income types in Chinese)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import template

from policy.facts import IncomeKind, MemberFacts
from policy.parameters import CATALOGUE, Kind, parameter_parse

register = template.Library()

CHOICE_LABELS = {
    "cent": "到分",
    "jiao": "到角",
    "yuan": "到元",
    "county": "县级民政部门",
    "township": "乡镇（街道）",
    # payroll.start_rule / stop_rule (policy.payroll.PartialMonth)
    "full": "整月发放",
    "none": "当月不发",
    "by_day": "按日折算",
}


@register.filter
def param_value(raw: str | None, key: str) -> str:
    """``[[80, 50], [90, 100]]`` → ``80周岁起 50；90周岁起 100``; other kinds as their Chinese words."""
    spec = CATALOGUE.get(key)
    if raw is None or spec is None:
        return "" if raw is None else str(raw)
    try:
        value = parameter_parse(key, raw)
    except Exception:
        return str(raw)
    if spec.kind == Kind.BRACKETS:
        return "；".join(f"{age}周岁起 {amount}" for age, amount in value)  # type: ignore[union-attr]
    if spec.kind == Kind.BOOL:
        return "是" if value else "否"
    if spec.kind == Kind.CHOICE:
        return CHOICE_LABELS.get(str(value), str(value))
    if spec.kind == Kind.CODES:
        labels = []
        for code in sorted(value):  # type: ignore[call-overload]
            try:
                labels.append(IncomeKind(code).label)
            except ValueError:
                labels.append(code)
        return "、".join(labels) or "（无）"
    if spec.kind == Kind.RATE and not spec.unit:
        return f"{value}（{(value * 100).normalize():f}%）"  # type: ignore[operator]
    return str(value)


@register.filter
def step_class(outcome: str) -> str:
    """A tag colour for a trace step's outcome."""
    if outcome.startswith("不") or outcome == "无法评估":
        return "warn"
    return ""


@register.filter
def param_label(key: str) -> str:
    spec = CATALOGUE.get(key)
    return spec.label if spec else key


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def age_on(member: MemberFacts, day: date) -> int:
    return member.age_on(day)
