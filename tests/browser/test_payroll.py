"""A month's payroll in a real browser: finance prepares it and watches each stage finish, reads the
preview; the preparer finds no approve button; the county approver approves it; finance makes the bank
file for the 邮储 layout and downloads it; a return file with one failure is imported, and the failed
payment shows in the re-issue list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.payroll.models import LineStatus, PaymentFile, Payroll, PayrollLine
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.payroll.test_bank import _family, psbc_return
from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY, VILLAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tabs(browser: Browser, live_server) -> Iterator:
    contexts = []

    def opener(user, *, phone: bool = False) -> Page:
        size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(locale="zh-CN", viewport=size, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        login(tab, live_server, user)
        return tab

    yield opener
    for context in contexts:
        context.close()


def test_a_payroll_is_prepared_previewed_approved_exported_and_reconciled(
    tabs, live_server, worker, reviewer, approver, finance, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    dibao_standards(COUNTY)
    for n in (1, 2, 3):
        approved_case(actor=reviewer, household=_family(worker, VILLAGE, n), approver=approver)

    desk = tabs(finance)
    desk.goto(f"{live_server.url}/payroll/")
    desk.get_by_label("发放月份").fill("2025-12")
    desk.get_by_role("button", name="生成发放表").click()
    expect(desk.get_by_text("✓ 标记暂缓发放并汇总")).to_be_visible()
    # each stage's 正在…… line gave way to its ✓ line: three ✓ lines, no running line left on screen
    expect(desk.locator(".import-step:visible")).to_have_count(3)
    expect(desk.locator(".import-step:visible", has_text="正在")).to_have_count(0)
    expect(desk.locator("#outcome")).to_contain_text("已生成")
    screenshot(desk, "payroll-prepared")
    desk.get_by_role("link", name="查看预览并提交审批").click()
    payroll = Payroll.objects.get()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("2025年12月")
    expect(desk.get_by_text(f"{payroll.total:,.2f}").first).to_be_visible()
    expect(desk.get_by_role("button", name="审批通过并锁定")).to_have_count(0)  # the preparer never approves

    boss = tabs(approver, phone=True)
    boss.goto(f"{live_server.url}/payroll/{payroll.pk}/")
    screenshot(boss, "payroll-preview-phone")
    # What cannot be undone asks once, saying what will happen; declining leaves the payroll as it was.
    asked: list[str] = []
    boss.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    boss.get_by_role("button", name="审批通过并锁定").click()
    expect(boss.get_by_role("button", name="审批通过并锁定")).to_be_visible()
    assert asked and "锁定" in asked[0] and "不能再修改" in asked[0]
    boss.once("dialog", lambda d: d.accept())
    boss.get_by_role("button", name="审批通过并锁定").click()
    expect(boss.locator(".msg.success")).to_contain_text("已审批")

    desk.goto(f"{live_server.url}/payroll/{payroll.pk}/bank/")
    desk.get_by_label("代发银行").select_option("psbc")
    desk.get_by_role("button", name="生成代发文件").click()
    expect(desk.locator(".msg.success")).to_contain_text("SHA-256")
    made = PaymentFile.objects.get()
    with desk.expect_download() as download:
        desk.get_by_role("link", name=made.filename).click()
    saved = Path(tmp_path) / "downloaded.csv"
    download.value.save_as(saved)
    assert saved.read_bytes().decode("gbk").count("\n") == 1 + payroll.line_count

    failing = PayrollLine.objects.filter(payroll=payroll).first()
    returned = Path(tmp_path) / "回盘.csv"
    returned.write_bytes(psbc_return(made, {failing.payee_id_number: "账户已销户"}))
    desk.get_by_role("link", name="导入银行回盘").click()
    desk.get_by_label("代发银行").select_option("psbc")
    desk.locator("#id_file").set_input_files(str(returned))
    desk.get_by_role("button", name="导入并对账").click()
    expect(desk.locator(".msg.success")).to_contain_text("失败1笔")
    expect(desk.locator("#reissue")).to_contain_text("账户已销户")
    screenshot(desk, "payroll-reconciled")
    failing.refresh_from_db()
    assert failing.status == LineStatus.FAILED
