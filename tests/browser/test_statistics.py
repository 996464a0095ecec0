"""Statistics in a real browser: the county approver opens the home page on a phone and finds the month's
figures and charts fitting the screen, taps a figure and lands on the cases behind it; on a desktop the
民政统计 table shows the same figure, and its Excel export downloads with it."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from apps.statistics.models import StatFact
from apps.statistics.services import stats_refresh
from tests.apps.statistics.conftest import MONTHS, NOV
from tests.apps.statistics.conftest import history as history  # the fixture, shared
from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_on_a_phone_and_the_monthly_table_with_its_export(
    browser: Browser,
    live_server,
    history,
    approver,
    settings,
):
    # given: a year of statistics, the newest month November 2025
    settings.MINZHENG_TODAY = "2025-11-20"
    stats_refresh(actor=approver, county=COUNTY, months=MONTHS)
    urban = sum(
        StatFact.objects.filter(month=NOV, program="dibao", is_urban=True).values_list(
            "households", flat=True
        )
    )

    # when: the approver opens the home page on a phone
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    login(page, live_server, approver)
    board = page.locator("#board")
    expect(board).to_contain_text("社会救助 · 2025年11月末")

    # then: the figures and charts fit the screen, and a figure leads to its cases
    expect(page.locator("#headline")).to_contain_text("城市低保户数")
    assert page.locator("svg.chart").count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    assert page.locator("svg.chart").first.bounding_box()["width"] <= 360
    screenshot(page, "statistics_dashboard_phone")
    page.locator("#headline a", has_text="城市低保户数").click()
    expect(page.locator("h1")).to_contain_text("在保对象")
    expect(page.locator("#f-flow")).to_have_value("in_care")
    expect(page.get_by_text(f"共 {urban} 户").or_(page.get_by_text(f"共{urban}户"))).to_be_visible()
    phone.close()

    # when: on a desktop, the 民政统计 table for November
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    desk.set_default_timeout(15_000)
    tab = desk.new_page()
    login(tab, live_server, approver)
    tab.goto(f"{live_server.url}/statistics/?month=2025-11")
    row = tab.locator("#monthly-table tr", has_text="MZ0101")
    expect(row).to_contain_text("城市低保户数")
    expect(row.locator("td[data-label='数量']")).to_have_text(f"{urban:,}")
    screenshot(tab, "statistics_monthly_table")

    # then: the Excel export holds the same figure
    with tab.expect_download() as download:
        tab.get_by_role("link", name="导出Excel").click()
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    values = {r[2]: r[3] for r in book["民政统计月报"].iter_rows(min_row=5, values_only=True) if r[2]}
    assert values["MZ0101"] == urban
    desk.close()
