"""The one place an application changes state.

:func:`step_apply` locks the application row, checks that the actor's area holds it, that nobody changed
it since the actor loaded it (compare-and-set on ``version``), and that policy.workflow's table allows the
step from its state for the actor's role. Only then does it run the step's own checks and changes, write
the timeline row and the audit row, all in the caller's transaction. Two reviewers acting at once: the
second waits for the first's lock, then finds the version moved and gets "已被他人处理".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from apps.assistance.models import Application, ApplicationEvent
from apps.core.clock import work_calendar
from apps.core.db import locked_at_version
from apps.core.models import AuditAction
from apps.core.services import audit_record, snapshot
from apps.standards.selectors import standards_for
from policy.deadlines import STATE_DEADLINE_KEYS, TimeLimits, state_due_on, time_limits
from policy.workflow import AppState, transition_check

if TYPE_CHECKING:
    from apps.accounts.models import User

AUDIT_FIELDS = [
    "state",
    "version",
    "due_on",
    "documents_received",
    "accepted_on",
    "eligible",
    "proposed_amount",
    "surveyed_on",
    "investigators",
    "publicity_start",
    "publicity_end",
    "prepaid_amount",
    "decision_amount",
    "start_month",
    "refusal_reasons",
]

# What a step's own code returns: the fields to change, a note for the timeline, and extra timeline data.
Prepare = Callable[[Application], tuple[dict[str, Any], str, dict[str, Any]]]


def application_lock(*, actor: User, application: Application, expected_version: int | None) -> Application:
    """The application row, locked, if the actor's area holds it and nobody changed it meanwhile."""
    return locked_at_version(
        Application.objects.select_related("area", "area__parent", "household", "applicant"),
        pk=application.pk,
        version=application.version if expected_version is None else expected_version,
        conflict=lambda row: f"该申请已被他人处理（现为“{row.state_label}”），请刷新页面后查看最新情况",
        actor=actor,
    )


def time_limits_for(*, area_code: str, urban: bool, on: date) -> TimeLimits:
    """The time limits (公示 days, each state's working days) in force for an area on a day: the county's,
    or a township's own where it overrides them, else the catalogue's defaults."""
    return time_limits(standards_for(area_code=area_code, urban=urban, on=on))


def due_on_for(application: Application, *, entered: date) -> date | None:
    """When the application, entering its current state on ``entered``, must move on, by the time limits
    of its area in force that day."""
    if AppState(application.state) not in STATE_DEADLINE_KEYS:
        return None  # final, or waiting on the applicant: no office deadline, nothing to look up
    return state_due_on(
        application.state,
        entered=entered,
        calendar=work_calendar(),
        limits=time_limits_for(area_code=application.area_id, urban=application.is_urban, on=entered),
        publicity_last_day=application.publicity_end,
    )


@transaction.atomic
def step_apply(
    *,
    actor: User,
    application: Application,
    step: str,
    on: date,
    prepare: Prepare,
    expected_version: int | None = None,
    then: Callable[[Application], None] | None = None,
) -> Application:
    """Take ``step`` on ``application``: lock, check, change, record. Returns the updated row."""
    locked = application_lock(actor=actor, application=application, expected_version=expected_version)
    transition = transition_check(step, state=locked.state, role=actor.role)
    before = snapshot(locked, AUDIT_FIELDS)
    changes, note, data = prepare(locked)
    for field, value in changes.items():
        setattr(locked, field, value)
    from_state = locked.state
    assert transition.target is not None
    locked.state = transition.target
    locked.version += 1
    locked.state_since = on
    locked.due_on = due_on_for(locked, entered=on)
    locked.save()
    ApplicationEvent.objects.create(
        application=locked,
        step=step,
        from_state=from_state,
        to_state=locked.state,
        actor=actor,
        actor_name=str(actor),
        on=on,
        note=note,
        data=data,
    )
    if then is not None:
        then(locked)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        entity=locked,
        area_code=locked.area_id,
        household_id=locked.household_id,
        summary=(
            f"{locked.get_program_display()}申请{locked.number}：{transition.label}"
            f"（{AppState(from_state).label} → {AppState(locked.state).label}）"
            + (f"；{note}" if note else "")
        ),
        before=before,
        after=snapshot(locked, AUDIT_FIELDS),
    )
    return locked
