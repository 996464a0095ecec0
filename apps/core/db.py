"""Small query helpers that must behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection
from django.db.models import Model, Q, QuerySet

from apps.core.scoping import code_in_scope
from policy.errors import Conflict, NotFound

if TYPE_CHECKING:
    from apps.core.scoping import Actor

M = TypeVar("M", bound=Model)


def prefix_q(field: str, text: str) -> Q:
    """``field`` starts with ``text``, in a form that each database answers from its B-tree index.

    PostgreSQL serves ``LIKE 'x%'`` from the ``_like`` index Django builds for indexed text columns.
    SQLite's LIKE is case-insensitive and skips the index, so it also gets a plain range on the column.
    """
    condition = Q(**{f"{field}__startswith": text})
    if connection.vendor == "sqlite":
        condition &= Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})
    return condition


def locked_at_version(
    queryset: QuerySet[M],
    *,
    pk: Any,
    version: int | None,
    conflict: str | Callable[[M], str],
    actor: Actor | None = None,
    area_field: str = "area_id",
) -> M:
    """The row ``pk``, locked until the transaction ends, if nobody changed it since the actor saw it.

    This is the optimistic guard of every page and API call that sends the ``version`` it showed: the row
    is locked first (``SELECT … FOR UPDATE`` of its own table only, not of the rows ``select_related``
    joins), then its ``version`` compared, so two people saving at once cannot both pass. A missing row is
    NotFound; with ``actor``, so is a row whose ``area_field`` lies outside the actor's area. ``version``
    None checks nothing (the caller passes the version of the row it loaded when the form sent none).
    ``conflict`` is the Chinese message, or makes it from the locked row ("现为…").
    """
    locked = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None or (actor is not None and not code_in_scope(actor, getattr(locked, area_field))):
        raise NotFound()
    version_check(locked, version=version, conflict=conflict)
    return locked


def version_check(row: M, *, version: int | None, conflict: str | Callable[[M], str]) -> None:
    """Conflict unless ``row`` (locked by the caller) is still at ``version``; None checks nothing."""
    if version is not None and row.version != version:  # type: ignore[attr-defined]
        raise Conflict(conflict(row) if callable(conflict) else conflict)


# Money in SQL. Money columns are DECIMAL yuan, but SQLite keeps a DECIMAL as REAL when it computes, so an
# exact sum is made in integer fen (each row rounded to the fen first) and turned into Decimal yuan in
# Python (policy.money.yuan_from_cents). The ``%%`` below are for statements run with parameters.


def cents_sql(expr: str) -> str:
    """SQL: a DECIMAL yuan expression as integer fen."""
    if connection.vendor == "postgresql":
        return f"round({expr} * 100)::bigint"
    return f"CAST(round({expr} * 100) AS INTEGER)"


def cents_sum_sql(expr: str) -> str:
    """SQL: the exact sum of a DECIMAL yuan expression over the rows, in integer fen (0 for no rows)."""
    if connection.vendor == "postgresql":
        return f"COALESCE(SUM({expr} * 100), 0)::bigint"
    return f"COALESCE(SUM(CAST(ROUND({expr} * 100) AS INTEGER)), 0)"


def yuan_text_sql(cents: str) -> str:
    """SQL: a non-negative integer of fen as the yuan text '680.50' (for traces and for DECIMAL)."""
    if connection.vendor == "postgresql":
        return f"(({cents}) / 100)::text || '.' || lpad((({cents}) %% 100)::text, 2, '0')"
    return f"printf('%%d.%%02d', ({cents}) / 100, ({cents}) %% 100)"


def yuan_sql(cents: str) -> str:
    """SQL: a non-negative integer of fen as the value of a DECIMAL yuan column."""
    if connection.vendor == "postgresql":
        return f"round(({cents})::numeric / 100, 2)"
    # SQLite stores a DECIMAL the way Django does: the text '680.50' under NUMERIC affinity.
    return yuan_text_sql(cents)
