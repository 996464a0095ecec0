"""A list's columns: comparing header text, guessing which column holds which field, and checking a
county's rule parameters for a source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from policy.crosscheck.sources import SourceDef

__all__ = ["header_guess", "header_norm", "params_check"]


def header_norm(text: str) -> str:
    """A header as compared: no spaces, no required-marks (＊ *), no brackets' content such as units."""
    out = "".join(str(text).split())
    for mark in ("＊", "*", "：", ":"):
        out = out.replace(mark, "")
    for left, right in (("(", ")"), ("（", "）")):
        if left in out and out.endswith(right):
            out = out[: out.index(left)]
    return out


def header_guess(*, source: SourceDef, headers: Iterable[str], saved: Mapping[str, str]) -> dict[str, str]:
    """The column mapping for a file: field key → header. The saved mapping wins where its header is in the
    file; otherwise the first header that matches one of the field's usual words. Each header is used once.
    """
    present = list(headers)
    by_norm = {header_norm(h): h for h in reversed(present)}
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in source.fields:
        chosen = saved.get(key, "")
        if chosen in present and chosen not in used:
            out[key] = chosen
            used.add(chosen)
    for key in source.fields:
        if key in out:
            continue
        for word in source.field_headers(key):
            header = by_norm.get(header_norm(word))
            if header is not None and header not in used:
                out[key] = header
                used.add(header)
                break
    return out


def params_check(source: SourceDef, values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A county's rule parameters for ``source``, checked: (clean values, field → Chinese reasons)."""
    clean: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for param in source.params:
        raw = str(values.get(param.key, param.default)).strip()
        if param.words:
            words = [w.strip() for w in raw.replace("，", "、").replace(",", "、").split("、") if w.strip()]
            clean[param.key] = "、".join(words)
            continue
        try:
            number = Decimal(raw)
        except ArithmeticError:
            errors[param.key] = [f"“{param.label}”应为数字"]
            continue
        if not number.is_finite() or number < 0:
            errors[param.key] = [f"“{param.label}”应为不小于0的数字"]
            continue
        clean[param.key] = str(number)
    return clean, errors
