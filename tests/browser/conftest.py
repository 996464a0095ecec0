"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Screenshots go to ``test-artifacts/`` so a person can look at what the test saw.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls that set up test data are still
# plain synchronous calls, so Django's async-safety guard would refuse them without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# On SQLite the live server shares the test's in-memory database connection across its threads; two
# requests at once (a page and its htmx fragment) could then collide inside one connection ("cannot start a
# transaction within a transaction"). One request at a time; Django closes each connection after it.
class _OneRequestAtATime(WSGIServer):
    def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
        # The server thread already uses the shared connections (LiveServerThread.run sets them).
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


LiveServerThread.server_class = _OneRequestAtATime

CHROMIUM = os.environ.get("MINZHENG_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _watch_csp(instance)
        yield instance
        instance.close()


# Every page must pass the Content-Security-Policy (apps/core/middleware.py): Chromium reports each thing it
# refused (an inline style or script, a handler, an outside asset) on the console; every context of every
# browser test listens, and a test fails if anything was refused while it ran.
CSP_REFUSED: list[str] = []


def _watch_csp(instance: Browser) -> None:
    opened = instance.new_context

    def new_context(*args: Any, **kwargs: Any) -> BrowserContext:
        context = opened(*args, **kwargs)
        context.on("console", _on_console)
        return context

    instance.new_context = new_context  # type: ignore[method-assign]


def _on_console(message: ConsoleMessage) -> None:
    if "Content Security Policy" in message.text:
        CSP_REFUSED.append(f"{message.location.get('url', '')}: {message.text}")


@pytest.fixture(autouse=True)
def passes_csp() -> Iterator[None]:
    CSP_REFUSED.clear()
    yield
    assert CSP_REFUSED == [], "\n".join(CSP_REFUSED)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized screen (360×740, touch), as a village worker's handset."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Opens a tab of its own (cookies and all) per person: ``tabs(phone=True)`` a 390 px touch phone (an
    iPhone 12 to 15's CSS width), ``tabs(phone=False)`` a 1280 px PC; downloads accepted."""
    contexts: list[BrowserContext] = []

    def opener(*, phone: bool) -> Page:
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(
            locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


def login(page: Page, live_server: object, user: object, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the home page."""
    page.goto(f"{live_server.url}/accounts/login/")  # type: ignore[attr-defined]
    page.get_by_label("用户名").fill(user.username)  # type: ignore[attr-defined]
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")  # type: ignore[attr-defined]


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
