"""网上申请 in a real browser: a resident registers on a phone (with the code sent to the phone on record),
applies online with a photo of the 户口簿, choosing their village from the chained selects; the village
worker finds the household by ID number and forwards it; the township asks for the missing documents; the
resident sees the request and the notice on the phone, uploads the missing paper, and follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from apps.assistance.models import Application
from apps.portal.models import OnlineApplication
from apps.registry.selectors import household_members
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD, household

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128


def code_from_sink(page: Page, live_server, masked_phone: str) -> str:
    """The code in the newest 模拟短信 to ``masked_phone``, as a person trying the demo reads it."""
    page.goto(f"{live_server.url}/demo/sms/")
    row = page.locator("tbody tr", has_text=masked_phone).first
    found = re.search(r"验证码为(\d{6})", row.inner_text())
    assert found is not None, row.inner_text()
    return found.group(1)


def test_a_resident_applies_online_and_follows_the_application(
    tabs, live_server, worker, reviewer, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    photo = Path(tmp_path) / "户口簿.png"
    photo.write_bytes(PNG)
    family = household(actor=worker, head_phone="13800138000")
    head = household_members(household=family).get(relation="head").person

    # The resident registers on a phone with their own name and ID number, and the code sent to the phone
    # the registry holds (read from the demo's 模拟短信, which stands in for the handset).
    phone = tabs(phone=True)
    phone.goto(f"{live_server.url}/portal/")
    phone.get_by_role("link", name="注册账号").click()
    phone.get_by_label("姓名").fill(head.name)
    phone.get_by_label("公民身份号码").fill(head.id_number)
    phone.get_by_label("手机号码").fill("13800138000")
    phone.get_by_label("密码", exact=True).fill(PASSWORD)
    phone.get_by_label("再次输入密码").fill(PASSWORD)
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("输入短信验证码")
    phone.get_by_label("短信验证码").fill(code_from_sink(tabs(phone=True), live_server, "138****8000"))
    phone.get_by_role("button", name="完成注册").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("我要申请")

    # The village comes from three chained selects (htmx fills each from the one above).
    phone.get_by_label("县(市、区)").select_option(label="曾都区")
    expect(phone.locator("#id_township option", has_text="西城街道")).to_have_count(1)
    phone.get_by_label("乡镇(街道)").select_option(label="西城街道")
    expect(phone.locator("#id_area option", has_text="乌龙巷")).to_have_count(1)
    phone.get_by_label("户籍所在村(社区)").select_option(value=family.area_id)
    phone.get_by_label("家庭住址").fill("乌龙巷12号")
    phone.get_by_label("家庭困难情况和申请理由").fill("丈夫患病不能劳动，家庭收入很低")
    phone.locator("#id_doc-other").set_input_files(str(photo))  # the 身份证 is not at hand yet
    phone.get_by_label("本人承诺").check()
    screenshot(phone, "portal-apply-phone")
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.locator(".msg.success")).to_contain_text("网上申请编号")
    online = OnlineApplication.objects.get()
    expect(phone.get_by_text("当前状态：待受理")).to_be_visible()

    # The village worker finds the household by ID number and forwards the application.
    desk = tabs(phone=False)
    login(desk, live_server, worker)
    desk.goto(f"{live_server.url}/online/")
    desk.get_by_role("link", name=online.number).click()
    expect(desk.get_by_text("户口簿.png")).to_be_visible()
    asked: list[str] = []
    desk.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    desk.get_by_role("button", name="转入办理").click()
    expect(desk.locator(".msg.success")).to_contain_text("已转入办理")
    assert "生成正式申请" in asked[0]
    application = Application.objects.get()
    assert application.channel == "online" and application.applicant == head

    # The township reviewer: the forms signed online count as received; the 身份证 is missing, so 受理
    # issues one 一次性告知.
    township = tabs(phone=False)
    login(township, live_server, reviewer)
    township.goto(f"{live_server.url}/assistance/applications/{application.pk}/intake/")
    expect(township.get_by_label("书面申请书")).to_be_checked()
    expect(township.get_by_label("共同生活家庭成员的居民身份证、户口簿")).not_to_be_checked()
    township.get_by_role("button", name="提交").click()
    expect(township.locator(".msg.success")).to_be_visible()
    application.refresh_from_db()
    assert application.state == "pending_docs"

    # Back on the phone: the resident sees what is missing and the notice, and uploads it.
    phone.reload()
    expect(phone.get_by_text("当前状态：待补正材料")).to_be_visible()
    expect(phone.locator(".msg.warning")).to_contain_text("居民身份证")
    expect(phone.get_by_role("link", name="一次性告知书")).to_be_visible()
    screenshot(phone, "portal-progress-phone")
    with phone.expect_download() as download:
        phone.get_by_role("link", name="一次性告知书").click()
    assert download.value.suggested_filename.endswith(".docx")
    phone.get_by_label("补充材料").select_option(label="共同生活家庭成员的居民身份证、户口簿")
    phone.get_by_label("文件").set_input_files(str(photo))
    phone.get_by_role("button", name="上传").click()
    expect(phone.locator(".msg.success")).to_contain_text("已上传共同生活家庭成员的居民身份证")
    assert online.attachments.count() == 2
