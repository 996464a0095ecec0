"""The rules on one standard version, shared by the form, the import, the 试算's hypothetical values and
the demo load.

A value is accepted in the forms a person types as well as the stored ones, and stored canonically.
"""

from __future__ import annotations

import contextlib
import json
import re
from decimal import Decimal, InvalidOperation

from apps.areas.models import Area
from apps.registry.services.import_format import fold
from policy.areas import AreaLevel
from policy.errors import ValidationFailed
from policy.parameters import CATALOGUE, Kind, parameter_parse

# How a person names a parameter and a kind, in an import file or a 试算's hypothetical values.
_BY_LABEL = {fold(spec.label): key for key, spec in CATALOGUE.items()}
URBAN_WORDS: dict[str, bool | None] = {"": None, "城乡通用": None, "通用": None, "城乡": None}
URBAN_WORDS |= {"城市": True, "城镇": True, "农村": False}


def key_lookup(text: str) -> str | None:
    """A catalogue key from its code or its Chinese label."""
    text = text.strip()
    return text if text in CATALOGUE else _BY_LABEL.get(fold(text))


def value_normalize(key: str, raw: str) -> str:
    """The stored text of a value, accepting the forms a person types as well as the canonical ones.

    Age brackets may be written ``80:50, 90:100`` and code lists ``a、b``; both are stored as JSON. A yes/no
    is stored as ``true``/``false``. Raises ValidationFailed (on ``value``) with the catalogue's reason.
    """
    spec = CATALOGUE.get(key)
    if spec is None:
        raise ValidationFailed.on("key", f"未知的参数“{key}”")
    text = str(raw).strip().translate(str.maketrans("：，；、［］", ":,;,[]"))
    if spec.kind == Kind.BRACKETS and text and not text.startswith("["):
        pairs = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
        try:
            text = json.dumps(
                [
                    [int(a.strip().removesuffix("岁").removesuffix("周")), b.strip().removesuffix("元")]
                    for a, b in (p.split(":") for p in pairs)
                ],
                ensure_ascii=False,
            )
        except ValueError:
            raise ValidationFailed.on(
                "value", f"{spec.label}：格式应为“年龄:金额”，多段用逗号分开，如 80:50, 90:100"
            ) from None
    if spec.kind == Kind.MONEY:
        text = text.replace(",", "").removesuffix("元").strip()
    if spec.kind == Kind.RATE and text.endswith("%"):
        # A bad number is left as typed, for parameter_parse to refuse with its reason.
        with contextlib.suppress(InvalidOperation):
            text = str(Decimal(text[:-1].strip()) / 100)
    if spec.kind == Kind.CODES and text and not text.startswith("["):
        text = json.dumps([c.strip() for c in text.split(",") if c.strip()])
    try:
        value = parameter_parse(key, text)
    except ValidationFailed as exc:
        raise ValidationFailed({"value": [exc.message]}) from None
    if isinstance(value, bool):
        return "true" if value else "false"
    if spec.kind == Kind.BRACKETS:
        pairs = ", ".join(f"[{age}, {amount}]" for age, amount in value)  # type: ignore[union-attr]
        return f"[{pairs}]"
    return text


def version_check(*, area: Area, key: str, urban: bool | None, value: str, note: str) -> str:
    """Every rule on one version; returns the normalised value or raises with all the reasons."""
    errors: dict[str, list[str]] = {}
    spec = CATALOGUE.get(key)
    if spec is None:
        errors["key"] = [f"未知的参数“{key}”"]
    elif urban is not None and not spec.per_kind:
        errors["urban"] = [f"“{spec.label}”城乡通用，不能分城市、农村设置，请选择“城乡通用”"]
    if area.level > AreaLevel.TOWNSHIP:
        errors["area"] = ["地方标准设在县（区）或乡镇（街道），不能设在村（社区）"]
    if len(note) > 200:
        errors["note"] = ["来源说明最多200字"]
    normalized = ""
    if spec is not None:
        try:
            normalized = value_normalize(key, value)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return normalized


__all__ = ["URBAN_WORDS", "key_lookup", "value_normalize", "version_check"]
