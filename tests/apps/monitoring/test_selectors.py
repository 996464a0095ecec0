"""The register, the alert lists and the dashboard: scoped to the actor's area, counts equal to the rows."""

from __future__ import annotations

from datetime import date

from apps.monitoring.models import Alert
from apps.monitoring.selectors import (
    AlertFilter,
    RegisterFilter,
    alert_list_for,
    dashboard_for,
    register_counts_for,
    register_list_for,
)
from apps.monitoring.services import alert_create_manual
from tests.apps.monitoring.flow import ON, dibao_case, flagged
from tests.factories import TOWN, TOWN_B, VILLAGE, VILLAGE_B, UserFactory, household


def test_the_register_holds_open_cases_and_flags_by_category(worker, reviewer, approver):
    case = dibao_case(worker=worker, reviewer=reviewer, approver=approver)
    fam = flagged(worker=worker, reviewer=reviewer)
    household(actor=worker)  # neither: not on the register

    assert set(register_list_for(actor=approver)) == {case.household, fam}
    assert list(register_list_for(actor=approver, filters=RegisterFilter(category="dibao"))) == [
        case.household
    ]
    assert list(register_list_for(actor=approver, filters=RegisterFilter(category="flagged"))) == [fam]
    counts = {code: n for code, _label, n in register_counts_for(actor=approver)}
    assert (counts["dibao"], counts["flagged"], counts["tekun"]) == (1, 1, 0)


def test_the_register_filters_by_township_and_village(worker, reviewer, approver, areas):
    here = flagged(worker=worker, reviewer=reviewer)
    town_b = UserFactory(role="township_reviewer", area_id=TOWN_B)
    there = flagged(
        worker=UserFactory(role="village_worker", area_id=VILLAGE_B), reviewer=town_b, area_code=VILLAGE_B
    )

    assert list(register_list_for(actor=approver, filters=RegisterFilter(township=TOWN_B))) == [there]
    assert list(register_list_for(actor=approver, filters=RegisterFilter(village=VILLAGE))) == [here]
    assert list(register_list_for(actor=reviewer)) == [here]  # a township sees its own only


def test_dashboard_counts_equal_the_open_and_overdue_rows(worker, reviewer, approver, areas):
    town_b = UserFactory(role="township_reviewer", area_id=TOWN_B)
    b_worker = UserFactory(role="village_worker", area_id=VILLAGE_B)
    old = alert_create_manual(
        actor=reviewer, household=household(actor=worker), reason="洪灾", on=date(2025, 12, 1)
    )
    alert_create_manual(actor=reviewer, household=household(actor=worker), reason="洪灾")
    alert_create_manual(actor=town_b, household=household(actor=b_worker, area_code=VILLAGE_B), reason="冰雹")

    rows = {r.area.code: (r.open, r.overdue) for r in dashboard_for(actor=approver, on=ON)}

    assert rows == {TOWN: (2, 1), TOWN_B: (1, 0)}
    for code, (n_open, n_overdue) in rows.items():
        assert alert_list_for(actor=approver, on=ON, filters=AlertFilter(township=code)).count() == n_open
        overdue = alert_list_for(actor=approver, on=ON, filters=AlertFilter(state="overdue", township=code))
        assert overdue.count() == n_overdue
    assert list(overdue) == [] and Alert.objects.get(pk=old.pk).due_on < ON


def test_a_township_dashboard_is_by_village(worker, reviewer):
    alert_create_manual(actor=reviewer, household=household(actor=worker), reason="洪灾")
    assert [(r.area.code, r.open) for r in dashboard_for(actor=reviewer, on=ON)] == [(VILLAGE, 1)]
