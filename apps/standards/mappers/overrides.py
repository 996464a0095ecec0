"""Hypothetical standards for a 试算 ("what if the standard were 700"): read from the assess JSON's
``standards`` object, a ``--standards`` JSON file or a CSV, and checked like stored values."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from apps.registry.services.import_format import fold
from apps.standards.validators import URBAN_WORDS, key_lookup, value_normalize
from policy.errors import ValidationFailed
from policy.parameters import CATALOGUE


@dataclass(frozen=True, slots=True)
class Override:
    """A hypothetical value for one parameter (``urban`` None: for both kinds)."""

    key: str
    urban: bool | None
    value: str


def overrides_parse(value: Any, path: str = "standards") -> tuple[Override, ...]:
    """``{"dibao.standard": "700"}`` or ``{"dibao.standard": {"urban": "700", "rural": "650"}}``."""
    errors: dict[str, list[str]] = {}
    out = overrides_read(value, path, lambda p, r: errors.setdefault(p, []).append(r))
    if errors:
        first, reasons = next(iter(errors.items()))
        raise ValidationFailed(errors, message=f"{first}：{reasons[0]}")
    return out


def overrides_read(value: Any, path: str, add: Callable[[str, str], None]) -> tuple[Override, ...]:
    """The hypothetical values under ``path``; each problem goes to ``add(path, reason)``."""
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        add(path, '应为JSON对象，如 {"dibao.standard": "700"}')
        return ()
    out: list[Override] = []
    for name, raw in value.items():
        here = f"{path}.{name}"
        key = key_lookup(str(name))
        if key is None:
            add(here, "未知的参数")
            continue
        kinds = raw if isinstance(raw, Mapping) else {"": raw}
        for kind, text in kinds.items():
            urban = {"urban": True, "rural": False}.get(str(kind), URBAN_WORDS.get(fold(str(kind)), "?"))
            if urban == "?" or (urban is not None and not CATALOGUE[key].per_kind):
                add(f"{here}.{kind}", "城乡只能是 urban（城市）或 rural（农村），且仅限区分城乡的参数")
                continue
            try:
                stored = value_normalize(key, str(text))
            except ValidationFailed as exc:
                add(here, exc.message)
                continue
            out.append(Override(key, urban, stored))  # type: ignore[arg-type]
    return tuple(out)


def overrides_from_csv(text: str) -> tuple[Override, ...]:
    """A CSV of hypothetical values: columns 参数 (or key), 城乡 (or urban; optional), 数值 (or value)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    aliases = {
        "参数": "key",
        "key": "key",
        "城乡": "urban",
        "urban": "urban",
        "数值": "value",
        "value": "value",
    }
    values: dict[str, dict[str, str]] = {}
    for number, row in enumerate(reader, start=2):
        cells = {aliases[k.strip()]: (v or "").strip() for k, v in row.items() if k and k.strip() in aliases}
        if not cells.get("key"):
            raise ValidationFailed.on(f"第{number}行", "缺少“参数”（或 key）列的内容")
        kind = cells.get("urban", "")
        values.setdefault(cells["key"], {})[kind] = cells.get("value", "")
    return overrides_parse({k: v if set(v) != {""} else v[""] for k, v in values.items()})


def overrides_for(overrides: tuple[Override, ...], *, urban: bool) -> dict[str, str]:
    """The values that apply to one kind; a kind-specific value wins over one for both."""
    chosen = {o.key: o.value for o in overrides if o.urban is None}
    chosen |= {o.key: o.value for o in overrides if o.urban is urban}
    return chosen


__all__ = ["Override", "overrides_for", "overrides_from_csv", "overrides_parse", "overrides_read"]
