"""Masking of personal identifiers for lists and search results."""

from __future__ import annotations

__all__ = ["mask_account", "mask_id_number", "mask_phone"]


def mask_id_number(value: str | None) -> str:
    """``421303199001011234`` → ``421303********1234``: the county stays, the birth date goes."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13912345678`` → ``139****5678``."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_account(value: str | None) -> str:
    """A bank or social-security-card account shows only its last four digits."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]
