"""The demo's pages: 模拟短信, which stands in for a visitor's phone on the portal."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from apps.core.sms import send_code


def test_the_demo_shows_the_latest_text_messages_with_the_phone_masked(db):
    send_code(phone="13812345678", text="【民政网上办事】您的注册验证码为123456")
    response = Client().get(reverse("demo:sms"))
    body = response.content.decode()
    assert response.status_code == 200 and "123456" in body
    assert "138****5678" in body and "13812345678" not in body
    assert "no-store" in response["Cache-Control"]
