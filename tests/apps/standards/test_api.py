"""``POST /api/v1/assessments/`` and ``GET /api/v1/standards/``: scoped, the CLI's JSON, Chinese errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from apps.accounts.services import token_create
from tests.factories import OTHER_VILLAGE, VILLAGE

pytestmark = pytest.mark.django_db

EXAMPLE = json.loads(
    (Path(__file__).resolve().parents[3] / "docs" / "examples" / "zengdu_urban_family.json").read_text()
)


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(actor=user)}")
    return client


def test_a_household_in_the_callers_area_is_assessed_as_the_cli_does(worker, demo_standards):
    response = api(worker).post("/api/v1/assessments/", EXAMPLE, format="json")

    assert response.status_code == 200
    data = response.json()
    assert data["per_capita_income"] == "300.00"
    assert data["programs"]["dibao"]["monthly_amount"] == "1208.00"
    assert any("680" in s["basis"] for s in data["programs"]["dibao"]["trace"])


def test_hypothetical_standards_in_the_body_are_applied(worker, demo_standards):
    body = {**EXAMPLE, "standards": {"dibao.standard": "700"}}

    data = api(worker).post("/api/v1/assessments/", body, format="json").json()

    assert data["assumed_standards"] == {"dibao.standard": "700"}
    assert data["programs"]["dibao"]["monthly_amount"] == "1270.00"


def test_an_area_outside_the_callers_answers_404_like_elsewhere(worker, demo_standards):
    body = {**EXAMPLE, "area": OTHER_VILLAGE}

    response = api(worker).post("/api/v1/assessments/", body, format="json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_area_given_as_a_number_is_refused_without_reaching_outside(worker, demo_standards):
    assert (
        api(worker)
        .post("/api/v1/assessments/", {**EXAMPLE, "area": int(OTHER_VILLAGE)}, format="json")
        .status_code
        == 404
    )
    response = api(worker).post("/api/v1/assessments/", {**EXAMPLE, "area": int(VILLAGE)}, format="json")
    assert response.status_code == 400 and "area" in response.json()["error"]["fields"]


def test_the_documented_example_of_the_schema_is_valid(worker, demo_standards):
    from apps.standards.api import EXAMPLE as SCHEMA_EXAMPLE

    assert api(worker).post("/api/v1/assessments/", SCHEMA_EXAMPLE, format="json").status_code == 200


def test_a_village_worker_may_not_assess_a_neighbouring_village(worker, demo_standards):
    body = {**EXAMPLE, "area": "421303001002"}

    assert api(worker).post("/api/v1/assessments/", body, format="json").status_code == 404


def test_bad_input_answers_400_with_chinese_reasons_per_field(worker, demo_standards):
    members = [dict(m) for m in EXAMPLE["members"]]
    members[1]["id_number"] = "421303198207200221"
    body = {**EXAMPLE, "members": members, "assets": {"vehicles": "两辆"}}

    response = api(worker).post("/api/v1/assessments/", body, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "members[1].id_number：公民身份号码校验位错误，请核对是否抄错"
    assert error["fields"]["members-1-id_number"] == ["公民身份号码校验位错误，请核对是否抄错"]
    assert error["fields"]["assets-vehicles"] == ["应为不小于0的整数"]


def test_a_body_that_is_not_json_answers_400_in_chinese(worker):
    response = api(worker).post("/api/v1/assessments/", "{", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("请求内容不是有效的JSON")


def test_an_anonymous_caller_is_refused(areas):
    assert APIClient().post("/api/v1/assessments/", EXAMPLE, format="json").status_code in (401, 403)


def test_the_standards_in_force_are_listed_with_their_sources(worker, demo_standards):
    data = api(worker).get("/api/v1/standards/", {"on": "2023-06-01"}).json()

    rows = {r["key"]: r for r in data["parameters"]}
    assert data["area"] == VILLAGE and data["urban"] is True
    assert rows["dibao.standard"]["value"] == "680"
    assert rows["dibao.standard"]["source"].startswith("曾都区 2023-01-01起")
    assert rows["dibao.near_multiple"]["source"] == "默认值"


def test_the_standards_of_the_county_above_are_visible_but_not_another_countys(worker, demo_standards):
    client = api(worker)

    assert client.get("/api/v1/standards/", {"area": "421303000000"}).status_code == 200
    assert client.get("/api/v1/standards/", {"area": "420921000000"}).status_code == 404
    assert client.get("/api/v1/standards/", {"area": OTHER_VILLAGE}).status_code == 404
