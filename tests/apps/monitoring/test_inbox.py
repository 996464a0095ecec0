"""监测预警's 待办: the township's alerts to visit and to close, by 核实期限, overdue counted; nothing for a
role that does not visit, nor for another township."""

from __future__ import annotations

from datetime import timedelta

from apps.monitoring.selectors.inbox import alert_inbox_for
from apps.monitoring.services import alert_create_manual
from tests.apps.monitoring.flow import ON, visited
from tests.factories import TOWN_B, UserFactory, household


def _counts(actor, on=ON) -> dict[str, tuple[int, int]]:
    return {g.key: (g.total, g.overdue) for g in alert_inbox_for(actor=actor, on=on)}


def test_an_alert_waits_for_the_visit_then_for_its_outcome(worker, reviewer):
    # given a manual alert raised by the township
    alert = alert_create_manual(actor=reviewer, household=household(actor=worker), reason="邻居反映生活困难")

    # then it waits for the visit, not yet overdue, and is overdue past its 核实期限
    assert _counts(reviewer) == {"alerts_visit": (1, 0), "alerts_close": (0, 0)}
    assert _counts(reviewer, on=alert.due_on + timedelta(days=1))["alerts_visit"] == (1, 1)
    [visit, _] = alert_inbox_for(actor=reviewer, on=ON)
    assert [a.pk for a in visit.rows] == [alert.pk] and visit.kind == "alert"

    # when the township has visited, it waits for the outcome
    visited(actor=reviewer, alert=alert)
    assert _counts(reviewer) == {"alerts_visit": (0, 0), "alerts_close": (1, 0)}


def test_the_village_and_another_township_have_no_alert_to_act_on(worker, reviewer):
    alert_create_manual(actor=reviewer, household=household(actor=worker), reason="邻居反映生活困难")

    # the village worker reads alerts but does not visit: no group
    assert alert_inbox_for(actor=worker, on=ON) == []
    assert _counts(UserFactory(role="township_reviewer", area_id=TOWN_B))["alerts_visit"] == (0, 0)
