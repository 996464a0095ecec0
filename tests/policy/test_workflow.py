"""The application workflow table: every allowed transition per role, forbidden ones refused with a clear
message, who decides, time limits, the 一次性告知 checklist and start months."""

from __future__ import annotations

from datetime import date

import pytest

from policy.areas import AreaLevel
from policy.calendar import WorkCalendar
from policy.deadlines import publicity_end, state_due_on, time_limits
from policy.errors import InvalidTransition, PermissionDenied
from policy.parameters import Standards
from policy.roles import Role
from policy.workflow import (
    APPLICATION_TRANSITIONS,
    AppState,
    Authority,
    decision_authority,
    may_decide,
    missing_documents,
    required_documents,
    roles_for,
    start_month_after,
    transition_check,
)

# The catalogue's defaults: what an area that sets no time limits of its own gets.
DEFAULTS = time_limits(Standards(area_code="421303000000", urban=True, on=date(2025, 1, 1), raw={}))

V, T, C, A = Role.VILLAGE_WORKER, Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.ADMIN
# Who may make each application step (the area and the 确认机关 rule are checked apart, see below).
EXPECTED_ROLES = {
    "request_documents": {T, A},
    "resubmit": {V, T, A},
    "accept": {T, A},
    "prepay": {T, C, A},
    "verify": {T, A},
    "survey": {T, A},
    "publicise": {T, A},
    "skip_publicity": {T, A},
    "object": {V, T, A},
    "recheck": {T, A},
    "approve": {T, C, A},
    "refuse": {T, C, A},
    "withdraw": {V, T, A},
}


@pytest.mark.parametrize("name", sorted(APPLICATION_TRANSITIONS))
def test_each_step_is_open_to_exactly_the_expected_roles(name):
    assert set(roles_for(APPLICATION_TRANSITIONS[name])) == EXPECTED_ROLES[name]


def _allowed() -> list[tuple[str, str, Role]]:
    return [
        (name, state, role)
        for name, t in APPLICATION_TRANSITIONS.items()
        for state in sorted(t.sources)
        for role in EXPECTED_ROLES[name]
    ]


@pytest.mark.parametrize(("name", "state", "role"), _allowed())
def test_every_allowed_transition_passes_the_table(name, state, role):
    transition = transition_check(name, state=state, role=role)

    assert transition.target in {s.value for s in AppState}


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("approve", AppState.SUBMITTED),
        ("approve", AppState.SURVEYED),
        ("publicise", AppState.ACCEPTED),
        ("verify", AppState.PENDING_DOCS),
        ("accept", AppState.APPROVED),
        ("withdraw", AppState.APPROVED),
        ("withdraw", AppState.PREPAID),
        ("survey", AppState.SURVEYED),
        ("object", AppState.SURVEYED),
        ("refuse", AppState.ACCEPTED),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_naming_both(name, state):
    with pytest.raises(InvalidTransition) as caught:
        transition_check(name, state=state, role=Role.ADMIN)

    assert (
        caught.value.message == f"当前状态为“{state.label}”，不能进行“{APPLICATION_TRANSITIONS[name].label}”"
    )


@pytest.mark.parametrize(
    ("name", "state", "role"),
    [
        ("accept", AppState.SUBMITTED, V),
        ("accept", AppState.SUBMITTED, C),
        ("verify", AppState.ACCEPTED, V),
        ("verify", AppState.ACCEPTED, C),
        ("survey", AppState.VERIFIED, C),
        ("publicise", AppState.SURVEYED, V),
        ("approve", AppState.PUBLICISING, V),
        ("approve", AppState.PUBLICISING, Role.FINANCE),
        ("refuse", AppState.PUBLICISING, Role.SUPERVISOR),
        ("object", AppState.PUBLICISING, C),
        ("withdraw", AppState.SUBMITTED, Role.FINANCE),
    ],
)
def test_a_role_without_the_capability_is_refused(name, state, role):
    with pytest.raises(PermissionDenied, match=APPLICATION_TRANSITIONS[name].label):
        transition_check(name, state=state, role=role)


def test_an_unknown_step_is_refused():
    with pytest.raises(InvalidTransition, match="未知的操作"):
        transition_check("teleport", state=AppState.SUBMITTED, role=Role.ADMIN)


