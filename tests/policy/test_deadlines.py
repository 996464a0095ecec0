"""Time limits come from an area's standards (``workflow.*``), not constants; and 未成年人不公示 for 特困."""

from __future__ import annotations

from datetime import date

import pytest

from policy.calendar import WorkCalendar
from policy.deadlines import STATE_DEADLINE_KEYS, state_due_on, time_limits
from policy.errors import ValidationFailed
from policy.parameters import CATALOGUE, Standards
from policy.roles import Role
from policy.workflow import AppState, publicity_waived, transition_check

ON = date(2025, 9, 1)  # a Monday


def _standards(**raw: str) -> Standards:
    return Standards(
        area_code="421303000000",
        urban=False,
        on=ON,
        raw={key.replace("__", "."): value for key, value in raw.items()},
        sources={key.replace("__", "."): "曾都区 2025-01-01起" for key in raw},
    )


def test_every_state_deadline_and_the_publicity_are_catalogue_parameters_with_a_basis():
    for key in [*STATE_DEADLINE_KEYS.values(), "workflow.publicity_days", "workflow.overall_days"]:
        spec = CATALOGUE[key]
        assert spec.default is not None and spec.basis, key


def test_the_defaults_are_the_national_and_typical_figures():
    limits = time_limits(_standards())

    assert limits.publicity_days == 7
    assert limits.states[AppState.ACCEPTED].days == 3
    assert limits.states[AppState.ACCEPTED].basis.startswith("民发〔2021〕57号")
    assert (limits.overall.days, limits.overall_extended.days) == (30, 45)
    assert AppState.PENDING_DOCS not in limits.states


def test_an_area_sets_its_own_publicity_and_working_days():
    limits = time_limits(_standards(workflow__publicity_days="5", workflow__days__submitted="2"))

    assert limits.publicity_end(ON) == date(2025, 9, 5)
    due = state_due_on(AppState.SUBMITTED, entered=ON, calendar=WorkCalendar(), limits=limits)
    assert due == date(2025, 9, 3)


def test_a_decision_without_publicity_is_due_from_the_day_it_got_there():
    limits = time_limits(_standards())

    due = state_due_on(AppState.DECIDING, entered=ON, calendar=WorkCalendar(), limits=limits)

    assert due == date(2025, 9, 15)


def test_a_publicity_of_no_days_is_refused_naming_where_it_was_set():
    limits = time_limits(_standards(workflow__publicity_days="0"))

    with pytest.raises(ValidationFailed, match="公示期至少为1天（曾都区 2025-01-01起为0天）"):
        limits.publicity_end(ON)


# ---------------------------------------------------------------- 未成年人不公示


@pytest.mark.parametrize(
    ("program", "births", "waived"),
    [
        ("tekun", [date(2010, 5, 1)], True),
        ("tekun", [date(2010, 5, 1), date(2013, 1, 1)], True),
        ("tekun", [date(2007, 9, 1)], False),  # 18 on the day itself
        ("tekun", [date(2007, 9, 2)], True),  # 18 tomorrow
        ("tekun", [date(2010, 5, 1), date(1950, 1, 1)], False),
        ("tekun", [], False),
        ("dibao", [date(2010, 5, 1)], False),
        ("orphan", [date(2010, 5, 1)], False),
    ],
)
def test_only_a_tekun_application_of_minors_is_not_publicised(program, births, waived):
    assert publicity_waived(program=program, birth_dates=births, on=ON) is waived


def test_skipping_publicity_is_a_step_of_the_table_from_surveyed_to_deciding():
    step = transition_check("skip_publicity", state=AppState.SURVEYED, role=Role.TOWNSHIP_REVIEWER)

    assert step.target == AppState.DECIDING and "未成年人不公示" in step.basis
    assert transition_check("approve", state=AppState.DECIDING, role=Role.COUNTY_APPROVER)
    assert transition_check("refuse", state=AppState.DECIDING, role=Role.COUNTY_APPROVER)
