"""A village worker imports through the browser: template, a file with errors, the report, the fix."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from apps.registry.models import Household, Person
from apps.registry.services.import_format import DATA_SHEET, EXAMPLE_SHEET
from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # error reports are files; keep them out of the real var/


def _fill(template: Path, target: Path, *, break_it: bool) -> None:
    """Copy the template's example household into its data sheet; optionally spoil the spouse's ID."""
    book = openpyxl.load_workbook(template)
    example = list(book[EXAMPLE_SHEET].iter_rows(min_row=2, max_row=4, values_only=True))
    for row in example:
        values = list(row)
        if break_it and values[1] == "配偶":
            values[3] = values[3][:17] + ("0" if values[3][17] != "0" else "1")  # wrong check digit
        book[DATA_SHEET].append(values)
    book.save(target)


def test_worker_imports_a_file_reads_the_errors_then_imports_the_corrected_file(
    page, live_server, worker, tmp_path
):
    # given a logged-in village worker on the import page
    login(page, live_server, worker)
    page.get_by_role("link", name="批量导入").first.click()
    page.get_by_role("heading", name="批量导入家庭及成员").wait_for()

    # when they download the template
    with page.expect_download() as template_download:
        page.get_by_role("link", name="下载导入模板").click()
    template = tmp_path / "模板.xlsx"
    template_download.value.save_as(template)
    assert "公民身份号码＊" in [c.value for c in openpyxl.load_workbook(template)[DATA_SHEET][1]]

    # and upload a copy with a wrong check digit on row 3
    broken = tmp_path / "有错.xlsx"
    _fill(template, broken, break_it=True)
    page.set_input_files("#import-file", str(broken))
    page.get_by_role("button", name="上传并导入").click()

    # then the error table names the row, the column and the reason, in Chinese
    table = page.locator("table.import-errors")
    table.wait_for()
    assert "未导入：发现 1 处错误" in page.get_by_role("alert").inner_text()
    cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "公民身份号码" and "校验位错误" in cells[3]
    screenshot(page, "import-errors")
    assert not Person.objects.exists()

    # and the same report downloads as XLSX
    with page.expect_download() as report_download:
        page.get_by_role("link", name="下载错误报告（Excel）").click()
    report = tmp_path / "报告.xlsx"
    report_download.value.save_as(report)
    lines = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert lines[0] == ("行", "列", "内容", "原因") and lines[1][:2] == (3, "公民身份号码")

    # when the corrected file is uploaded
    fixed = tmp_path / "改正.xlsx"
    _fill(template, fixed, break_it=False)
    page.set_input_files("#import-file", str(fixed))
    page.get_by_role("button", name="上传并导入").click()

    # then the success message shows, and the household is there
    page.get_by_text("导入成功").wait_for()
    assert "共导入 1 户、3 人" in page.locator("#import-result").inner_text()
    screenshot(page, "import-success")
    assert Household.objects.count() == 1 and Person.objects.count() == 3
