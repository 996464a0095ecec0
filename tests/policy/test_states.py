"""policy/states.py: when a register's new dated state may start, and when its reason must be written."""

from __future__ import annotations

from datetime import date

import pytest

from policy.errors import ValidationFailed
from policy.states import state_change_check

TODAY, SINCE = date(2026, 12, 7), date(2026, 3, 1)


def check(**overrides: object) -> None:
    args = {
        "label": "停业",
        "effective_on": TODAY,
        "since": SINCE,
        "today": TODAY,
        "reason": "",
        "reason_required": False,
        **overrides,
    }
    state_change_check(**args)  # type: ignore[arg-type]


def test_a_change_from_today_or_after_the_current_state_began_is_accepted():
    check()
    check(effective_on=SINCE)


@pytest.mark.parametrize(
    ("on", "reason"),
    [
        (date(2026, 12, 8), "生效日期不能晚于今天"),
        (date(2026, 2, 28), "生效日期不能早于当前状态的起始日期 2026-03-01"),
    ],
)
def test_a_change_outside_its_dates_is_refused_on_the_date(on, reason):
    with pytest.raises(ValidationFailed) as caught:
        check(effective_on=on)
    assert caught.value.errors == {"effective_on": [reason]}


def test_a_state_that_needs_its_reason_is_refused_without_one_and_names_the_state():
    with pytest.raises(ValidationFailed) as caught:
        check(reason="  ", reason_required=True)
    assert caught.value.errors == {"reason": ["变更为“停业”须填写原因或依据"]}
    check(reason="消防整改", reason_required=True)
