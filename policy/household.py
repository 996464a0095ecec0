"""Rules on who makes up a household (户): one head, relations that fit together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from policy.errors import ValidationFailed

__all__ = ["RELATION_LABELS", "MemberSpec", "Relation", "household_composition_check"]


class Relation(StrEnum):
    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    CHILD_IN_LAW = "child_in_law"
    PARENT = "parent"
    PARENT_IN_LAW = "parent_in_law"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    SIBLING = "sibling"
    OTHER = "other"


RELATION_LABELS: dict[Relation, str] = {
    Relation.HEAD: "本人(户主)",
    Relation.SPOUSE: "配偶",
    Relation.CHILD: "子女",
    Relation.CHILD_IN_LAW: "儿媳/女婿",
    Relation.PARENT: "父母",
    Relation.PARENT_IN_LAW: "岳父母/公婆",
    Relation.GRANDPARENT: "祖父母/外祖父母",
    Relation.GRANDCHILD: "孙子女/外孙子女",
    Relation.SIBLING: "兄弟姐妹",
    Relation.OTHER: "其他",
}


@dataclass(frozen=True, slots=True)
class MemberSpec:
    """One member as the composition check sees it; ``label`` names them in messages."""

    label: str
    relation: str


def household_composition_check(members: Sequence[MemberSpec]) -> None:
    """Raise unless there is exactly one head and at most one spouse of the head."""
    if not members:
        raise ValidationFailed.on("members", "家庭至少要有一名成员")
    unknown = [m.label for m in members if m.relation not in {r.value for r in Relation}]
    if unknown:
        raise ValidationFailed.on("members", f"与户主关系无效：{'、'.join(unknown)}")
    heads = [m.label for m in members if m.relation == Relation.HEAD]
    if not heads:
        raise ValidationFailed.on("members", "家庭必须有且只有一名户主，当前没有户主")
    if len(heads) > 1:
        raise ValidationFailed.on(
            "members", f"家庭必须有且只有一名户主，当前有{len(heads)}名：{'、'.join(heads)}"
        )
    spouses = [m.label for m in members if m.relation == Relation.SPOUSE]
    if len(spouses) > 1:
        raise ValidationFailed.on("members", f"户主的配偶只能有一名，当前有：{'、'.join(spouses)}")
