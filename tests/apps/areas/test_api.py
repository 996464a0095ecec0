"""The areas API: the tree inside the caller's area, its filters, and 404 for anything outside."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import COUNTY, OTHER_COUNTY, OTHER_VILLAGE, TOWN, TOWN_B, VILLAGE, VILLAGE_2, VILLAGE_B

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_area_list_holds_the_callers_area_and_everything_under_it(approver):
    listed = codes(api(approver).get("/api/v1/areas/"))

    assert listed == sorted([COUNTY, TOWN, VILLAGE, VILLAGE_2, TOWN_B, VILLAGE_B])
    assert OTHER_COUNTY not in listed and "420000000000" not in listed


def test_a_village_worker_sees_only_the_own_village(worker):
    assert codes(api(worker).get("/api/v1/areas/")) == [VILLAGE]


def test_area_list_filters_by_parent_level_and_name(approver):
    client = api(approver)

    assert codes(client.get("/api/v1/areas/", {"parent": TOWN})) == [VILLAGE, VILLAGE_2]
    assert codes(client.get("/api/v1/areas/", {"parent": "421303001"})) == [VILLAGE, VILLAGE_2]  # short code
    assert codes(client.get("/api/v1/areas/", {"level": 4})) == [TOWN, TOWN_B]
    assert codes(client.get("/api/v1/areas/", {"q": "万店"})) == [TOWN_B, VILLAGE_B]
    assert codes(client.get("/api/v1/areas/", {"parent": "420921000000"})) == []  # outside: nothing


def test_area_rows_say_level_parent_and_urban_or_rural(approver):
    rows = {r["code"]: r for r in api(approver).get("/api/v1/areas/", {"level": 5}).json()["results"]}

    assert rows[VILLAGE]["level_label"] == "村/社区"
    assert rows[VILLAGE]["parent"] == TOWN
    assert (rows[VILLAGE]["is_urban"], rows[VILLAGE]["kind_label"]) == (True, "城市")
    assert (rows[VILLAGE_B]["is_urban"], rows[VILLAGE_B]["kind_label"]) == (False, "农村")


def test_bad_area_filters_answer_400_in_chinese(approver):
    response = api(approver).get("/api/v1/areas/", {"level": 9, "parent": "12345"})

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["level"] == ["层级“9”无效，应为1到5"]
    assert "区划代码" in fields["parent"][0]


def test_area_detail_inside_the_area_names_the_parent(reviewer):
    response = api(reviewer).get(f"/api/v1/areas/{VILLAGE}/")

    assert response.status_code == 200
    assert response.json()["parent_name"] == "西城街道"


def test_area_detail_accepts_a_code_without_its_trailing_zeros(approver):
    assert api(approver).get("/api/v1/areas/421303/").json()["code"] == COUNTY


def test_out_of_area_area_answers_404_identical_to_a_missing_code(reviewer):
    client = api(reviewer)

    above = client.get(f"/api/v1/areas/{COUNTY}/")  # the reviewer's own county lies above their town
    elsewhere = client.get(f"/api/v1/areas/{OTHER_VILLAGE}/")
    missing = client.get("/api/v1/areas/421303999999/")
    nonsense = client.get("/api/v1/areas/abc/")

    assert above.status_code == elsewhere.status_code == missing.status_code == nonsense.status_code == 404
    assert above.json() == elsewhere.json() == missing.json() == nonsense.json()


def test_areas_need_a_signed_in_user(areas):
    assert APIClient().get("/api/v1/areas/").status_code == 401
