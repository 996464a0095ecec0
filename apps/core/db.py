"""Small query helpers that must behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q


def prefix_q(field: str, text: str) -> Q:
    """``field`` starts with ``text``, in a form that each database answers from its B-tree index.

    PostgreSQL serves ``LIKE 'x%'`` from the ``_like`` index Django builds for indexed text columns.
    SQLite's LIKE is case-insensitive and skips the index, so it also gets a plain range on the column.
    """
    condition = Q(**{f"{field}__startswith": text})
    if connection.vendor == "sqlite":
        condition &= Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})
    return condition
