"""公示 and its objections: in the village from the day the list is posted, for the days the area's
standards set (``workflow.publicity_days``, 7 by default); an objection sends the application back to the
township, whose re-check returns it to 核对 and 入户调查 and then 公示 again.

A 特困 application whose covered people are all minors is not publicised (未成年人不公示): the step that
would start the 公示 records why and takes it straight to 待审核确认, through the table's ``skip_publicity``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from apps.assistance.choices import Program
from apps.assistance.models import Application, Objection
from apps.assistance.services.decisions import authority_for
from apps.assistance.services.steps import step_apply, time_limits_for
from apps.core.clock import today
from apps.registry.models import Person
from policy.errors import ValidationFailed
from policy.workflow import ADULT_AGE, MINORS_NOT_PUBLICISED, publicity_waived

if TYPE_CHECKING:
    from apps.accounts.models import User


def _text(value: str, field_name: str, what: str, minimum: int) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise ValidationFailed.on(field_name, f"请填写{what}")
    return text


# How far ahead a 公示 may be scheduled: an office arrangement, not a rule of the 公示 itself.
PLAN_AHEAD = timedelta(days=7)


def covered_people(application: Application) -> list[Person]:
    """Whom the application would cover: those the 核对 found, else the applicant."""
    ids = list(application.covered_ids) or [application.applicant_id]
    return list(Person.objects.filter(pk__in=ids).order_by("id"))


def publicity_waived_for(application: Application, *, on: date) -> bool:
    """True when ``application`` goes to the decision without 公示 (a 特困 application of minors only)."""
    if application.program != Program.TEKUN:
        return False  # no need to read anyone's birth date
    births = [p.birth_date for p in covered_people(application)]
    return publicity_waived(program=application.program, birth_dates=births, on=on)


def application_publicise(
    *,
    actor: User,
    application: Application,
    start: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """公示 in the village from ``start`` (the day the list is posted) for the area's 公示期; or, for a 特困
    application of minors, no 公示 at all: straight to 待审核确认, ``start`` unused."""
    on = on or today()
    if publicity_waived_for(application, on=on):
        return _skip_publicity(actor=actor, application=application, expected_version=expected_version, on=on)
    first = start or on
    limits = time_limits_for(area_code=application.area_id, urban=application.is_urban, on=on)

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        if app.surveyed_on and first < app.surveyed_on:
            raise ValidationFailed.on(
                "start", f"公示开始日期不能早于入户调查日期（{app.surveyed_on:%Y-%m-%d}）"
            )
        if first > on + PLAN_AHEAD:
            raise ValidationFailed.on("start", "公示开始日期最多可提前一周安排")
        last = limits.publicity_end(first)
        authority, _ = authority_for(application=app, on=on, granting=False)
        changes = {"publicity_start": first, "publicity_end": last, "authority": authority.value}
        return (
            changes,
            f"公示期 {first:%Y-%m-%d} 至 {last:%Y-%m-%d}（{limits.publicity_days}天）",
            {"days": limits.publicity_days},
        )

    return step_apply(
        actor=actor,
        application=application,
        step="publicise",
        on=on,
        prepare=prepare,
        expected_version=expected_version,
    )


def _skip_publicity(
    *, actor: User, application: Application, expected_version: int | None, on: date
) -> Application:
    """未成年人不公示: record why, and go to where the 公示 would have ended — waiting for the decision,
    whose deadline runs from today."""

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        people = covered_people(app)
        authority, _ = authority_for(application=app, on=on, granting=False)
        changes = {"publicity_start": None, "publicity_end": None, "authority": authority.value}
        names = "、".join(p.name for p in people)
        data = {"covered": [{"id": p.pk, "name": p.name} for p in people]}
        return changes, f"{MINORS_NOT_PUBLICISED}：{names}均未满{ADULT_AGE}周岁", data

    return step_apply(
        actor=actor,
        application=application,
        step="skip_publicity",
        on=on,
        prepare=prepare,
        expected_version=expected_version,
    )


def application_object(
    *,
    actor: User,
    application: Application,
    content: str,
    raised_by: str = "",
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """An objection to the 公示 is recorded; the application goes back to the township to re-check."""
    on = on or today()
    text = _text(content, "content", "异议内容", minimum=4)

    def then(app: Application) -> None:
        Objection.objects.create(
            application=app,
            content=text,
            raised_by=raised_by.strip()[:100],
            received_on=on,
            recorded_by=actor,
        )

    return step_apply(
        actor=actor,
        application=application,
        step="object",
        on=on,
        prepare=lambda app: ({}, f"公示异议：{text[:100]}", {"raised_by": raised_by.strip()}),
        then=then,
        expected_version=expected_version,
    )


def application_recheck(
    *,
    actor: User,
    application: Application,
    resolution: str,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """异议复查: the township takes the objections up; the application returns to 核对 and 入户调查, and
    is publicised again afterwards."""
    on = on or today()
    text = _text(resolution, "resolution", "复查意见", minimum=4)

    def then(app: Application) -> None:
        app.objections.filter(resolved_on__isnull=True).update(resolution=text, resolved_on=on)

    return step_apply(
        actor=actor,
        application=application,
        step="recheck",
        on=on,
        prepare=lambda app: ({"publicity_start": None, "publicity_end": None}, f"复查意见：{text}", {}),
        then=then,
        expected_version=expected_version,
    )
