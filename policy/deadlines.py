"""The time limits of the application workflow, as local parameters: how long an application may wait in
each state (working days), how long the 公示 runs (calendar days) and the overall limit.

Every figure is a ``workflow.*`` parameter of :data:`policy.parameters.CATALOGUE`, with its default (the
national figure where 民发〔2021〕57号 gives one, a typical local one marked 示例值 otherwise) and its basis.
A county, or a township overriding it, sets its own with effective dates; :func:`time_limits` reads them
from the :class:`~policy.parameters.Standards` of the application's area and day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from policy.calendar import WorkCalendar, add_working_days
from policy.errors import ValidationFailed
from policy.parameters import CATALOGUE, Standards
from policy.workflow import AppState

__all__ = ["STATE_DEADLINE_KEYS", "Deadline", "TimeLimits", "publicity_end", "state_due_on", "time_limits"]

S = AppState


@dataclass(frozen=True, slots=True)
class Deadline:
    days: int  # working days
    basis: str
    from_publicity_end: bool = False  # counted from the last day of 公示 rather than entering the state


# The catalogue parameter holding how long an application may wait in each state before it is overdue
# (逾期). 待审核确认 without 公示 has the same time to the decision as after a 公示, counted from the day
# the application got there instead of from the last day of 公示.
STATE_DEADLINE_KEYS: dict[AppState, str] = {
    S.SUBMITTED: "workflow.days.submitted",
    S.PREPAID: "workflow.days.prepaid",
    S.ACCEPTED: "workflow.days.accepted",
    S.VERIFIED: "workflow.days.verified",
    S.SURVEYED: "workflow.days.surveyed",
    S.PUBLICISING: "workflow.days.publicising",
    S.DECIDING: "workflow.days.publicising",
    S.OBJECTED: "workflow.days.objected",
}
_FROM_PUBLICITY_END = frozenset({S.PUBLICISING})


def _deadline(standards: Standards, key: str, *, from_publicity_end: bool = False) -> Deadline:
    return Deadline(standards.integer(key), CATALOGUE[key].basis, from_publicity_end)


@dataclass(frozen=True, slots=True)
class TimeLimits:
    """The time limits in force for one area and day: 公示 in calendar days, the rest in working days."""

    publicity_days: int
    states: Mapping[AppState, Deadline]
    overall: Deadline  # 自受理之日起 to the decision
    overall_extended: Deadline  # 特殊情况
    publicity_source: str = ""  # where ``publicity_days`` came from, to name it when it cannot be used

    def publicity_end(self, start: date) -> date:
        """The last day of a 公示 that starts on ``start`` (the first day counts).

        A 公示 shorter than a day is refused here, where it would be used, rather than when the limits
        are read: a bad value must not stop every other step of the area."""
        if self.publicity_days < 1:
            label = CATALOGUE["workflow.publicity_days"].label
            where = self.publicity_source or "当前设置"
            raise ValidationFailed.on(
                "workflow.publicity_days",
                f"{label}至少为1天（{where}为{self.publicity_days}天），请先修改地方标准",
            )
        return publicity_end(start, days=self.publicity_days)


def time_limits(standards: Standards) -> TimeLimits:
    """The ``workflow.*`` parameters of ``standards`` as time limits."""
    return TimeLimits(
        publicity_days=standards.integer("workflow.publicity_days"),
        states={
            state: _deadline(standards, key, from_publicity_end=state in _FROM_PUBLICITY_END)
            for state, key in STATE_DEADLINE_KEYS.items()
        },
        overall=_deadline(standards, "workflow.overall_days"),
        overall_extended=_deadline(standards, "workflow.overall_days_extended"),
        publicity_source=standards.source("workflow.publicity_days"),
    )


def publicity_end(start: date, *, days: int) -> date:
    """The last day of a ``days``-day 公示 that starts on ``start``."""
    return start + timedelta(days=days - 1)


def state_due_on(
    state: str,
    *,
    entered: date,
    calendar: WorkCalendar,
    limits: TimeLimits,
    publicity_last_day: date | None = None,
) -> date | None:
    """The day by which an application in ``state`` must move on; None for final states and 待补正
    (the applicant's time, not the office's)."""
    deadline = limits.states.get(AppState(state))
    if deadline is None:
        return None
    start = entered
    if deadline.from_publicity_end:
        if publicity_last_day is None:
            raise ValueError("a 公示 deadline needs the last day of 公示")
        start = publicity_last_day
    return add_working_days(start, deadline.days, calendar=calendar)
