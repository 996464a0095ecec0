"""民政服务机构: a facility's states and their changes, and the check of its coordinates (WGS-84)."""

from __future__ import annotations

from decimal import Decimal

from policy.errors import InvalidTransition

__all__ = [
    "FACILITY_STATE_LABELS",
    "FACILITY_TRANSITIONS",
    "coordinates_check",
    "facility_transition_check",
]

PLANNED, OPERATING, SUSPENDED, CLOSED = "planned", "operating", "suspended", "closed"

FACILITY_STATE_LABELS: dict[str, str] = {
    PLANNED: "筹建",
    OPERATING: "运营",
    SUSPENDED: "停业",
    CLOSED: "撤销",
}

FACILITY_TRANSITIONS: dict[str, frozenset[str]] = {
    PLANNED: frozenset({OPERATING, CLOSED}),
    OPERATING: frozenset({SUSPENDED, CLOSED}),
    SUSPENDED: frozenset({OPERATING, CLOSED}),
    CLOSED: frozenset(),
}

# Mainland China with its islands, generously: a point outside is a typing error (latitude and longitude
# swapped, a digit lost), not a facility of the bureau.
LONGITUDE_RANGE = (Decimal("73"), Decimal("136"))
LATITUDE_RANGE = (Decimal("3"), Decimal("54"))


def facility_transition_check(*, current: str, new: str) -> None:
    """Raise InvalidTransition, in Chinese, unless ``current`` may change to ``new``."""
    if new not in FACILITY_TRANSITIONS.get(current, frozenset()):
        now, then = FACILITY_STATE_LABELS.get(current, current), FACILITY_STATE_LABELS.get(new, new)
        raise InvalidTransition(f"服务机构当前状态为“{now}”，不能变更为“{then}”")


def coordinates_check(
    *, longitude: Decimal | None, latitude: Decimal | None, source: str
) -> dict[str, list[str]]:
    """The reasons, by field, that a facility's coordinates are wrong (none: they may be kept).

    Both or neither are given; a given point lies in China and says where it came from.
    """
    errors: dict[str, list[str]] = {}
    if (longitude is None) != (latitude is None):
        field = "latitude" if latitude is None else "longitude"
        errors[field] = ["经度和纬度应同时填写"]
        return errors
    if longitude is None or latitude is None:
        return errors
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = ["经度应在73至136之间（WGS-84，东经），请检查是否与纬度填反"]
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = ["纬度应在3至54之间（WGS-84，北纬），请检查是否与经度填反"]
    if not source:
        errors["coordinate_source"] = ["请选择坐标来源"]
    return errors
