"""低收入人口动态监测 in a real browser, as a new user would: the township puts a household under 防返贫
monitoring and its income drops; the county runs the early-warning rules; the township, on a phone, finds
the alert from the dashboard, visits the household and starts assistance, which opens an application."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.assistance.models import Application
from apps.monitoring.models import Alert
from tests.apps.assistance.flow import dibao_standards
from tests.apps.monitoring.flow import TODAY, earn, flagged, people
from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY, TOWN, VILLAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_income_drop_raises_an_alert_that_the_township_turns_into_an_application(
    page: Page, phone_page: Page, live_server, worker, reviewer, approver, settings
):
    settings.MINZHENG_TODAY = TODAY
    dibao_standards(COUNTY)
    fam = flagged(worker=worker, reviewer=reviewer)
    head = people(fam)[0]
    earn(worker, fam, head, "30000", 2025)
    earn(worker, fam, head, "1000", 2026)

    # the county runs the rules
    login(page, live_server, approver)
    page.get_by_role("link", name="监测预警").first.click()
    page.get_by_role("link", name="运行预警规则").click()
    page.get_by_role("button", name="运行").click()
    expect(page.locator(".msg")).to_contain_text("新增预警1条")
    expect(page.locator(".msg")).to_contain_text("家庭收入大幅下降：发现1户，新增1条")

    # the township, on a phone, follows the dashboard's count to the alert
    phone = phone_page
    login(phone, live_server, reviewer)
    phone.goto(f"{live_server.url}/monitoring/")
    expect(phone.get_by_role("heading", name="未办结预警")).to_be_visible()
    phone.locator("td[data-label='未办结'] a").first.click()
    expect(phone).to_have_url(  # a township sees its villages
        f"{live_server.url}/monitoring/alerts/?state=open&township={TOWN}&village={VILLAGE}"
    )
    alert = Alert.objects.get()
    phone.locator("td[data-label='预警编号']").get_by_role("link", name=alert.number, exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("家庭收入大幅下降")
    screenshot(phone, "monitoring-alert-phone")

    # visits the household, then starts assistance
    phone.get_by_label("入户核实日期").fill("2026-01-10")
    phone.get_by_label("核实情况").fill("入户了解：户主今年失业，家庭无稳定收入")
    phone.get_by_role("button", name="登记核实情况").click()
    expect(phone.locator(".msg, .messages").first).to_contain_text("已登记入户核实情况")
    phone.get_by_role("radio", name="启动救助").check()
    phone.get_by_label("救助项目（启动救助时）").select_option("dibao")
    phone.get_by_label("申请人（启动救助时）").select_option(str(head.pk))
    phone.get_by_role("button", name="办结").click()

    application = Application.objects.get()
    expect(phone).to_have_url(f"{live_server.url}/assistance/applications/{application.pk}/")
    expect(phone.locator("body")).to_contain_text(f"已启动救助，受理编号{application.number}")
    assert Alert.objects.get().application == application
    assert application.household_id == fam.pk and application.program == "dibao"
    screenshot(phone, "monitoring-application-phone")
