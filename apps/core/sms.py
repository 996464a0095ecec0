"""Text messages (短信) to a mobile phone, behind one interface a deployment configures.

Every message the system sends goes through :func:`send_code`. The class that delivers it is named by the
setting ``MINZHENG_SMS_BACKEND`` (a dotted path). A backend is any class that can be built without
arguments and has::

    def send(self, *, phone: str, text: str) -> None: ...

It raises :class:`SmsFailed` when the message could not be handed to the gateway; the caller then tells
the user to try again (nothing counts as sent). A deployment writes its gateway class in its own package
(reading its account and key from the environment, never from committed settings) and sets, for example,
``MINZHENG_SMS_BACKEND=bureau_sms.GatewayBackend``.

The default, :class:`LocalSink`, delivers nothing: it keeps each message as a ``core.OutboundMessage``
row, where the tests read the code they were sent and where the demo's page ``/demo/sms/`` (only while
``apps.demo`` is installed) shows a person trying the demo the code "sent to their phone". Without the demo
nothing shows the sink, so a deployment that forgets to configure a gateway fails closed: no code ever
reaches anyone, and nobody can complete a registration that needs one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from apps.core.models import OutboundMessage
from policy.privacy import mask_phone

DEFAULT_BACKEND = "apps.core.sms.LocalSink"


class SmsFailed(Exception):
    """The gateway did not take the message."""


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class LocalSink:
    """Keeps the message in the database instead of sending it (the demo and the tests)."""

    def send(self, *, phone: str, text: str) -> None:
        OutboundMessage.objects.create(phone=phone, text=text)


def sms_backend() -> SmsBackend:
    """The configured backend, built afresh for each message (a gateway's client is the backend's job)."""
    path = getattr(settings, "MINZHENG_SMS_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND
    backend: SmsBackend = import_string(path)()
    return backend


def send_code(*, phone: str, text: str) -> None:
    """Send ``text`` (a one-time code and what it is for) to the mobile ``phone``; SmsFailed if it failed."""
    sms_backend().send(phone=phone, text=text)


@dataclass(frozen=True)
class SinkMessage:
    phone: str  # masked: 138****1234
    text: str
    at: datetime


def sink_messages(*, limit: int = 20) -> list[SinkMessage]:
    """The latest messages the local sink kept, newest first, with the phone masked."""
    rows = OutboundMessage.objects.order_by("-created_at", "-id")[:limit]
    return [SinkMessage(mask_phone(r.phone), r.text, r.created_at) for r in rows]
