"""Reading applications and cases: only the actor's area, the inbox by role and authority, the overdue
list with working days, the review-due list, and a village's 公示 list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from apps.assistance.selectors import (
    ApplicationFilter,
    CaseFilter,
    application_get_for,
    application_list_for,
    case_list_for,
    inbox_for,
    overdue_for,
    publicity_list_for,
)
from apps.standards.models import StandardVersion
from policy.errors import NotFound
from policy.workflow import AppState
from tests.apps.assistance.flow import DAY, apply, approved_case, dibao_standards, walk
from tests.factories import COUNTY, OTHER_COUNTY, OTHER_VILLAGE, TOWN_B, VILLAGE, UserFactory, household

pytestmark = pytest.mark.usefixtures("standards")


@pytest.fixture
def elsewhere(outsider):
    """An application in 孝昌县, outside every 曾都区 user's area."""
    dibao_standards(OTHER_COUNTY)
    return apply(actor=outsider, household=household(actor=outsider, area_code=OTHER_VILLAGE))


def _keys(groups) -> dict[str, list[int]]:
    return {g.key: [row.pk for row in g.rows] for g in groups}


def test_lists_and_pages_keep_to_the_actors_area(worker, approver, family, elsewhere):
    mine = apply(actor=worker, household=family)

    assert list(application_list_for(actor=approver)) == [mine]
    with pytest.raises(NotFound):
        application_get_for(actor=approver, application_id=elsewhere.pk)
    with pytest.raises(NotFound):
        application_get_for(actor=worker, application_id=10**9)


def test_a_village_worker_sees_only_their_village(worker, reviewer):
    next_door = apply(actor=reviewer, household=household(actor=reviewer, area_code="421303001002"))

    assert next_door not in application_list_for(actor=worker)
    assert next_door in application_list_for(actor=reviewer, filters=ApplicationFilter(state="open"))


def test_the_inbox_routes_each_step_to_its_role(worker, reviewer, approver, family, settings):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    settings.MINZHENG_TODAY = DAY.isoformat()

    assert _keys(inbox_for(actor=worker))["publicising"] == [app.pk]
    assert _keys(inbox_for(actor=approver))["decide"] == []  # the 7 days are not over

    after = app.publicity_end + timedelta(days=1)
    assert _keys(inbox_for(actor=approver, on=after))["decide"] == [app.pk]
    assert "decide" not in _keys(inbox_for(actor=reviewer, on=after))


def test_a_delegated_decision_waits_in_the_townships_inbox(worker, reviewer, approver, family):
    StandardVersion.objects.create(
        area_id=COUNTY, key="approval.level", urban=None, value="township", effective_from=date(2023, 1, 1)
    )
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)
    after = app.publicity_end + timedelta(days=1)

    assert _keys(inbox_for(actor=reviewer, on=after))["decide"] == [app.pk]
    assert _keys(inbox_for(actor=approver, on=after))["decide"] == []


def test_a_reviewer_of_another_township_has_nothing_of_ours(worker, family):
    apply(actor=worker, household=family)
    stranger = UserFactory(role="township_reviewer", area_id=TOWN_B)

    assert all(not g.rows for g in inbox_for(actor=stranger))


def test_overdue_counts_working_days_past_the_deadline(worker, reviewer, family):
    app = apply(actor=worker, household=family, on=DAY)  # due 8 September 2025, five working days on

    rows = overdue_for(actor=reviewer, on=date(2025, 9, 15))

    assert [(r.pk, r.days_late) for r in rows] == [(app.pk, 5)]
    assert overdue_for(actor=reviewer, on=date(2025, 9, 8)) == []
    assert overdue_for(actor=reviewer, area_code=TOWN_B, on=date(2025, 9, 15)) == []


def test_cases_due_for_review_are_listed_for_the_township(worker, reviewer, approver, family, settings):
    case = approved_case(actor=reviewer, household=family, approver=approver)
    settings.MINZHENG_TODAY = case.next_review_on.isoformat()

    assert list(case_list_for(actor=reviewer, filters=CaseFilter(review_due=True))) == [case]
    assert _keys(inbox_for(actor=reviewer))["review_due"] == [case.pk]
    settings.MINZHENG_TODAY = (case.next_review_on - timedelta(days=1)).isoformat()
    assert list(case_list_for(actor=reviewer, filters=CaseFilter(review_due=True))) == []


def test_the_publicity_list_is_per_village_and_in_area(worker, reviewer, family):
    app = walk(apply(actor=worker, household=family), AppState.PUBLICISING, actor=reviewer)

    assert list(publicity_list_for(actor=worker, village_code=VILLAGE, on=DAY)) == [app]
    assert (
        list(publicity_list_for(actor=worker, village_code=VILLAGE, on=app.publicity_end + timedelta(days=1)))
        == []
    )
    with pytest.raises(NotFound):
        publicity_list_for(actor=worker, village_code=OTHER_VILLAGE, on=DAY)


def test_a_case_whose_phase_out_has_run_out_waits_for_the_approver(worker, reviewer, approver, family):
    from apps.assistance.services.cases import case_change

    StandardVersion.objects.create(
        area_id=COUNTY, key="dibao.phase_out_months", urban=None, value="2", effective_from=date(2023, 1, 1)
    )
    case = approved_case(actor=reviewer, household=family, approver=approver)
    case = case_change(
        actor=approver,
        case=case,
        change="phase_out",
        reason_code="employment",
        reason="就业后收入超过标准",
        on=date(2025, 11, 20),
    )  # December and January

    assert _keys(inbox_for(actor=approver, on=date(2026, 1, 31)))["phase_out_over"] == []
    assert _keys(inbox_for(actor=approver, on=date(2026, 2, 1)))["phase_out_over"] == [case.pk]
