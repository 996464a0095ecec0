"""The monitoring API: alerts list and detail, the outcome in one call, the register."""

from __future__ import annotations

from rest_framework.test import APIClient

from apps.monitoring.services import alert_create_manual, flag_add
from tests.factories import household


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_township_closes_an_alert_with_its_visit_in_one_call(worker, reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹")
    url = f"/api/v1/monitoring/alerts/{alert.pk}/outcome/"
    body = {
        "visited_on": "2026-01-10",
        "visit_notes": "已核实",
        "outcome": "not_needed",
        "reason": "损失轻微",
    }
    response = api(reviewer).post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "not_needed" and response.json()["closed_on"] == "2026-01-10"


def test_not_needed_without_a_reason_is_a_400_naming_the_field(worker, reviewer, family):
    alert = alert_create_manual(actor=reviewer, household=family, reason="冰雹")
    body = {"visited_on": "2026-01-10", "visit_notes": "已核实", "outcome": "not_needed"}
    response = api(reviewer).post(f"/api/v1/monitoring/alerts/{alert.pk}/outcome/", body, format="json")
    assert response.status_code == 400 and "reason" in str(response.json())


def test_lists_are_scoped(worker, reviewer, outsider):
    fam = household(actor=worker)
    alert_create_manual(actor=reviewer, household=fam, reason="冰雹")
    flag_add(actor=reviewer, household=fam, reason="因灾")
    assert api(reviewer).get("/api/v1/monitoring/alerts/").json()["count"] == 1
    assert api(reviewer).get("/api/v1/monitoring/register/").json()["count"] == 1
    assert api(outsider).get("/api/v1/monitoring/alerts/").json()["count"] == 0
