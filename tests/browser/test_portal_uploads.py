"""A resident on a phone sees the files they uploaded, opens one, and removes one sent by mistake (asked
once, saying what happens); the village worker no longer sees it, and once the application is taken up
there is no 删除 any more."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.portal.models import OnlineAttachment
from apps.portal.services.staff import online_forward
from apps.registry.selectors import household_members
from tests.apps.portal.flow import PNG, citizen_account, png, submit
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_removes_a_wrong_file_before_the_village_takes_the_application_up(
    tabs, live_server, worker, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    family = household(actor=worker)
    head = household_members(household=family).get(relation="head").person
    resident = citizen_account(id_number=head.id_number, name=head.name)
    online = submit(
        citizen=resident,
        members=[],
        uploads={"identity": [png("身份证.png")], "other": [png("拍错的照片.png")]},
    )

    phone = tabs(phone=True)
    phone.goto(f"{live_server.url}/portal/login/")
    phone.get_by_label("公民身份号码").fill(resident.username)
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(f"{live_server.url}/portal/mine/")
    phone.goto(f"{live_server.url}/portal/mine/{online.reference}/")
    files = phone.locator("#attachments li")
    expect(files).to_have_count(2)
    expect(files.nth(1)).to_contain_text("拍错的照片.png")
    expect(files.nth(1)).to_contain_text("图片")
    screenshot(phone, "portal-uploads-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"

    # The link opens the resident's own file (with the resident's own session).
    href = files.nth(0).get_by_role("link").get_attribute("href")
    opened = phone.context.request.get(f"{live_server.url}{href}")
    assert opened.status == 200 and opened.body() == PNG

    # 删除 asks once, saying what will happen; dismissing it keeps the file.
    asked: list[str] = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    phone.locator("#attachments li", has_text="拍错的照片.png").get_by_role("button", name="删除").click()
    assert asked and "拍错的照片.png" in asked[0] and "工作人员将看不到" in asked[0]
    expect(files).to_have_count(2)
    phone.once("dialog", lambda d: d.accept())
    phone.locator("#attachments li", has_text="拍错的照片.png").get_by_role("button", name="删除").click()
    expect(phone.locator(".msg.success")).to_contain_text("已删除其他证明材料：拍错的照片.png")
    expect(files).to_have_count(1)
    assert OnlineAttachment.objects.get(original_name="拍错的照片.png").removed_by == resident

    # The village worker sees only the file that stays.
    desk = tabs(phone=False)
    login(desk, live_server, worker)
    desk.goto(f"{live_server.url}/online/{online.pk}/")
    expect(desk.get_by_text("身份证.png")).to_be_visible()
    expect(desk.get_by_text("拍错的照片.png")).to_have_count(0)

    # Taken up: the resident still sees and opens the file, but can no longer remove it.
    online.refresh_from_db()  # the removal moved the application's version on
    online_forward(actor=worker, online=online, household_id=family.pk)
    phone.reload()
    expect(files).to_have_count(1)
    expect(phone.get_by_role("button", name="删除")).to_have_count(0)
    expect(files.nth(0).get_by_role("link")).to_be_visible()
