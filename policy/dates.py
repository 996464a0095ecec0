"""Dates a person types: refused when they lie outside what the record can mean.

A date such as 0001-01-01 or 9999-12-31 is a slip of the keyboard or a probe, never a fact; kept, it
would turn a means test's twelve months or a statistic's year into nonsense. Each kind of date says how
far into the past and the future it may reach, and the message names the field and the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["ACQUIRED", "INCOME_PERIOD", "DateRange", "date_problem"]


@dataclass(frozen=True, slots=True)
class DateRange:
    years_back: int  # how many years before today the earliest plausible date lies
    years_ahead: int  # how many years after today the latest plausible date lies (0: not after today)

    def bounds(self, today: date) -> tuple[date, date]:
        earliest = date(today.year - self.years_back, 1, 1)
        latest = today if self.years_ahead == 0 else date(today.year + self.years_ahead, 12, 31)
        return earliest, latest


# An income period: the means test reads the last twelve months, and a household's history a few years;
# a fixed income (a pension, a wage contract) may be entered up to the end of next year.
INCOME_PERIOD = DateRange(years_back=20, years_ahead=1)
# When an asset (a house, a vehicle) was acquired: within a lifetime, and not in the future.
ACQUIRED = DateRange(years_back=120, years_ahead=0)


def date_problem(value: date, *, label: str, allowed: DateRange, today: date) -> str | None:
    """The Chinese message when ``value`` lies outside ``allowed`` (None when it is plausible)."""
    earliest, latest = allowed.bounds(today)
    if earliest <= value <= latest:
        return None
    return (
        f"{label}“{value:%Y-%m-%d}”不在合理范围内，"
        f"应在{earliest:%Y-%m-%d}至{latest:%Y-%m-%d}之间，请核对后重新填写"
    )
