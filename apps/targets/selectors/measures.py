"""The live value of each bindable measure (:data:`policy.targets.MEASURES`) for a county and a year.

Each measure is an indicator of the catalogue (:data:`policy.targets.BINDINGS`), evaluated by
apps/indicators from what already counts it — the statistics' figures (在保, 实发, 临时救助), the 地方标准
in force, the year's cross-check leads, the year's monitoring alerts — once per source for all the
indicators shown together. The day a value stands for (``as_of``) is the year's last day for a past year
and today for the current one; a future year has no values yet. Statistics never refreshed for the last
month counted give no value ("尚未统计") rather than a misleading zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from apps.areas.models import Area
from apps.core.clock import today
from apps.indicators.selectors import indicator_values
from policy.targets import MEASURES

if TYPE_CHECKING:
    from apps.accounts.models import User


@dataclass(frozen=True, slots=True)
class Actual:
    value: Decimal | None
    as_of: date | None
    note: str = ""  # why there is no value, or where it came from


def as_of_for(year: int) -> date | None:
    """The day a live value stands for: the year's end, today for the current year, None for a future one."""
    now = today()
    if year > now.year:
        return None
    return date(year, 12, 31) if year < now.year else now


def measure_values(*, actor: User, county: Area, year: int, codes: Iterable[str]) -> dict[str, Actual]:
    """The live value of each of ``codes`` (unknown codes are skipped) for the county and year."""
    wanted = [c for c in dict.fromkeys(codes) if c in MEASURES]
    if not wanted:
        return {}
    sheet = indicator_values(
        actor=actor, area_code=county.code, year=year, codes=[MEASURES[c].indicator for c in wanted]
    )
    found = {v.indicator.code: v for v in sheet.values}
    return {
        c: Actual(found[m].value, found[m].as_of, found[m].note)
        for c in wanted
        for m in [MEASURES[c].indicator]
    }
