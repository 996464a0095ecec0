"""Navigation by office in a real browser: the village worker on a 360 px phone opens 菜单, then 社会救助,
and follows 在保; finance on a PC opens 统计报表 from the top bar and follows 民政统计月报. Each office
opens its own menu without any script, one at a time, and the page never scrolls sideways."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = Path("/work/notes")
# The Chinese face the charts ship (apps/core/charts.py), lent to the browser for the screenshots only.
CJK = Path(str(files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"))


def _fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _keep(page: Page, name: str) -> None:
    """A screenshot for the test artifacts, and one for the notes when that folder is there. A machine's
    Chromium may have no Chinese face at all; the page then borrows the packaged one, so that a person can
    read the picture (nothing the test checks depends on it)."""
    if CJK.is_file():
        page.route("**/__cjk.otf", lambda route: route.fulfill(path=CJK, content_type="font/otf"))
        # Through the FontFace API, not an injected <style>, which the page's CSP (rightly) refuses.
        loaded = page.evaluate(
            "new FontFace('Noto Sans CJK SC', 'url(/__cjk.otf)').load()"
            ".then(face => { document.fonts.add(face); return true; })"
        )
        assert loaded, "the packaged Chinese face did not load"
    shot = screenshot(page, name)
    if NOTES.is_dir():
        (NOTES / f"{name}.png").write_bytes(shot.read_bytes())


def test_a_village_worker_opens_social_assistance_on_a_phone(phone_page: Page, live_server, worker):
    page = phone_page
    login(page, live_server, worker)
    bar = page.get_by_role("navigation", name="科室")

    # given: on a phone the top bar folds into 菜单, and the worker works in one office only
    expect(bar).to_be_hidden()
    page.get_by_text("菜单", exact=True).click()
    expect(bar.locator("summary")).to_have_text(["社会救助", "机构和组织"])

    # when: the office is opened
    bar.locator("summary", has_text="社会救助").click()
    menu = bar.get_by_role("list", name="社会救助")
    expect(menu.get_by_role("link", name="新建家庭")).to_be_visible()
    expect(menu.get_by_role("link", name="资金发放")).to_have_count(0)  # finance's, not the village's
    assert _fits_the_screen(page)
    _keep(page, "nav_phone")

    # then: its link leads to the page, and the office is marked as the one being worked in
    menu.get_by_role("link", name="在保").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("在保对象")
    expect(page.locator("details.office.current > summary")).to_have_text("社会救助")
    assert _fits_the_screen(page)


def test_finance_opens_the_statistics_office_from_the_top_bar_on_a_pc(page: Page, live_server, finance):
    login(page, live_server, finance)
    bar = page.get_by_role("navigation", name="科室")
    expect(bar.locator("summary")).to_have_text(["社会救助", "统计报表", "机构和组织"])

    # given: 社会救助's menu is open
    bar.locator("summary", has_text="社会救助").click()
    expect(bar.get_by_role("list", name="社会救助").get_by_role("link", name="资金发放")).to_be_visible()

    # when: 统计报表 is opened, 社会救助's menu closes (one office at a time)
    bar.locator("summary", has_text="统计报表").click()
    statistics = bar.get_by_role("list", name="统计报表")
    expect(statistics.get_by_role("link")).to_have_text(["民政统计月报", "年度数据附录"])
    expect(bar.get_by_role("list", name="社会救助")).to_be_hidden()
    _keep(page, "nav_pc")

    # then: the link leads to the monthly table, in the office now marked current
    statistics.get_by_role("link", name="民政统计月报").click()
    expect(page).to_have_url(f"{live_server.url}/statistics/")
    expect(page.locator("details.office.current > summary")).to_have_text("统计报表")
    assert _fits_the_screen(page)
