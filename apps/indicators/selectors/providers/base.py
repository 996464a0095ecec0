"""What a provider is asked and what it answers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from apps.areas.models import Area
from policy.indicators import Indicator

if TYPE_CHECKING:
    from apps.accounts.models import User

__all__ = ["Ask", "Provider", "Value"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ask:
    """What a provider is asked: the area (already checked to be inside the actor's), the year, the month
    counted (its first day), and the day a value stands for (the month's last day, or today if sooner)."""

    actor: User
    area: Area
    year: int
    month: date
    on: date


@dataclass(frozen=True, slots=True)
class Value:
    value: Decimal | None  # None: no value (the note says why)
    as_of: date | None
    note: str = ""  # where the value came from, or why there is none


# Every asked indicator of the provider's source at once (so a source is read once), answered by code.
Provider = Callable[[Ask, Sequence[Indicator]], Mapping[str, Value]]
