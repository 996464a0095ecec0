"""生活自理能力评估: the six-item rating of 《特困人员认定办法》 and the level it gives."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["SELF_CARE_ITEMS", "SelfCareLevel", "SelfCareRating", "self_care_level"]

SELF_CARE_ITEMS: tuple[tuple[str, str], ...] = (
    ("eat", "自主吃饭"),
    ("dress", "自主穿衣"),
    ("transfer", "自主上下床"),
    ("toilet", "自主如厕"),
    ("walk", "室内自主行走"),
    ("bathe", "自主洗澡"),
)


class SelfCareLevel(StrEnum):
    FULL = "full"  # 全自理: all six met
    PARTIAL = "partial"  # 半失能: one to three not met
    NONE = "none"  # 全失能: four or more not met

    @property
    def label(self) -> str:
        return {"full": "全自理", "partial": "半失能", "none": "全失能"}[self.value]


@dataclass(frozen=True, slots=True)
class SelfCareRating:
    """Each field is True where the person manages the item unaided."""

    eat: bool
    dress: bool
    transfer: bool
    toilet: bool
    walk: bool
    bathe: bool


def self_care_level(rating: SelfCareRating) -> SelfCareLevel:
    """Six met → 全自理; three or fewer not met → 半失能; four or more not met → 全失能."""
    failed = sum(not getattr(rating, key) for key, _ in SELF_CARE_ITEMS)
    if failed == 0:
        return SelfCareLevel.FULL
    if failed <= 3:
        return SelfCareLevel.PARTIAL
    return SelfCareLevel.NONE
