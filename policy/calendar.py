"""Working days (工作日) for deadlines, with the holiday calendar passed in as data.

China's working week moves every year: the State Council's notice (国务院办公厅关于某年部分节假日安排的通知)
names the public holidays (放假) and the weekend days that become working days (调休上班). Neither can be
computed, so a :class:`WorkCalendar` is built from two sets of dates read from a file the bureau can update;
days outside those sets fall back to Monday–Friday.

Counting convention, the one the time limits of 民发〔2021〕57号 use ("自受理之日起30个工作日内"): the start
day itself is not counted, so ``add_working_days(start, 1)`` is the next working day after ``start``, and
``working_days_between(start, add_working_days(start, n)) == n``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from policy.errors import ValidationFailed

__all__ = ["WorkCalendar", "add_working_days", "calendar_parse", "working_days_between"]

_SATURDAY = 5
HOLIDAY = "holiday"
WORKDAY = "workday"


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Public holidays and 调休 working weekend days; every other day is a working day when Monday–Friday."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # weekend days that are working days (调休上班)
    names: dict[date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        both = self.holidays & self.workdays
        if both:
            day = min(both)
            raise ValidationFailed.on("calendar", f"{day:%Y-%m-%d} 不能既是放假日又是调休上班日")

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < _SATURDAY

    @property
    def years(self) -> frozenset[int]:
        """The years the data speaks about; outside them only weekends are known."""
        return frozenset(d.year for d in self.holidays | self.workdays)


def add_working_days(start: date, days: int, *, calendar: WorkCalendar) -> date:
    """The day that is ``days`` working days after ``start`` (``start`` itself not counted).

    ``days == 0`` gives ``start`` when it is a working day, else the next working day: a deadline of
    "the same day" that falls on a holiday moves to the first day the office is open.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day
    left = days
    while left:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date, *, calendar: WorkCalendar) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    This is how far past a deadline an overdue item is, or how much time is left.
    """
    if end < start:
        return -working_days_between(end, start, calendar=calendar)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def calendar_parse(text: str | Iterable[str]) -> WorkCalendar:
    """Read a calendar from CSV lines ``date,kind,name`` (kind ``holiday`` or ``workday``; ``#`` comments).

    A bad line raises ValidationFailed naming the line and the reason, so a mistyped update of the file is
    refused as a whole rather than quietly shifting every deadline.
    """
    lines = text.splitlines() if isinstance(text, str) else list(text)
    holidays: set[date] = set()
    workdays: set[date] = set()
    names: dict[date, str] = {}
    content = [
        (n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")
    ]
    for (number, _), row in zip(
        content, csv.reader(io.StringIO("\n".join(line for _, line in content))), strict=True
    ):
        cells = [c.strip() for c in row]
        if cells[:2] == ["date", "kind"]:
            continue
        if len(cells) < 2:
            raise ValidationFailed.on("calendar", f"第{number}行：应为“日期,类型,名称”")
        try:
            day = date.fromisoformat(cells[0])
        except ValueError:
            raise ValidationFailed.on("calendar", f"第{number}行：日期“{cells[0]}”格式不正确") from None
        kind = cells[1]
        if kind == HOLIDAY:
            holidays.add(day)
        elif kind == WORKDAY:
            if day.weekday() < _SATURDAY:
                raise ValidationFailed.on("calendar", f"第{number}行：{day:%Y-%m-%d} 不是周末，无需调休上班")
            workdays.add(day)
        else:
            raise ValidationFailed.on("calendar", f"第{number}行：类型应为 holiday 或 workday")
        names[day] = cells[2] if len(cells) > 2 else ""
    return WorkCalendar(holidays=frozenset(holidays), workdays=frozenset(workdays), names=names)
