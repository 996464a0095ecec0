"""Each role's daily path in a real browser, as docs/ui.md sets it out (issue 20): the home page says what
waits and links to it; records are named by their business numbers, never by ids; what cannot be undone
asks first; money reads the same everywhere; nothing scrolls sideways on a 390 px phone.

- The village worker (phone): the home page's 待办 shows the online application; it is forwarded from
  there; a new household with two members and an income is registered in one save; it applies.
- The resident (phone): applies online, is told the 网上申请编号, removes a file sent by mistake, follows.
- Finance (PC) and the county approver (phone) pay a month: the approver finds the payroll in 待办,
  approves it after the confirmation; finance finds the bank file waiting in 待办.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from apps.assistance.models import Application
from apps.payroll.models import Payroll
from apps.portal.models import OnlineApplication
from apps.registry.models import Household
from apps.registry.selectors import household_members
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.payroll.test_bank import _family
from tests.apps.portal.flow import citizen_account, png, submit
from tests.browser.conftest import login, screenshot
from tests.factories import COUNTY, PASSWORD, VILLAGE, household, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def number(kind: str) -> re.Pattern[str]:
    """A business number of ``kind`` (docs/ui.md §1): county, year, kind, serial."""
    return re.compile(r"\d{6}-\d{4}-" + kind + r"-\d{5,}")


def fits(page: Page) -> None:
    """No sideways scrolling: the page is no wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def shows_no_id(page: Page, *labels: str) -> None:
    """No "家庭12"/"申请3"-style names: a record is named by its business number."""
    text = page.locator("main").inner_text()
    for label in labels:
        assert not re.search(rf"{label}\d+(?!\d*-)", text), f"{label}<id> on {page.url}"