def test_final_states_have_no_way_out():
    finals = {s for s in AppState if s.final}

    assert finals == {AppState.APPROVED, AppState.REFUSED, AppState.WITHDRAWN}
    assert not any(t.sources & finals for t in APPLICATION_TRANSITIONS.values())


def test_every_open_state_can_be_reached_and_left():
    targets = {t.target for t in APPLICATION_TRANSITIONS.values()} | {AppState.SUBMITTED}
    sources = set().union(*(t.sources for t in APPLICATION_TRANSITIONS.values()))

    assert {s.value for s in AppState} <= targets
    assert {s.value for s in AppState if not s.final} <= sources


# ---------------------------------------------------------------- who decides


def test_dibao_is_decided_by_the_county_unless_delegated():
    assert decision_authority(program="dibao", approval_level="county") is Authority.COUNTY
    assert decision_authority(program="dibao", approval_level="township") is Authority.TOWNSHIP


def test_temporary_assistance_is_decided_where_its_amount_falls():
    for approver, who in [
        ("township", Authority.TOWNSHIP),
        ("county", Authority.COUNTY),
        ("", Authority.COUNTY),
    ]:
        got = decision_authority(program="temporary", approval_level="township", temporary_approver=approver)
        assert got is who, approver


@pytest.mark.parametrize(
    ("level", "authority", "may"),
    [
        (AreaLevel.COUNTY, Authority.COUNTY, True),
        (AreaLevel.COUNTY, Authority.TOWNSHIP, True),
        (AreaLevel.TOWNSHIP, Authority.TOWNSHIP, True),
        (AreaLevel.TOWNSHIP, Authority.COUNTY, False),
        (AreaLevel.VILLAGE, Authority.TOWNSHIP, False),
    ],
)
def test_a_township_decides_only_what_is_delegated(level, authority, may):
    assert may_decide(actor_level=level, authority=authority) is may


# ---------------------------------------------------------------- time limits and dates


def test_publicity_lasts_seven_days_including_the_first():
    assert DEFAULTS.publicity_end(date(2025, 6, 3)) == date(2025, 6, 9)
    assert publicity_end(date(2025, 6, 3), days=7) == date(2025, 6, 9)


def test_the_accepted_state_is_due_in_three_working_days():
    due = state_due_on(AppState.ACCEPTED, entered=date(2025, 3, 7), calendar=WorkCalendar(), limits=DEFAULTS)

    assert due == date(2025, 3, 12)


def test_the_decision_is_due_ten_working_days_after_publicity_ends():
    due = state_due_on(
        AppState.PUBLICISING,
        entered=date(2025, 3, 3),
        calendar=WorkCalendar(),
        limits=DEFAULTS,
        publicity_last_day=date(2025, 3, 9),
    )

    assert due == date(2025, 3, 21)


def test_pending_documents_and_final_states_have_no_office_deadline():
    for state in (AppState.PENDING_DOCS, AppState.APPROVED, AppState.REFUSED):
        assert state_due_on(state, entered=date(2025, 3, 3), calendar=WorkCalendar(), limits=DEFAULTS) is None


def test_a_proxy_application_also_needs_the_letter_of_authority():
    own = {d.code for d in required_documents("dibao", channel="self")}
    proxy = {d.code for d in required_documents("dibao", channel="proxy")}

    assert proxy - own == {"proxy_letter"}


def test_missing_documents_lists_every_one_not_received():
    missing = missing_documents("dibao", channel="proxy", received=frozenset({"application", "identity"}))

    assert [d.code for d in missing] == ["declaration", "authorization", "proxy_letter"]


@pytest.mark.parametrize(
    ("decided", "start"),
    [
        (date(2025, 3, 31), date(2025, 4, 1)),
        (date(2025, 12, 1), date(2026, 1, 1)),
        (date(2026, 1, 15), date(2026, 2, 1)),
    ],
)
def test_payment_starts_the_month_after_the_decision(decided, start):
    assert start_month_after(decided) == start


def test_every_programme_has_a_document_list_that_starts_with_the_application():
    from policy.programs import PROGRAMS

    for code in PROGRAMS:
        docs = required_documents(code, channel="self")
        assert docs[0].code == "application", code
        assert len({d.code for d in docs}) == len(docs), code
