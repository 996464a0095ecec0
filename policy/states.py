"""A register's dated state (an organisation's 正常/异常名录/注销, a facility's 运营/停业/撤销, and the
registers of the offices to come): when a new state may start, and when it needs its reason written."""

from __future__ import annotations

from datetime import date

from policy.errors import ValidationFailed


def state_change_check(
    *, label: str, effective_on: date, since: date, today: date, reason: str, reason_required: bool
) -> None:
    """Refuse a change to the state ``label`` from ``effective_on``: not after ``today``, not before the
    current state began (``since``: the history stays in date order), with its reason where required."""
    errors: dict[str, list[str]] = {}
    if effective_on > today:
        errors["effective_on"] = ["生效日期不能晚于今天"]
    elif effective_on < since:
        errors["effective_on"] = [f"生效日期不能早于当前状态的起始日期 {since:%Y-%m-%d}"]
    if reason_required and not reason.strip():
        errors["reason"] = [f"变更为“{label}”须填写原因或依据"]
    if errors:
        raise ValidationFailed(errors)
