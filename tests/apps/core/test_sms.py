"""apps/core/sms.py: one interface for text messages, the backend chosen by a setting."""

from __future__ import annotations

import pytest

from apps.core.models import OutboundMessage
from apps.core.sms import SmsFailed, send_code, sink_messages


class RecordingGateway:
    """A stand-in for a deployment's gateway class: built without arguments, ``send(*, phone, text)``."""

    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        RecordingGateway.sent.append((phone, text))


class BrokenGateway:
    def send(self, *, phone: str, text: str) -> None:
        raise SmsFailed("网关无响应")


def test_the_local_sink_keeps_the_message_and_lists_it_with_the_phone_masked(db):
    send_code(phone="13812345678", text="验证码为123456")
    assert OutboundMessage.objects.get().phone == "13812345678"
    [listed] = sink_messages()
    assert listed.phone == "138****5678" and listed.text == "验证码为123456"


def test_a_deployment_names_its_gateway_class_in_the_setting(db, settings):
    settings.MINZHENG_SMS_BACKEND = "tests.apps.core.test_sms.RecordingGateway"
    RecordingGateway.sent.clear()
    send_code(phone="13812345678", text="验证码为654321")
    assert RecordingGateway.sent == [("13812345678", "验证码为654321")]
    assert not OutboundMessage.objects.exists()


def test_a_failing_gateway_raises(db, settings):
    settings.MINZHENG_SMS_BACKEND = "tests.apps.core.test_sms.BrokenGateway"
    with pytest.raises(SmsFailed):
        send_code(phone="13812345678", text="x")
