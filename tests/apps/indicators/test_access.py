"""The catalogue's values through the command and the API: one JSON object per indicator, the same from
both, scoped to the reader's area (outside answers 404 like a missing area), and the periods without data
saying why."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from apps.indicators.selectors import indicator_values
from policy.errors import NotFound, PermissionDenied
from policy.indicators import CATALOGUE, Office
from tests.factories import COUNTY, OTHER_COUNTY, TOWN

KEYS = {"code", "name", "unit", "office", "period", "value", "source", "as_of", "note"}


def _command(**options) -> str:
    out = StringIO()
    call_command("indicators", stdout=out, **options)
    return out.getvalue()


def test_the_command_prints_one_json_object_per_indicator_the_same_as_the_api(counted, admin_user):
    # when
    printed = json.loads(_command(area=COUNTY, year="2025", json=True))
    client = APIClient()
    client.force_authenticate(admin_user)
    answered = client.get("/api/v1/indicators/", {"area": COUNTY, "year": "2025"})

    # then
    assert answered.status_code == 200
    assert printed == answered.json()
    assert [row["code"] for row in printed] == list(CATALOGUE)
    assert all(set(row) == KEYS for row in printed)
    assert {row["source"] for row in printed} == {"records", "entered"}
    assert {row["office"] for row in printed} == {"社会救助"}
    first = printed[0]
    assert (first["code"], first["name"], first["unit"], first["period"]) == (
        "MZ0101",
        "城市低保户数",
        "户",
        "month_end",
    )
    assert first["value"].isdigit() and first["as_of"] == "2025-12-31" and first["note"] == "民政统计"
    money = next(row for row in printed if row["code"] == "MZ0301")
    assert money["value"].count(".") == 1 and len(money["value"].split(".")[1]) == 2  # 万元, two decimals
    entered = next(row for row in printed if row["code"] == "MZ0901")
    assert (entered["source"], entered["value"]) == ("entered", None)


def test_the_command_prints_a_table_and_reads_a_month(counted):
    text = _command(area="421303", year="2025", month="2025-11")

    assert "MZ0101" in text and "城市低保户数" in text and "统计月份 2025-11" in text
    with pytest.raises(CommandError, match="不在2025年内"):
        _command(area=COUNTY, year="2025", month="2024-11")
    with pytest.raises(CommandError):
        _command(area=COUNTY, year="二〇二五")


def test_an_area_outside_the_readers_answers_404_and_a_village_worker_is_refused(
    counted, approver, outsider, worker
):
    with pytest.raises(NotFound):
        indicator_values(actor=approver, area_code=OTHER_COUNTY, year=2025)
    with pytest.raises(NotFound):
        indicator_values(actor=outsider, area_code=COUNTY, year=2025)
    with pytest.raises(PermissionDenied):
        indicator_values(actor=worker, year=2025)
    client = APIClient()
    client.force_authenticate(approver)
    outside = client.get("/api/v1/indicators/", {"area": OTHER_COUNTY, "year": "2025"})
    missing = client.get("/api/v1/indicators/", {"area": "421303999000", "year": "2025"})
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert client.get("/api/v1/indicators/", {"year": "20x5"}).status_code == 400
    assert client.get("/api/v1/indicators/", {"office": "nowhere"}).status_code == 400
    mine = client.get("/api/v1/indicators/", {"year": "2025", "office": Office.SOCIAL_ASSISTANCE.value})
    assert mine.status_code == 200 and len(mine.json()) == len(CATALOGUE)


def test_a_township_has_its_own_figures_but_no_hand_entered_ones(counted, reviewer, approver):
    mine = {v.indicator.code: v for v in indicator_values(actor=reviewer, area_code=TOWN, year=2025).values}
    read = {v.indicator.code: v for v in indicator_values(actor=approver, area_code=TOWN, year=2025).values}

    assert mine["MZ0101"].value is not None and mine["MZ0601"].value is not None
    assert mine["MZ0901"].value is None and mine["MZ0901"].note == "无权查看目标管理"  # a township role
    assert read["MZ0901"].value is None and read["MZ0901"].note.startswith("目标管理按县（区）填报")


def test_a_year_not_begun_has_no_values_yet(counted, approver):
    sheet = indicator_values(actor=approver, area_code=COUNTY, year=2027)

    assert sheet.on is None
    assert {(v.value, v.note) for v in sheet.values} == {(None, "年度尚未开始")}


def test_every_office_that_owns_indicators_is_an_office_of_the_navigation():
    from apps.core.navigation import OFFICES

    assert {o.value for o in Office} <= {o.key for o in OFFICES}
