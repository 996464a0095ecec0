"""新建家庭 as one task on a 390 px phone: the village worker registers a household with two members, two
incomes and the account in one save, meets an error first (scrolled to and focused), fixes it and saves;
every submit button shows that its work has started; and 20 households make a short list on a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.registry.models import Household, Income
from tests.browser.conftest import login, screenshot
from tests.factories import household, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 390 px wide phone (an iPhone 12 to 15's CSS width), touch."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _in_view(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        selector,
    )


def test_worker_registers_a_household_with_two_members_and_two_incomes_in_one_save(
    phone: Page, live_server, worker
):
    # given
    login(phone, live_server, worker)
    phone.goto(f"{live_server.url}/registry/households/new/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("新建家庭")
    expect(phone.get_by_label("所在村(社区)")).to_have_value("421303001001")  # the worker's one village
    expect(phone.locator("#id_members-1-relation")).to_have_value("")  # 请选择, no 子女 guessed
    # when: the household, two members and two incomes, the second amount mistyped
    phone.get_by_label("家庭住址").fill("乌龙巷18号")
    phone.get_by_label("开户银行").fill("农村商业银行")
    phone.get_by_label("账号").fill("6222020200112233")
    phone.locator("#id_members-0-name").fill("孙志强")
    phone.locator("#id_members-0-id_number").fill(new_id_number(male=True))
    phone.locator("#id_members-1-relation").select_option("spouse")
    phone.locator("#id_members-1-name").fill("吴桂兰")
    phone.locator("#id_members-1-id_number").fill(new_id_number(male=False))
    phone.locator("#id_incomes-0-amount").fill("1800")
    phone.locator("#id_incomes-0-period_start").fill("2026-01-01")
    phone.locator("#id_incomes-0-period_end").fill("2026-06-30")
    phone.get_by_role("button", name="再添加一条收入").click()  # a row cloned in the page, no reload
    phone.locator("#id_incomes-1-member").select_option(label="成员2：吴桂兰")
    phone.locator("#id_incomes-1-income_type").select_option("transfer")
    phone.locator("#id_incomes-1-amount").fill("六百")
    phone.locator("#id_incomes-1-period_start").fill("2026-01-01")
    phone.locator("#id_incomes-1-period_end").fill("2026-06-30")
    phone.get_by_role("button", name="保存").click()
    # then: nothing saved; the summary on top, and the phone is scrolled to the field, which has the focus
    expect(phone.locator(".error-summary")).to_contain_text("收入2 · 金额(元)")
    expect(phone.locator("#id_incomes-1-amount_error")).to_be_visible()
    expect(phone.locator("#id_incomes-1-amount")).to_be_focused()
    assert _in_view(phone, "#id_incomes-1-amount")
    expect(phone.locator("#id_members-1-name")).to_have_value("吴桂兰")
    expect(phone.locator("#id_incomes-0-amount")).to_have_value("1800")
    expect(phone.locator("#id_incomes-1-member")).to_have_value("1")
    assert not Household.objects.filter(address="乌龙巷18号").exists()
    screenshot(phone, "intake-phone-error")
    # when: fixed
    phone.locator("#id_incomes-1-amount").fill("600")
    phone.get_by_role("button", name="保存").click()
    # then
    phone.wait_for_url(re.compile(r"/registry/households/\d+/$"))
    expect(phone.locator(".msg.success")).to_contain_text("共2名成员、2条收入")
    created = Household.objects.get(address="乌龙巷18号")
    assert created.account_number == "6222020200112233"
    incomes = Income.objects.filter(household=created).select_related("person")
    assert {(i.person.name, i.income_type, str(i.amount)) for i in incomes} == {
        ("孙志强", "wage", "1800.00"),
        ("吴桂兰", "transfer", "600.00"),
    }
    screenshot(phone, "intake-phone-saved")


def test_a_submit_button_shows_its_work_has_started_and_a_cancelled_confirm_leaves_it_alone(
    page: Page, live_server, worker
):
    # given: a household with an income, whose 删除 asks first
    family = household(actor=worker, address="确认路1号")
    head = family.memberships.get(relation="head").person
    Income.objects.create(
        person=head,
        household=family,
        income_type="wage",
        amount="100",
        period_start="2026-01-01",
        period_end="2026-06-30",
    )
    login(page, live_server, worker)
    page.goto(f"{live_server.url}/registry/households/{family.pk}/")
    delete = page.locator("form[data-confirm] button").first
    # when: the question is answered 取消
    page.once("dialog", lambda dialog: dialog.dismiss())
    delete.click()
    # then: nothing happens and the button stays as it was
    expect(delete).to_be_enabled()
    expect(delete).to_have_text("删除")
    assert Income.objects.filter(household=family).count() == 1
    # when: answered 确定 (the button's state is noted as it changes, in storage that outlives the page)
    page.evaluate(
        """() => {
          const b = document.querySelector("form[data-confirm] button");
          const note = () => sessionStorage.setItem("seen", b.disabled + "|" + b.textContent);
          new MutationObserver(note).observe(b, {attributes: true, childList: true, subtree: true});
        }"""
    )
    page.once("dialog", lambda dialog: dialog.accept())
    delete.click()
    # then: the request went through, and meanwhile the button said it was working
    expect(page.locator(".msg.success")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('seen')") == "true|正在处理…"
    assert Income.objects.filter(household=family).count() == 0


def test_twenty_households_make_a_list_shorter_than_6000_px_on_a_390_px_phone(
    phone: Page, live_server, worker
):
    for n in range(21):
        household(actor=worker, members=2, address=f"乌龙巷社区幸福花园小区{n + 1}栋2单元301室")
    login(phone, live_server, worker)
    phone.goto(f"{live_server.url}/registry/households/")
    expect(phone.locator(".hh-cards > li")).to_have_count(20)
    expect(phone.locator("#household-total")).to_contain_text("共 21 户")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the list is {height} px high"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "registry-phone-list-20")