def test_the_village_worker_forwards_registers_and_applies(tabs, live_server, worker, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    family = household(actor=worker)
    head = household_members(household=family).get(relation="head").person
    online = submit(citizen=citizen_account(id_number=head.id_number, name=head.name), members=[])
    assert number("WS").fullmatch(online.number)

    phone = tabs(phone=True)
    login(phone, live_server, worker)
    # The home page leads with what waits: the online application, one tap from the list.
    waiting = phone.locator("#waiting")
    expect(waiting).to_contain_text("网上申请待处理")
    assert (
        phone.locator("#waiting").bounding_box()["y"]
        < phone.locator("#office-assistance").bounding_box()["y"]
    )
    fits(phone)
    screenshot(phone, "daily-village-home-phone")
    waiting.get_by_role("link", name=re.compile("网上申请待处理")).click()
    phone.get_by_role("link", name=online.number).click()
    asked: list[str] = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    phone.get_by_role("button", name="转入办理").click()
    expect(phone.locator(".msg.success")).to_contain_text(number("DB"))
    assert asked and "生成正式申请" in asked[0]
    forwarded = Application.objects.get(household=family)
    expect(phone.locator(".msg.success")).to_contain_text(forwarded.number)
    fits(phone)

    # A new household, its two members and an income in one save; the village is the worker's own.
    phone.goto(f"{live_server.url}/registry/households/new/")
    expect(phone.get_by_label("所在村(社区)")).to_have_value(VILLAGE)
    phone.get_by_label("家庭住址").fill("乌龙巷21号")
    phone.get_by_label("开户银行").fill("湖北农商银行")
    phone.get_by_label("账号").fill("6228480000012345")
    phone.locator("#id_members-0-name").fill("许建华")
    phone.locator("#id_members-0-id_number").fill(new_id_number(male=True))
    phone.locator("#id_members-1-relation").select_option("spouse")
    phone.locator("#id_members-1-name").fill("杨春梅")
    phone.locator("#id_members-1-id_number").fill(new_id_number(male=False))
    phone.locator("#id_incomes-0-amount").fill("1200")
    phone.locator("#id_incomes-0-period_start").fill("2026-01-01")
    phone.locator("#id_incomes-0-period_end").fill("2026-06-30")
    phone.get_by_role("button", name="保存").click()
    made = Household.objects.get(address="乌龙巷21号")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(made.number)
    assert number("JT").fullmatch(made.number)
    assert made.incomes.count() == 1
    fits(phone)
    shows_no_id(phone, "家庭")
    screenshot(phone, "daily-village-household-phone")

    # …and applies for it: the message and the page give the 受理编号.
    phone.get_by_role("link", name="申请救助").click()
    applicant = household_members(household=made).get(relation="head").person
    phone.get_by_label("申请人").select_option(str(applicant.pk))
    phone.get_by_label("申请理由").fill("户主失业，配偶患病，家庭收入低")
    phone.get_by_label("书面申请书").check()
    phone.get_by_role("button", name="提交申请").click()
    applied = Application.objects.get(household=made)
    expect(phone.locator(".messages")).to_contain_text(f"受理编号{applied.number}")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(applied.number)
    shows_no_id(phone, "申请", "家庭")
    fits(phone)
    screenshot(phone, "daily-village-application-phone")


def test_the_resident_applies_removes_a_wrong_file_and_follows(tabs, live_server, worker, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    family = household(actor=worker)
    head = household_members(household=family).get(relation="head").person
    resident = citizen_account(id_number=head.id_number, name=head.name)
    online = submit(
        citizen=resident, members=[], uploads={"identity": [png("身份证.png")], "other": [png("拍错了.png")]}
    )

    phone = tabs(phone=True)
    phone.goto(f"{live_server.url}/portal/login/")
    phone.get_by_label("公民身份号码").fill(resident.username)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(f"{live_server.url}/portal/mine/")
    expect(phone.locator("main")).to_contain_text(online.number)  # the number to quote on the phone
    fits(phone)
    phone.get_by_role("link", name=re.compile(online.number)).first.click()
    expect(phone.get_by_text("当前状态：待受理")).to_be_visible()
    wrong = phone.locator("#attachments li", has_text="拍错了.png")
    asked: list[str] = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    wrong.get_by_role("button", name="删除").click()
    expect(phone.locator("#attachments li", has_text="拍错了.png")).to_have_count(0)
    assert asked and "拍错了.png" in asked[0]
    expect(phone.locator("#attachments li", has_text="身份证.png")).to_have_count(1)
    fits(phone)
    screenshot(phone, "daily-resident-phone")

    # Once the village takes it up, the file list stands: no 删除 any more.
    desk = tabs(phone=False)
    login(desk, live_server, worker)
    desk.goto(f"{live_server.url}/online/")
    desk.get_by_role("link", name=online.number).click()
    desk.once("dialog", lambda d: d.accept())
    desk.get_by_role("button", name="转入办理").click()
    expect(desk.locator(".msg.success")).to_be_visible()
    phone.reload()
    expect(phone.locator("main")).to_contain_text("转入乡镇(街道)办理")
    expect(phone.locator("main")).to_contain_text(Application.objects.get().number)
    expect(phone.get_by_role("button", name="删除")).to_have_count(0)
    assert OnlineApplication.objects.get().attachments.count() == 2  # the removed file is kept, hidden


def test_finance_and_the_approver_pay_a_month(
    tabs, live_server, worker, reviewer, approver, finance, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    dibao_standards(COUNTY)
    for n in (1, 2, 3):
        approved_case(actor=reviewer, household=_family(worker, VILLAGE, n), approver=approver)

    desk = tabs(phone=False)
    login(desk, live_server, finance)
    desk.goto(f"{live_server.url}/payroll/")
    desk.get_by_label("发放月份").fill("2025-12")
    desk.get_by_role("button", name="生成发放表").click()
    expect(desk.locator("#outcome")).to_contain_text("已生成")
    payroll = Payroll.objects.get()
    assert number("FF").fullmatch(payroll.number)
    total = f"{payroll.total:,.2f}"
    assert payroll.total > Decimal("1000")  # so the thousands separator shows

    # The approver's home page says a payroll waits; the link leads to it.
    boss = tabs(phone=True)
    login(boss, live_server, approver)
    waiting = boss.locator("#waiting")
    expect(waiting).to_contain_text("发放表待审批")
    fits(boss)
    screenshot(boss, "daily-approver-home-phone")
    waiting.get_by_role("link", name=re.compile("发放表待审批")).click()
    boss.get_by_role("link", name=re.compile(payroll.number)).first.click()
    expect(boss.locator("main")).to_contain_text(payroll.number)
    expect(boss.locator("main")).to_contain_text(total)
    fits(boss)
    asked: list[str] = []
    boss.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    boss.get_by_role("button", name="审批通过并锁定").click()
    expect(boss.locator(".msg.success")).to_contain_text("已审批")
    assert "不能再修改" in asked[0]
    screenshot(boss, "daily-approver-approved-phone")

    # Finance's home page now says the bank file waits.
    desk.goto(f"{live_server.url}/")
    waiting = desk.locator("#waiting")
    expect(waiting).to_contain_text("待生成银行代发文件")
    expect(waiting).not_to_contain_text("发放表待审批")  # finance never approves
    screenshot(desk, "daily-finance-home-pc")
    waiting.get_by_role("link", name=re.compile("待生成银行代发文件")).click()
    desk.get_by_role("link", name=re.compile(payroll.number)).first.click()
    expect(desk.locator("main")).to_contain_text(total)
    shows_no_id(desk, "发放表")
