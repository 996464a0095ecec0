"""The typed value of a stored parameter, and :class:`Standards`: the resolved set a programme reads."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from policy.errors import ValidationFailed
from policy.parameters.catalogue import CATALOGUE, Kind

ParamValue = Decimal | int | bool | str | tuple[tuple[int, Decimal], ...] | frozenset[str]


def parameter_parse(key: str, raw: str) -> ParamValue:
    """Read the stored text of one parameter into its typed value, or raise a Chinese reason."""
    spec = CATALOGUE.get(key)
    if spec is None:
        raise ValidationFailed.on("key", f"未知的参数“{key}”")
    text = str(raw).strip()

    def bad(reason: str) -> ValidationFailed:
        return ValidationFailed.on(key, f"{spec.label}：{reason}（填写的是“{raw}”）")

    try:
        if spec.kind in (Kind.MONEY, Kind.RATE):
            value = Decimal(text)
            if not value.is_finite() or value < 0:
                raise bad("应为不小于0的数")
            return value
        if spec.kind == Kind.INT:
            number = int(text)
            if number < 0:
                raise bad("应为不小于0的整数")
            return number
        if spec.kind == Kind.BOOL:
            if text.lower() not in ("true", "false", "是", "否", "1", "0"):
                raise bad("应为“是”或“否”")
            return text.lower() in ("true", "是", "1")
        if spec.kind == Kind.CHOICE:
            if text not in spec.choices:
                raise bad(f"应为{'、'.join(spec.choices)}之一")
            return text
        if spec.kind == Kind.CODES:
            codes = json.loads(text)
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise bad("应为代码列表")
            return frozenset(codes)
        rows = json.loads(text)
        brackets = tuple((int(age), Decimal(str(amount))) for age, amount in rows)
        if [a for a, _ in brackets] != sorted({a for a, _ in brackets}):
            raise bad("年龄段应从小到大且不重复")
        return brackets
    except (InvalidOperation, ValueError, TypeError, json.JSONDecodeError):
        raise bad("格式不正确") from None


@dataclass(frozen=True, slots=True)
class Standards:
    """The parameters in force for one area, one kind (urban or rural) and one day.

    ``sources`` says, per key, where the value came from (area and effective date, or "默认值"), so a
    trace can cite it. Reading a key that was never configured and has no default raises a clear error.
    """

    area_code: str
    urban: bool
    on: date
    raw: Mapping[str, str]
    sources: Mapping[str, str] = field(default_factory=dict)

    def value(self, key: str) -> ParamValue:
        spec = CATALOGUE[key]
        text = self.raw.get(key, spec.default)
        if text is None:
            kind = "城市" if self.urban else "农村"
            raise ValidationFailed.on(
                key, f"{spec.label}（{kind}）在{self.on:%Y-%m-%d}没有配置，请先维护地方标准"
            )
        return parameter_parse(key, text)

    def money(self, key: str) -> Decimal:
        value = self.value(key)
        assert isinstance(value, Decimal)
        return value

    def rate(self, key: str) -> Decimal:
        return self.money(key)

    def integer(self, key: str) -> int:
        value = self.value(key)
        assert isinstance(value, int) and not isinstance(value, bool)
        return value

    def flag(self, key: str) -> bool:
        value = self.value(key)
        assert isinstance(value, bool)
        return value

    def text(self, key: str) -> str:
        value = self.value(key)
        assert isinstance(value, str)
        return value

    def codes(self, key: str) -> frozenset[str]:
        value = self.value(key)
        assert isinstance(value, frozenset)
        return value

    def brackets(self, key: str) -> tuple[tuple[int, Decimal], ...]:
        value = self.value(key)
        assert isinstance(value, tuple)
        return value

    def source(self, key: str) -> str:
        return self.sources.get(key, "默认值" if key not in self.raw else "")

    def with_overrides(self, overrides: Mapping[str, str]) -> Standards:
        """The same standards with some values replaced, for "what if the standard were 700"."""
        for key, raw in overrides.items():
            parameter_parse(key, raw)
        return Standards(
            area_code=self.area_code,
            urban=self.urban,
            on=self.on,
            raw={**self.raw, **overrides},
            sources={**self.sources, **dict.fromkeys(overrides, "试算假设")},
        )
