"""Facilities built through the real service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from apps.facilities.models import Facility
from apps.facilities.services.facilities import CapacityInput, FacilityInput, NewFacility, facility_create
from tests.factories import VILLAGE


def facility_input(**overrides: Any) -> FacilityInput:
    values: dict[str, Any] = {
        "name": "乌龙巷社区幸福食堂",
        "kind": "elder_canteen",
        "area_code": VILLAGE,
        "operating_mode": "public",
        "address": "乌龙巷18号",
        "longitude": Decimal("113.363100"),
        "latitude": Decimal("31.690200"),
        "coordinate_source": "gps",
    }
    values.update(overrides)
    return FacilityInput(**values)


def facility(
    *,
    actor: Any,
    state: str = "operating",
    since: date | None = None,
    capacities: dict[str, int] | None = None,
    **kw: Any,
) -> Facility:
    day = since or date(2025, 1, 1)
    rows = tuple(CapacityInput(kind=k, count=n, effective_from=day) for k, n in (capacities or {}).items())
    return facility_create(
        actor=actor,
        data=NewFacility(facility=facility_input(**kw), state=state, state_since=day, capacities=rows),
    )
