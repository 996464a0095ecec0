"""数据比对 in a real browser, as a new user would: the county imports the police's death list — GBK, one
name mistyped and its ID number missing — confirms the columns, runs it against the cases and sends the
lead to the township; the township reads both records side by side and confirms it; the county stops the
case and recovers the months paid after the death."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.assistance.models import Case
from apps.crosscheck.models import Lead
from apps.payroll.models import Recovery
from tests.apps.crosscheck.flow import TODAY, csv_bytes, head_of, paid_case
from tests.browser.conftest import login, screenshot
from tests.factories import VILLAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tabs(browser: Browser, live_server) -> Iterator:
    contexts = []

    def opener(user) -> Page:
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        tab = context.new_page()
        login(tab, live_server, user)
        return tab

    yield opener
    for context in contexts:
        context.close()


def test_a_death_list_with_typos_becomes_a_lead_that_is_verified_and_remedied(
    tabs, live_server, worker, reviewer, approver, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.MINZHENG_TODAY = TODAY
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver)
    person = head_of(case)
    typo = person.name[:1] + "式" + person.name[2:]  # 测试… written 测式…, the same in pinyin
    rows = [
        [typo, "", person.birth_date.isoformat(), VILLAGE, "2025-10-15"],
        ["周无名", "", "1940-02-02", VILLAGE, "2025-11-01"],  # nobody in the registry
    ]
    content = csv_bytes(
        rows, headers=["姓名", "身份证号", "出生日期", "区划代码", "死亡日期"], encoding="gbk"
    )

    # the county imports the list
    county = tabs(approver)
    county.goto(f"{live_server.url}/")
    county.get_by_role("link", name="数据比对").click()
    county.get_by_role("link", name="导入比对名单").click()
    county.get_by_label("数据来源").select_option("death")
    county.get_by_label("收到日期").fill("2026-01-05")
    county.get_by_label("数据截止日期").fill("2026-01-05")
    county.get_by_label("名单文件").set_input_files(
        files=[{"name": "2025年四季度死亡人员.csv", "mimeType": "text/csv", "buffer": content}]
    )
    county.get_by_role("button", name="上传并预览列名").click()
    expect(county.get_by_role("heading", level=1)).to_contain_text("确认列对应关系")
    expect(county.get_by_label("死亡日期（必填）")).to_have_value("死亡日期")
    screenshot(county, "crosscheck-mapping")
    county.get_by_role("button", name="确认并导入").click()
    expect(county.locator("#outcome")).to_contain_text("导入成功")
    expect(county.locator("#outcome")).to_contain_text("缺少公民身份号码 2 行")

    # runs it against the cases: the mistyped name is still found
    county.get_by_role("button", name="立即与在保家庭比对").click()
    expect(county.locator("#outcome")).to_contain_text("新增线索1条")
    county.get_by_role("link", name="查看比对结果").click()
    expect(county.get_by_text("死亡未注销仍在保").first).to_be_visible()
    county.get_by_role("button", name="全部下发乡镇(街道)核实（1条）").click()
    expect(county.get_by_text("已下发1条线索")).to_be_visible()
    lead = Lead.objects.get()

    # the township reads both records side by side and confirms
    town = tabs(reviewer)
    town.get_by_role("link", name="数据比对").click()
    town.get_by_role("link", name=f"线索 {lead.number}").click()
    expect(town.locator("table.evidence")).to_contain_text(typo)
    expect(town.locator("table.evidence")).to_contain_text(person.name)
    expect(town.get_by_text("不一致").first).to_be_visible()
    screenshot(town, "crosscheck-lead")
    town.get_by_label("属实", exact=True).check()
    town.get_by_label("核实情况").fill("入户核实，查验居民死亡医学证明，属实")
    town.get_by_role("button", name="提交核实结论").click()
    expect(town.get_by_text("已记录核实结论：属实")).to_be_visible()

    # the county stops the case and recovers November and December
    county.goto(f"{live_server.url}/crosscheck/leads/{lead.pk}/")
    expect(county.get_by_label("在保对象变更及原因")).to_have_value("exit:death")
    county.get_by_role("button", name="确认处理").click()
    amount = case.monthly_amount * 2
    expect(county.get_by_text(f"已处理线索{lead.number}，追回{amount}元")).to_be_visible()
    screenshot(county, "crosscheck-remedied")
    assert Case.objects.get(pk=case.pk).status == "exited"
    assert Recovery.objects.get(case=case).amount == amount
