"""A whole 低保 application in a real browser, from 申请 to 纳入, acting as the three roles in turn:

the village worker applies for a household (with two documents short), the township reviewer tells every
missing document at once, the worker hands them in, the reviewer accepts, runs the 核对, records the
入户调查 with a photo and starts the 公示; the office clock then moves past the 7 days (no sleeping) and the
county approver approves. The household then shows a 在保 case with its amount."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.assistance.models import Application, Case
from apps.registry.selectors import household_members
from tests.apps.assistance.flow import dibao_standards
from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128


@pytest.fixture
def open_as(browser: Browser, live_server) -> Iterator:
    """A fresh, logged-in browser tab per user, so each role keeps its own session."""
    contexts = []

    def opener(user, *, phone: bool = False) -> Page:
        size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        login(tab, live_server, user)
        return tab

    yield opener
    for context in contexts:
        context.close()


def _open_from_inbox(tab: Page, live_server, group: str, name: str, shot: str = "") -> None:
    tab.goto(f"{live_server.url}/assistance/")
    section = tab.locator(f"#inbox-{group}")
    expect(section).to_contain_text(name)
    if shot:
        screenshot(tab, shot)
    section.get_by_role("link", name=name).click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(name)


def test_a_dibao_application_goes_from_application_to_enrolment(
    open_as, live_server, worker, reviewer, approver, family, settings
):
    dibao_standards(COUNTY)  # 曾都区 2023: 城市 680, 农村 617 元/人·月
    head = household_members(household=family).first().person
    ids = [m.person.id_number for m in household_members(household=family)]

    # 申请: the village worker, from the household page, with two documents still missing
    village = open_as(worker)
    village.goto(f"{live_server.url}/registry/households/{family.pk}/")
    village.get_by_role("link", name="申请救助").click()
    expect(village.get_by_role("heading", level=1)).to_contain_text("申请救助")
    village.get_by_label("申请人").select_option(str(head.pk))
    village.get_by_label("申请理由").fill("户主患病，家庭无稳定收入，生活困难")
    village.get_by_label("书面申请书").check()
    village.get_by_label("共同生活家庭成员的居民身份证、户口簿").check()
    village.get_by_label("委托书（委托村(居)委会或他人代为申请的）").check()
    screenshot(village, "dibao-1-apply")
    village.get_by_role("button", name="提交申请").click()
    expect(village.locator(".messages")).to_contain_text("已提交最低生活保障申请")
    expect(village.get_by_role("heading", level=1)).to_contain_text("待受理")
    app = Application.objects.get(household=family)

    # 受理 → 一次性告知: the township reviewer finds it in 待办
    town = open_as(reviewer)
    _open_from_inbox(town, live_server, "submitted", head.name, shot="dibao-2-township-inbox")
    town.get_by_role("link", name="受理 / 一次性告知").click()
    expect(town.get_by_label("书面申请书")).to_be_checked()
    town.get_by_role("button", name="提交").click()
    expect(town.get_by_role("heading", level=1)).to_contain_text("待补正材料")
    notices = town.locator("table.notices")
    expect(notices).to_contain_text("一次性告知书")
    with town.expect_download() as download:
        notices.get_by_role("link", name="下载Word").click()
    assert download.value.suggested_filename.endswith(".docx")
    expect(town.locator(".steps-done")).to_contain_text("家庭经济状况声明及承诺书、家庭经济状况核对授权书")
    screenshot(town, "dibao-2-one-time-notice")

    # 补正: the worker hands the rest in
    _open_from_inbox(village, live_server, "pending_docs", head.name, shot="dibao-2-village-inbox")
    village.get_by_role("link", name="补正材料后重新提交").click()
    village.get_by_label("家庭经济状况声明及承诺书").check()
    village.get_by_label("家庭经济状况核对授权书").check()
    village.get_by_role("button", name="重新提交").click()
    expect(village.get_by_role("heading", level=1)).to_contain_text("待受理")

    # 受理, 核对, 入户调查, 公示: the township reviewer
    _open_from_inbox(town, live_server, "submitted", head.name)
    town.get_by_role("link", name="受理 / 一次性告知").click()
    town.get_by_role("button", name="提交").click()
    expect(town.get_by_role("heading", level=1)).to_contain_text("已受理，待核对")
    town.get_by_role("link", name="家庭经济状况核对").click()
    town.get_by_role("button", name="开始核对").click()
    expect(town.get_by_role("heading", level=1)).to_contain_text("已核对，待入户调查")
    assessment = town.locator("section.assessment")
    expect(assessment).to_contain_text("符合条件")
    expect(assessment).to_contain_text("680")
    app.refresh_from_db()
    amount = f"{app.proposed_amount:,.2f}"  # money as every page shows it
    expect(assessment.locator(".big-amount")).to_have_text(amount)
    screenshot(town, "dibao-3-assessment")
    town.get_by_role("link", name="入户调查").click()
    town.get_by_label("入户调查情况").fill("入户查看，住房陈旧，无大件家电；邻里反映情况属实。")
    town.get_by_label("调查人员1").fill("王建国")
    town.get_by_label("调查人员2").fill("刘红梅")
    town.locator("input[name=files]").set_input_files(
        files=[{"name": "入户照片.png", "mimeType": "image/png", "buffer": PNG}]
    )
    town.get_by_role("button", name="保存调查结果").click()
    expect(town.get_by_role("heading", level=1)).to_contain_text("已调查，待公示")
    expect(town.get_by_role("link", name="入户照片.png")).to_be_visible()
    town.get_by_role("link", name="公示", exact=True).click()
    town.get_by_role("button", name="开始公示").click()
    expect(town.get_by_role("heading", level=1)).to_contain_text("公示中")

    # the village's 公示 list: name, members covered and amount, and no ID number at all
    town.get_by_role("link", name="查看本村(社区)公示名单").click()
    table = town.locator("table.publicity")
    expect(table).to_contain_text(head.name)
    expect(table).to_contain_text(amount)
    body = town.locator("main").inner_text()
    assert not any(number in body or number[-6:] in body for number in ids)
    screenshot(town, "dibao-4-publicity-list")

    # the 公示 runs its 7 days: move the office clock past its end instead of waiting
    app.refresh_from_db()
    settings.MINZHENG_TODAY = (app.publicity_end + timedelta(days=1)).isoformat()

    # 审核确认: the county approver
    county = open_as(approver)
    _open_from_inbox(county, live_server, "decide", head.name)
    county.get_by_role("link", name="审核确认").click()
    expect(county.get_by_label("确认金额(元)")).to_have_value(str(app.proposed_amount))
    county.get_by_label("确认同意").check()
    screenshot(county, "dibao-5-decide")
    county.get_by_role("button", name="提交审核确认意见").click()
    expect(county.locator(".messages")).to_contain_text("已确认同意，纳入在保对象")
    expect(county.get_by_role("heading", level=1)).to_contain_text("已确认纳入")

    # 纳入: the household now shows a 在保 case with the amount
    case = Case.objects.get(household=family)
    county.goto(f"{live_server.url}/registry/households/{family.pk}/")
    cases = county.locator("table.household-cases")
    expect(cases).to_contain_text("最低生活保障")
    expect(cases).to_contain_text("在保")
    expect(cases).to_contain_text(amount)
    screenshot(county, "dibao-6-household-case")
    cases.get_by_role("link", name=case.number).click()
    expect(county.locator("table.case-events")).to_contain_text("纳入")
    screenshot(county, "dibao-6b-case")
    assert case.monthly_amount == app.proposed_amount and case.status == "active"

    # and on the village worker's phone, the household page reads as stacked cards
    phone = open_as(worker, phone=True)
    phone.goto(f"{live_server.url}/registry/households/{family.pk}/#assistance")
    expect(phone.locator("table.household-cases")).to_contain_text(amount)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "dibao-7-phone-household")
    phone.goto(f"{live_server.url}/assistance/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("待办")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "dibao-8-phone-inbox")
    assert re.search(r"/assistance/cases/\d+/$", county.url)
