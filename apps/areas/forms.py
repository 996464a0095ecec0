"""The area choices of an actor, for every app's forms and filters: villages grouped by township, and
townships each followed by their villages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apps.areas.selectors import area_list_for

if TYPE_CHECKING:
    from apps.core.scoping import Actor


def areas_of(actor: Actor, level: int) -> list[tuple[str, str, str]]:
    """(code, name, parent code) of every area at ``level`` inside the actor's area."""
    rows = area_list_for(actor=actor, level=level).values_list("code", "name", "parent_id")
    return [(code, name, parent or "") for code, name, parent in rows]


def village_choices(actor: Actor) -> list[Any]:
    """The villages of the actor's area, grouped under their township."""
    towns = {code: name for code, name, _ in areas_of(actor, 4)}
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in areas_of(actor, 5):
        groups.setdefault(towns.get(parent, ""), []).append((code, name))
    if len(groups) == 1:
        return next(iter(groups.values()))
    return [(town, villages) for town, villages in groups.items()]


def area_filter_choices(actor: Actor) -> list[tuple[str, str]]:
    """Townships, each followed by its villages (indented), for search and list filters."""
    out: list[tuple[str, str]] = [("", "全部")]
    villages: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in areas_of(actor, 5):
        villages.setdefault(parent, []).append((code, name))
    towns = areas_of(actor, 4)
    for code, name, _ in towns:
        out.append((code, name))
        out.extend((v, f"　{n}") for v, n in villages.pop(code, []))
    for rest in villages.values():  # an actor bound to one township or village has no township rows
        out.extend(rest)
    return out
