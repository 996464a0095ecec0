"""公示 and its objections: 7 days in the village from the day the list is posted; an objection sends the
application back to the township, whose re-check returns it to 核对 and 入户调查 and then 公示 again."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from apps.assistance.clock import today
from apps.assistance.models import Application, Objection
from apps.assistance.services.decisions import authority_for
from apps.assistance.services.steps import step_apply
from policy.errors import ValidationFailed
from policy.workflow import PUBLICITY_DAYS, publicity_end

if TYPE_CHECKING:
    from apps.accounts.models import User


def _text(value: str, field_name: str, what: str, minimum: int) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise ValidationFailed.on(field_name, f"请填写{what}")
    return text


def application_publicise(
    *,
    actor: User,
    application: Application,
    start: date | None = None,
    expected_version: int | None = None,
    on: date | None = None,
) -> Application:
    """公示 in the village for 7 days from ``start`` (the day the list is posted)."""
    on = on or today()
    first = start or on

    def prepare(app: Application) -> tuple[dict[str, Any], str, dict[str, Any]]:
        if app.surveyed_on and first < app.surveyed_on:
            raise ValidationFailed.on(
                "start", f"公示开始日期不能早于入户调查日期（{app.surveyed_on:%Y-%m-%d}）"
            )
        if first > on + timedelta(days=PUBLICITY_DAYS):
            raise ValidationFailed.on("start", "公示开始日期最多可提前一周安排")
        last = publicity_end(first)
        authority, _ = authority_for(application=app, on=on, granting=False)
        changes = {"publicity_start": first, "publicity_end": last, "authority": authority.value}
        return changes, f"公示期 {first:%Y-%m-%d} 至 {last:%Y-%m-%d}", {}

    return step_apply(
        actor=actor,
        application=application,
        step="publicise",
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
