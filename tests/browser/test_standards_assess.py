"""试算 in a real browser: a village worker opens a household, clicks 试算 and reads the 低保 result and its
steps in Chinese; an admin reads the 地方标准 page on a phone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from apps.registry.selectors import household_members
from apps.registry.services.finances import IncomeInput, income_add
from apps.registry.services.households import HouseholdInput, NewMember, household_create
from apps.standards.services import standards_demo_load
from tests.browser.conftest import login, screenshot
from tests.factories import VILLAGE, new_id_number, person_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _adults(worker):
    """Three adults of working age, so no 分类施保 supplement blurs the gap payment."""
    members = [
        NewMember(relation=relation, data=person_input(id_number=new_id_number(birth=date(year, 5, 1))))
        for relation, year in [("head", 1978), ("spouse", 1980), ("child", 2002)]
    ]
    return household_create(
        actor=worker, data=HouseholdInput(area_code=VILLAGE, address="乌龙巷8号"), members=members
    )


def test_worker_assesses_a_household_and_reads_the_dibao_steps(page: Page, live_server, worker):
    # given 曾都区's demo standards (城市低保 680) and a head who earned 10 800 last year
    standards_demo_load()
    family = _adults(worker)
    head = household_members(household=family).first().person
    income_add(
        actor=worker,
        household=family,
        data=IncomeInput(
            person_id=head.pk,
            income_type="wage",
            amount="10800",
            period_start=date(date.today().year - 1, 1, 1),
            period_end=date(date.today().year - 1, 12, 31),
        ),
    )
    login(page, live_server, worker)
    # when: from the household page, 试算
    page.goto(f"{live_server.url}/registry/households/{family.pk}/")
    page.get_by_role("link", name="试算", exact=True).last.click()
    # then
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"试算 · 家庭 {family.number}")
    dibao = page.locator("#program-dibao")
    expect(dibao).to_contain_text("最低生活保障")
    expect(dibao).to_contain_text("符合")
    expect(dibao.locator(".amount")).to_have_text("1,140.00")  # (680 − 300) × 3, three adults
    expect(dibao).to_contain_text("900.00 ÷ 3人 = 300.00 元/人·月")
    expect(dibao).to_contain_text("(低保标准 680.00 − 人均收入 300.00) × 3人")
    expect(dibao).to_contain_text("依据：社会救助暂行办法第九条")
    expect(dibao).to_contain_text("曾都区 2023-01-01起")
    screenshot(page, "standards-assess-dibao")
    # and a what-if: the standard at 700
    page.get_by_label("假设低保标准（元/人·月）").fill("700")
    page.get_by_role("button", name="重新试算").click()
    expect(page.locator("#program-dibao .amount")).to_have_text("1,200.00")
    expect(page.locator("#program-dibao")).to_contain_text("试算假设")


def test_admin_reads_the_standards_and_their_history_on_a_phone(phone_page: Page, live_server, admin_user):
    standards_demo_load()
    login(phone_page, live_server, admin_user)
    phone_page.goto(f"{live_server.url}/standards/?on=2023-06-01")

    row = phone_page.locator("tr#dibao\\.standard")
    expect(row).to_contain_text("城市：680 元/人·月")
    expect(row).to_contain_text("农村：617 元/人·月")
    row.locator("summary").click()
    expect(row).to_contain_text("2022-01-01 至 2022-12-31")
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone_page, "standards-index-phone")
