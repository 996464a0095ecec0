"""监督 in a real browser: reads the statistics, the annual appendix and the year's targets, sees no button
that writes, and a POST it sends anyway (with a valid CSRF token, from the page) is refused (issue 19, 5)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.core.models import AuditLog
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _post_from_page(page: Page, path: str) -> int:
    """A POST the way a form would send it: same origin, the page's CSRF cookie in the header."""
    return page.evaluate(
        """async (path) => {
            const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken=')).split('=')[1];
            const r = await fetch(path, {method: 'POST', headers: {'X-CSRFToken': token},
                                         body: new URLSearchParams({area: '', year: '2025'})});
            return r.status;
        }""",
        path,
    )


def test_the_supervisor_reads_and_cannot_write(page: Page, live_server, supervisor, approver):
    login(page, live_server, supervisor)
    page.goto(f"{live_server.url}/statistics/")
    expect(page.locator("h1")).to_contain_text("民政统计")
    expect(page.get_by_role("button", name="重新统计")).to_have_count(0)
    page.goto(f"{live_server.url}/annual/")
    expect(page.locator("#freshness")).to_contain_text("不生成新文件")
    expect(page.get_by_role("button", name="下载Word文档（DOCX）")).to_have_count(0)
    screenshot(page, "supervisor_annual")
    before = AuditLog.objects.count()
    assert _post_from_page(page, "/statistics/refresh/") == 403
    assert _post_from_page(page, "/annual/generate/") == 403
    assert AuditLog.objects.count() == before

    # The county approver, on the same pages, has the buttons.
    page.context.clear_cookies()
    login(page, live_server, approver)
    page.goto(f"{live_server.url}/statistics/")
    expect(page.get_by_role("button", name="重新统计")).to_be_visible()
