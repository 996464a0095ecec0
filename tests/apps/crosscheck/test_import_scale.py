"""The cross-check import at scale (issue 19, point 1): a list of 100,000 rows that all give one ID number is
imported through the pages in seconds and bounded memory; 100,000 bad rows give a page of 50 issues and a
report of 10,000 with the rest counted by column, not 100,000 of each; the report writes a name that
begins with "=" as text; a file over the list's size limit is refused before it is copied or read.

The time bound is generous (about a second here); bench/bench_import_dupes.py measures the same import.
"""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from apps.core.exports import xlsx_formulas
from apps.crosscheck.models import Batch
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.uploads import report_write
from apps.registry.services.import_read import ImportIssue
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of
from tests.factories import COUNTY
from tests.measure import measured

ROWS = 100_000
SECONDS = 30
PEAK_BYTES = 300 * 1024 * 1024  # growth of the resident set (tests/measure.py)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, content: bytes, name: str = "死亡名单.csv"):
    return client.post(
        reverse("crosscheck:import"),
        {
            "county": COUNTY,
            "source": "death",
            "received_on": "2026-01-05",
            "list_date": "2026-01-05",
            "file": SimpleUploadedFile(name, content),
        },
    )


def _confirm(client: Client, page) -> str:
    form = page.context["form"]
    data = {
        name: form.initial.get(name, "")
        for name in ("token", "county", "source", "received_on", "list_date", "note")
    }
    data.update(map_name="姓名", map_id_number="身份证号", map_event_date="死亡日期")
    response = client.post(reverse("crosscheck:import_confirm"), data)
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


def test_a_list_of_100000_rows_sharing_one_id_number_imports_in_seconds(case, approver):
    # given a death list that names one person on 100,000 rows
    content = csv_bytes([death_row(head_of(case))] * ROWS)
    client = _client(approver)

    # when it is uploaded and imported
    run = measured(lambda: _confirm(client, _upload(client, content)))
    page = run.result

    # then
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.growth < PEAK_BYTES, f"{run.growth_mib:.0f} MiB"
    assert "导入成功" in page and len(page) < 200_000
    assert Batch.objects.get().row_count == ROWS


def test_100000_bad_rows_give_a_page_of_50_and_a_report_of_10000_counting_the_rest(approver, tmp_path):
    # given 100,000 rows with a 12-digit ID number, and one without a name
    rows = [["张三", "421303195001", "2025-10-15", ""]] * ROWS
    rows[1] = ["", "421303195001", "2025-10-15", ""]
    client = _client(approver)

    # when
    run = measured(lambda: _confirm(client, _upload(client, csv_bytes(rows))))
    page = run.result

    # then the page shows the first 50 and counts the rest by column
    assert run.seconds < SECONDS and run.growth < PEAK_BYTES, (run.seconds, run.growth_mib)
    assert "未导入：发现 100001 处错误" in page
    assert page.count("公民身份号码应为18位") == 49
    assert "另有99,951处错误未列出：身份证号99,951处" in page
    assert len(page) < 200_000
    # and the report lists 10,000 and one line counting the rest
    report = client.get(reverse("crosscheck:import_report"))
    content = b"".join(report.streaming_content)
    assert len(content) < 1_000_000
    lines = list(load_workbook(io.BytesIO(content), read_only=True)["错误报告"].iter_rows(values_only=True))
    assert len(lines) == 1 + 10_000 + 1
    assert lines[-1][0] == "…" and lines[-1][3].startswith("另有90,001处错误未列出：身份证号90,001处")
    assert not Batch.objects.exists()


def test_the_error_report_writes_a_formula_like_name_as_text(approver):
    # given a row whose name is a formula and whose ID number is wrong
    client = _client(approver)
    rows = [['=HYPERLINK("http://x","y")', "123", "2025-10-15", ""]]
    page = _confirm(client, _upload(client, csv_bytes(rows)))
    assert "未导入" in page
    # when the report is downloaded
    report = b"".join(client.get(reverse("crosscheck:import_report")).streaming_content)
    # then nothing in it is a formula
    assert xlsx_formulas(report) == []


def test_the_report_writer_keeps_every_cell_text(tmp_path):
    issues = [ImportIssue(2, "姓名", '=HYPERLINK("http://x","y")', "+1")]
    target = tmp_path / "r.xlsx"
    report_write(rejected=BatchRejected(issues), file_name="@x.csv", target=target)
    assert xlsx_formulas(target.read_bytes()) == []


def test_a_list_over_the_size_limit_is_refused_before_it_is_copied(approver, settings, monkeypatch):
    settings.MINZHENG_LIST_IMPORT_MAX_MB = 0.1
    content = csv_bytes([["张三", "421303195001011234", "2025-10-15", ""]] * 5_000)  # 0.2 MB

    def never(**kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the upload was staged")

    monkeypatch.setattr("apps.crosscheck.views.imports.upload_stage", never)
    page = _upload(_client(approver), content, name="大名单.csv")
    assert page.status_code == 200
    assert "文件过大：“大名单.csv”有0.2MB，名单文件不能超过0.1MB" in page.content.decode()

    token, _ = Token.objects.get_or_create(user=approver)
    made = Client(HTTP_AUTHORIZATION=f"Token {token.key}").post(
        "/api/v1/crosscheck/batches/",
        {
            "county": COUNTY,
            "source": "death",
            "received_on": "2026-01-05",
            "list_date": "2026-01-05",
            "file": SimpleUploadedFile("大名单.csv", content),
        },
    )
    assert made.status_code == 400
    assert made.json()["error"]["message"] == "文件过大：“大名单.csv”有0.2MB，名单文件不能超过0.1MB"
    assert not Batch.objects.exists()
