"""Age in whole years, and the birth-date cutoff for "N years old or more", in one place."""

from __future__ import annotations

from datetime import date

__all__ = ["age_on", "born_by"]


def age_on(birth_date: date, day: date) -> int:
    """Whole years of age on ``day``; a birthday counts on the day itself."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def born_by(day: date, years: int) -> date:
    """The latest birth date of someone at least ``years`` old on ``day``.

    A 29 February birthday is reached on 28 February in a common year, the same as :func:`age_on` counts.
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)
