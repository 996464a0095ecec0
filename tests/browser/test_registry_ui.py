"""The registry in a real browser, as a village worker uses it: search, create a household (and mistype an
ID number first), read the household page, reveal a full ID number, and do it all on a phone as well."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.core.models import AuditLog
from apps.registry.models import Household
from apps.registry.selectors import household_members
from policy.privacy import mask_id_number
from tests.browser.conftest import login, screenshot
from tests.factories import VILLAGE, household, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _head(h: Household):
    return household_members(household=h).first().person


def _fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_worker_searches_by_name_and_by_id_number(page: Page, live_server, worker, family):
    head = _head(family)
    login(page, live_server, worker)
    # by name, from the search box of the home page
    page.get_by_label("按姓名、公民身份号码或户编号查询").fill(head.name)
    page.get_by_role("button", name="查询").click()
    row = page.locator("table.results tbody tr").filter(has_text=head.name)
    expect(row).to_contain_text(mask_id_number(head.id_number))
    expect(row).to_contain_text(f"家庭 {family.number}")
    expect(page.locator("body")).not_to_contain_text(head.id_number)
    screenshot(page, "registry-search-name")
    # by the leading digits of the ID number, on the search page itself
    page.get_by_label("姓名或公民身份号码").fill(head.id_number[:14])
    page.get_by_role("button", name="查询").click()
    expect(page.locator("table.results")).to_contain_text(head.name)
    # and follow the result to the person
    page.locator("table.results").get_by_role("link", name=head.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(head.name)
    # a 户编号 read out over the phone, typed without its hyphens into the home page's box
    page.goto(f"{live_server.url}/")
    page.get_by_label("按姓名、公民身份号码或户编号查询").fill(family.number.replace("-", ""))
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#household-total")).to_contain_text("共 1 户")
    page.get_by_role("link", name=family.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(family.number)


def test_worker_creates_a_household_after_fixing_a_mistyped_id_number(page: Page, live_server, worker):
    # given
    head_id, child_id = new_id_number(male=True), new_id_number(male=False)
    wrong = head_id[:17] + ("0" if head_id[17] != "0" else "1")
    login(page, live_server, worker)
    page.get_by_role("link", name="新建家庭").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建家庭")
    # when: the head's number has a wrong check digit
    page.get_by_label("所在村(社区)").select_option(VILLAGE)
    page.get_by_label("家庭住址").fill("乌龙巷12号")
    page.locator("#id_members-0-name").fill("赵德明")
    page.locator("#id_members-0-id_number").fill(wrong)
    page.locator("#id_members-1-relation").select_option("spouse")
    page.locator("#id_members-1-name").fill("钱淑芬")
    page.locator("#id_members-1-id_number").fill(new_id_number(male=False))
    page.get_by_role("button", name="再添加一名成员").click()  # htmx fetches a third row
    page.locator("#id_members-2-relation").select_option("child")  # no relation is guessed
    page.locator("#id_members-2-name").fill("赵小雨")
    page.locator("#id_members-2-id_number").fill(child_id)
    page.get_by_role("button", name="保存").click()
    # then: the message sits under that field, and nothing typed is lost
    error = page.locator("#id_members-0-id_number_error")
    expect(error).to_have_text("公民身份号码校验位错误，请核对是否抄错")
    expect(page.locator("#id_members-0-id_number")).to_have_value(wrong)
    expect(page.locator("#id_members-2-name")).to_have_value("赵小雨")
    expect(page.get_by_label("家庭住址")).to_have_value("乌龙巷12号")
    assert not Household.objects.filter(address="乌龙巷12号").exists()
    screenshot(page, "registry-create-wrong-id")
    # when: corrected
    page.locator("#id_members-0-id_number").fill(head_id)
    page.get_by_role("button", name="保存").click()
    # then
    page.wait_for_url(re.compile(r"/registry/households/\d+/$"))
    expect(page.locator(".msg.success")).to_contain_text("已新建家庭")
    members = page.locator("table.members")
    for name in ("赵德明", "钱淑芬", "赵小雨"):
        expect(members).to_contain_text(name)
    assert Household.objects.filter(address="乌龙巷12号").count() == 1


def test_household_page_shows_members_history_and_reveals_a_full_id(page: Page, live_server, worker, family):
    head = _head(family)
    login(page, live_server, worker)
    page.goto(f"{live_server.url}/registry/households/{family.pk}/")
    members = page.locator("table.members")
    expect(members).to_contain_text(head.name)
    expect(members).to_contain_text(mask_id_number(head.id_number))
    expect(page.locator("table.history")).to_contain_text("新建家庭")
    expect(page.locator("table.history")).to_contain_text(str(worker))
    screenshot(page, "registry-household")
    # when
    row = members.locator("tr").filter(has_text=head.name)
    row.get_by_role("button", name="显示完整号码").click()
    # then
    expect(row).to_contain_text(head.id_number)
    expect(row).to_contain_text("查看已留痕")
    assert AuditLog.objects.filter(action="reveal", actor=worker, entity_id=str(head.pk)).exists()


def test_list_and_household_page_fit_a_phone_screen(phone_page: Page, live_server, worker, family):
    for n in range(3):
        household(actor=worker, address=f"乌龙巷社区幸福花园小区{n + 1}栋2单元301室")
    login(phone_page, live_server, worker)
    phone_page.goto(f"{live_server.url}/registry/households/")
    expect(phone_page.locator(".households")).to_contain_text(_head(family).name)
    assert _fits_the_screen(phone_page)
    screenshot(phone_page, "registry-phone-list")
    phone_page.locator(".households").get_by_role("link", name=str(family), exact=True).click()
    expect(phone_page.locator("table.members")).to_contain_text(_head(family).name)
    assert _fits_the_screen(phone_page)
    screenshot(phone_page, "registry-phone-household")
    phone_page.goto(f"{live_server.url}/registry/households/new/")
    assert _fits_the_screen(phone_page)
    screenshot(phone_page, "registry-phone-create")
