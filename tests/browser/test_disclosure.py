"""政府信息公开年报 in a real browser: the county's admin fills a few figures of 表三, saves, reads the
failure that names the cell, fixes it, generates the DOCX and downloads it; its table reads back as typed.
On a phone the grid scrolls and each box keeps its name."""

from __future__ import annotations

import pytest
from docx import Document as open_docx
from playwright.sync_api import Browser, expect

from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cell(page, key: str):
    return page.locator(f'input[name="{key}"]')


def test_admin_fixes_a_named_failure_and_downloads_the_docx(
    browser: Browser, live_server, admin_user, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, admin_user)

    # given: the year's grid, reached from the menu's 统计报表 and its tab
    page.get_by_role("link", name="统计报表").first.click()
    page.get_by_role("link", name="政务公开年报").click()
    expect(page.get_by_role("cell", name="2021年版（全国统一格式）").first).to_be_visible()
    page.goto(f"{live_server.url}/disclosure/{COUNTY}/2025/edit/")
    page.get_by_label("一、总体情况").fill("全年新收政府信息公开申请2件，均已按期答复。")
    page.get_by_label("五、存在的主要问题及改进情况").fill("政策解读形式较为单一，将增加图解。")
    page.get_by_label("六、其他需要报告的事项").fill("本年度未收取信息处理费。")

    # when: two applications are entered and handled, but (七)总计 is left out
    _cell(page, "t3.new.natural").fill("2")
    _cell(page, "t3.new.total").fill("2")
    _cell(page, "t3.open.natural").fill("2")
    _cell(page, "t3.open.total").fill("2")
    page.get_by_role("button", name="保存草稿并校验").click()

    # then: the draft is kept and the failure names the cell and the rule
    expect(page.get_by_text("已保存草稿（第1版）")).to_be_visible()
    failure = page.get_by_role(
        "link", name="表三 第（七）项总计 / 自然人列：第三项（一）至（六）各项之和应等于（七）总计"
    )
    expect(failure).to_be_visible()
    expect(page.locator('td.bad input[name="t3.total.natural"]')).to_be_visible()
    screenshot(page, "disclosure-failure")

    # when: the total is filled in
    _cell(page, "t3.total.natural").fill("2")
    _cell(page, "t3.total.total").fill("2")
    page.get_by_role("button", name="保存草稿并校验").click()
    expect(page.get_by_text("全部校验通过，可以生成报告")).to_be_visible()

    # then: the DOCX is generated and downloaded, and its 表三 holds the figures
    page.get_by_role("link", name="去生成报告").click()
    page.get_by_role("button", name="生成Word文档（DOCX）").click()
    expect(page.get_by_text("SHA-256").first).to_be_visible()
    with page.expect_download() as caught:
        page.get_by_role("link", name="曾都区民政局2025年政府信息公开工作年度报告.docx").click()
    doc = open_docx(str(caught.value.path()))
    assert doc.paragraphs[0].text == "曾都区民政局2025年政府信息公开工作年度报告"
    three = doc.tables[1]
    assert [three.cell(3, c).text for c in (3, 9)] == ["2", "2"]  # 一、本年新收: 自然人, 总计
    assert [three.cell(26, c).text for c in (3, 9)] == ["2", "2"]  # （七）总计
    context.close()


def test_the_grid_is_usable_on_a_phone(phone_page, live_server, admin_user):
    login(phone_page, live_server, admin_user)
    phone_page.goto(f"{live_server.url}/disclosure/{COUNTY}/2025/edit/")

    box = phone_page.get_by_label("表四 行政复议 / 总计")
    box.scroll_into_view_if_needed()
    box.fill("1")

    expect(box).to_have_value("1")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380  # the page itself does not scroll sideways; only the table's own box does
    screenshot(phone_page, "disclosure-phone")
