"""The statistics pages as a user meets them: the 民政统计 table with its links to the records behind each
figure, drill-down by area, the refresh button, the XLSX export, and the home page's charts."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.statistics.models import StatFact
from apps.statistics.services import stats_refresh
from policy.statistics import Measure
from tests.apps.statistics.conftest import MONTHS, NOV
from tests.factories import COUNTY, OTHER_COUNTY, TOWN


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counted(history, approver):
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)


def test_the_monthly_page_shows_the_table_and_links_each_count_to_its_cases(counted, approver):
    response = _client(approver).get("/statistics/", {"month": "2025-11"})

    text = response.content.decode()
    assert response.status_code == 200
    assert "城市低保户数" in text and "MZ0101" in text and "环比" in text
    assert "/assistance/cases/?program=dibao&amp;month=2025-11&amp;flow=in_care&amp;urban=1" in text
    assert "<svg" in text and "已是最新" in text


def test_the_case_list_behind_a_figure_lists_exactly_the_cases_counted(counted, approver):
    households = sum(
        StatFact.objects.filter(month=NOV, program="dibao", is_urban=True).values_list(
            "households", flat=True
        )
    )
    client = _client(approver)

    response = client.get(
        "/assistance/cases/", {"program": "dibao", "month": "2025-11", "flow": "in_care", "urban": "1"}
    )

    assert response.status_code == 200
    assert response.context["page"].total == households > 0


@pytest.mark.parametrize("flow", ["new", "exit"])
def test_the_case_list_behind_new_and_exits_matches_the_flows(counted, approver, flow):
    month = "2025-10" if flow == "exit" else "2025-11"
    measure = "new_households" if flow == "new" else "exit_households"
    counted_total = sum(
        StatFact.objects.filter(month=f"{month}-01", program="dibao").values_list(measure, flat=True)
    )

    response = _client(approver).get("/assistance/cases/", {"program": "dibao", "month": month, "flow": flow})

    assert response.context["page"].total == counted_total > 0


def test_a_township_drills_down_to_its_villages_and_not_beyond_its_area(counted, reviewer):
    client = _client(reviewer)

    page = client.get("/statistics/", {"month": "2025-11"})
    assert page.status_code == 200 and "分区域" in page.content.decode()
    assert client.get("/statistics/", {"area": "421303100000"}).status_code == 404
    assert client.get("/statistics/", {"area": OTHER_COUNTY}).status_code == 404


def test_the_refresh_button_rebuilds_the_county_and_says_so(history, reviewer):
    response = _client(reviewer).post("/statistics/refresh/", {"month": "2025-11", "area": TOWN}, follow=True)

    assert "已重新统计2025年01月至2025年11月" in response.content.decode()
    assert StatFact.objects.filter(county=COUNTY, month=NOV).exists()


def test_the_export_holds_every_table_with_the_same_figures(counted, approver):
    response = _client(approver).get("/statistics/export/", {"month": "2025-11"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["民政统计月报", "分项目明细", "分区域", "近12个月趋势"]
    sheet = book["民政统计月报"]
    values = {row[2]: row[3] for row in sheet.iter_rows(min_row=5, values_only=True) if row[2]}
    urban = sum(
        StatFact.objects.filter(month=NOV, program="dibao", is_urban=True).values_list(
            "households", flat=True
        )
    )
    assert values["MZ0101"] == urban
    assert book["分区域"]._charts and book["近12个月趋势"]._charts


def test_the_home_page_charts_link_to_the_records_for_statistics_readers(counted, approver, worker):
    response = _client(approver).get("/stats/")

    text = response.content.decode()
    assert "社会救助" in text and text.count("<svg") >= 3
    assert "flow=in_care" in text
    assert response.context["board"].monthly.total(Measure.HOUSEHOLDS) > 0
    assert "<svg" not in _client(worker).get("/stats/").content.decode()
