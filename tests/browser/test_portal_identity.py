"""注册 in a real browser, tried as a new user would: registering with someone else's ID number gives no
account, and the page says nothing about whose number it is; the real resident registers with the code sent
to the phone the registry holds, read from the demo's 模拟短信."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.portal.models import CitizenProfile
from apps.registry.services.persons import person_create
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, VILLAGE, person_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FENG_RUI = "421303199202084835"


def _phone(browser: Browser) -> Page:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _register(page: Page, live_server, *, name: str, typed_phone: str) -> None:
    page.goto(f"{live_server.url}/portal/register/")
    page.get_by_label("姓名").fill(name)
    page.get_by_label("公民身份号码").fill(FENG_RUI)
    page.get_by_label("手机号码").fill(typed_phone)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("输入短信验证码")


def _code_from_demo_sms(page: Page, masked_phone: str) -> str:
    """Follow the register page's link to 模拟短信 in a new tab, as a person trying the demo does."""
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="查看模拟短信（验证码）").click()
    sms = opened.value
    row = sms.locator("tbody tr", has_text=masked_phone).first
    expect(row).to_be_visible()
    found = re.search(r"验证码为(\d{6})", row.inner_text())
    assert found is not None
    screenshot(sms, f"portal-identity-sms-{masked_phone[-4:]}")
    sms.close()
    return found.group(1)


def test_someone_elses_number_gives_no_account_and_the_resident_registers(browser, live_server, worker):
    person_create(
        actor=worker,
        data=person_input(name="冯睿", id_number=FENG_RUI, hukou_area_code=VILLAGE, phone="13912341234"),
    )

    # Someone registers 冯睿's number as 张三, with their own phone: the code comes to that phone...
    impostor = _phone(browser)
    _register(impostor, live_server, name="张三", typed_phone="13700002222")
    expect(impostor.get_by_text("验证码已发送至手机号码尾号")).to_contain_text("2222")
    impostor.get_by_label("短信验证码").fill(_code_from_demo_sms(impostor, "137****2222"))
    impostor.get_by_role("button", name="完成注册").click()
    # ...but no account follows, and the answer does not say whose number it is.
    expect(impostor.locator(".msg.error")).to_have_text(
        "姓名与公民身份号码不符，或该号码需到乡镇(街道)社会救助窗口核实。"
    )
    expect(impostor.get_by_role("heading", level=1)).to_have_text("注册网上办事账号")
    screenshot(impostor, "portal-identity-refused-phone")
    assert not CitizenProfile.objects.exists()

    # 冯睿 registers; whatever phone is typed, the code goes to the one the registry holds.
    resident = _phone(browser)
    _register(resident, live_server, name="冯睿", typed_phone="13800001111")
    expect(resident.get_by_text("验证码已发送至手机号码尾号")).to_contain_text("1234")
    screenshot(resident, "portal-identity-code-phone")
    resident.get_by_label("短信验证码").fill(_code_from_demo_sms(resident, "139****1234"))
    resident.get_by_role("button", name="完成注册").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("我要申请")
    expect(resident.locator(".msg.success")).to_have_text("注册成功。")
    screenshot(resident, "portal-identity-registered-phone")
    profile = CitizenProfile.objects.get()
    assert profile.name == "冯睿" and profile.user.username == FENG_RUI and profile.phone == "13912341234"
    for page in (impostor, resident):
        page.context.close()
