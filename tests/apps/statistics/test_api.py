"""The statistics API serves the page's figures, scoped to the caller's area, in the one error shape."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.statistics.services import stats_refresh
from tests.apps.statistics.conftest import MONTHS
from tests.factories import COUNTY, OTHER_COUNTY


@pytest.fixture
def api(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)
    client = APIClient()
    client.force_authenticate(approver)
    return client


def test_the_monthly_table_comes_with_its_detail_and_areas(api):
    body = api.get("/api/v1/statistics/monthly/", {"month": "2025-11"}).json()

    rows = {r["code"]: r for r in body["table"]}
    assert body["area"] == COUNTY and body["month"] == "2025-11-01" and body["stale"] is False
    assert rows["MZ0101"]["label"] == "城市低保户数" and rows["MZ0101"]["unit"] == "户"
    urban = sum(p["households"] for p in body["programs"] if p["program"] == "dibao" and p["is_urban"])
    assert float(rows["MZ0101"]["value"]) == urban
    assert body["areas"] and all("households" in a for a in body["areas"])


def test_the_trend_has_one_point_per_month(api):
    body = api.get("/api/v1/statistics/trend/", {"month": "2025-12", "months": 6}).json()

    assert [p["month"] for p in body["points"]] == [f"2025-{m:02d}-01" for m in range(7, 13)]


def test_an_area_outside_answers_404_in_the_error_shape(api):
    response = api.get("/api/v1/statistics/monthly/", {"area": OTHER_COUNTY})

    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_bad_month_is_refused_naming_it(api):
    response = api.get("/api/v1/statistics/monthly/", {"month": "2025/13"})

    assert response.status_code == 400 and "2025/13" in response.json()["error"]["message"]
