"""The annual appendix and 目标管理 in a real browser: the county's admin goes from 统计 to the 2025 appendix,
reads a ready sentence, downloads the DOCX and finds its tables; then opens 目标管理, adds a target bound to
the 城市低保标准, sees it 达成, and downloads the progress report's DOCX."""

from __future__ import annotations

import pytest
from docx import Document as open_docx
from playwright.sync_api import Browser, expect

from tests.apps.annual.conftest import counted  # noqa: F401  (the counted 2025 county)
from tests.apps.statistics.conftest import history  # noqa: F401
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_downloads_the_appendix_and_the_targets_report(
    browser: Browser,
    live_server,
    counted,  # noqa: F811
    admin_user,
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    login(page, live_server, admin_user)

    # given: the appendix, reached from the statistics page's tabs
    page.goto(f"{live_server.url}/statistics/")
    page.get_by_role("link", name="年度数据附录").click()
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name="曾都区2025年度工作总结数据附录")).to_be_visible()
    expect(page.locator("#sentences")).to_contain_text("2025年末，全区共有")
    expect(page.locator("#table-cases")).to_contain_text("最低生活保障")
    screenshot(page, "annual-appendix")

    # when: the DOCX is downloaded
    with page.expect_download() as caught:
        page.get_by_role("button", name="下载Word文档（DOCX）").click()
    doc = open_docx(caught.value.path())

    # then: its first table is the cases table
    assert doc.paragraphs[0].text == "曾都区2025年度工作总结数据附录"
    assert [c.text for c in doc.tables[0].rows[0].cells][:4] == ["救助项目", "城乡", "年末户数", "年末人数"]

    # given: 目标管理 for 2025
    page.goto(f"{live_server.url}/annual/?year=2025")
    page.get_by_role("link", name="目标管理").click()
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", name="曾都区2025年度目标管理")).to_be_visible()

    # when: a 省级 target bound to the 城市低保标准 is added
    page.get_by_role("link", name="新增指标").click()
    page.get_by_label("目标层级").select_option(label="省级民生目标")
    page.get_by_label("指标名称").fill("适度提高城市低保标准")
    page.get_by_label("绑定系统数据").select_option("dibao_standard_urban")
    page.get_by_label("目标值").fill("690")
    page.get_by_role("button", name="保存").click()

    # then: it is computed from the standards and reached
    row = page.locator("#level-province tr", has_text="适度提高城市低保标准")
    expect(row).to_contain_text("700.00元/人·月")
    expect(row).to_contain_text("达成")
    screenshot(page, "targets-progress")
    with page.expect_download() as caught:
        page.get_by_role("button", name="下载完成情况报告（Word文档（DOCX））").click()
    report = open_docx(caught.value.path())
    assert report.tables[0].rows[1].cells[2].text == "适度提高城市低保标准"
    context.close()
