"""The appendix as files, pages, API and command: the DOCX's tables read back equal the figures, the XLSX
has its sheets and native charts, every file is stored with its SHA-256 and audited, and access follows
the area."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from apps.annual.documents import docx_bytes, xlsx_bytes
from apps.annual.models import AnnualFile
from apps.annual.selectors import appendix_for
from apps.annual.services import annual_file_open, annual_generate
from apps.core.models import AuditLog
from policy.errors import Conflict
from policy.money import wan_yuan
from tests.factories import COUNTY, OTHER_COUNTY


@pytest.fixture
def view(counted, approver):
    return appendix_for(actor=approver, area_code=COUNTY, year=2025)


def _num(text: str) -> str:
    return text.strip()


def test_the_docx_tables_read_back_as_the_figures(view):
    doc = Document(io.BytesIO(docx_bytes(view)))

    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "曾都区2025年度工作总结数据附录"
    assert any(t.startswith("1. 2025年末，全区共有") for t in texts)
    cases, money = doc.tables[0], doc.tables[1]
    assert [c.text for c in cases.rows[0].cells][:4] == ["救助项目", "城乡", "年末户数", "年末人数"]
    for row, line in zip(cases.rows[1:], view.appendix.cases, strict=False):
        cells = [c.text for c in row.cells]
        assert cells[:4] == [line.label, line.area_label, str(line.households), str(line.persons)]
        assert cells[6:10] == [str(line.new_households), str(line.new_persons), str(line.exit_households),
                               str(line.exit_persons)]  # fmt: skip
    total = [c.text for c in cases.rows[-1].cells]
    assert total[0] == "合计" and total[3] == str(sum(x.persons for x in view.appendix.cases))
    assert [c.text for c in money.rows[-1].cells][2] == f"{wan_yuan(view.appendix.total_cents)}"
    assert len(doc.inline_shapes) >= 2  # the PNG charts (persons, months, standards)


def test_the_xlsx_has_every_table_with_numbers_and_native_charts(view):
    book = load_workbook(io.BytesIO(xlsx_bytes(view)))

    assert book.sheetnames == ["表述", "在保对象", "资金支出", "各月支出", "临时救助", "保障标准", "数据比对"]
    cases = book["在保对象"]
    assert cases["A4"].value == view.appendix.cases[0].label
    assert cases["D4"].value == view.appendix.cases[0].persons
    assert (
        len(cases._charts) == 1 and len(book["各月支出"]._charts) == 1 and len(book["保障标准"]._charts) == 1
    )
    assert book["表述"]["B4"].value == view.sentences[0].text


def test_a_generated_file_is_stored_with_its_sha256_audited_and_checked_when_opened(view, approver):
    made = annual_generate(actor=approver, area_code=COUNTY, year=2025, fmt="docx")

    stored = annual_file_open(actor=approver, file_id=made.pk)
    assert hashlib.sha256(stored.path.read_bytes()).hexdigest() == made.sha256
    assert made.filename == "曾都区2025年度工作总结数据附录.docx"
    mine = AuditLog.objects.filter(entity_type="annual.annualfile", entity_id=str(made.pk))
    actions = list(mine.values_list("action", flat=True))
    assert sorted(actions) == ["create", "export"]
    stored.path.write_bytes(b"changed")
    with pytest.raises(Conflict):
        annual_file_open(actor=approver, file_id=made.pk)


def test_the_page_previews_the_appendix_and_downloads_a_docx(view, approver):
    client = Client()
    client.force_login(approver)

    page = client.get(reverse("annual:index"), {"area": COUNTY, "year": "2025"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "曾都区2025年度工作总结数据附录" in text and view.sentences[0].text in text
    assert 'id="table-cases"' in text

    made = client.post(reverse("annual:generate"), {"area": COUNTY, "year": "2025", "format": "docx"})
    assert made.status_code == 302
    download = client.get(made["Location"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert AnnualFile.objects.count() == 1


def test_the_page_of_an_outside_area_answers_404_and_a_village_worker_403(counted, approver, worker):
    client = Client()
    client.force_login(approver)
    assert client.get(reverse("annual:index"), {"area": OTHER_COUNTY}).status_code == 404
    client.force_login(worker)
    assert client.get(reverse("annual:index")).status_code == 403


def test_the_api_serves_the_same_figures(view, approver):
    client = Client()
    client.force_login(approver)

    data = client.get(reverse("api:annual-appendix"), {"area": COUNTY, "year": "2025"}).json()

    assert data["year"] == 2025 and data["through"] == "2025-12-01"
    assert data["total_wan"] == f"{wan_yuan(view.appendix.total_cents)}"
    assert data["sentences"][0]["text"] == view.sentences[0].text
    assert data["cases"][0]["persons"] == view.appendix.cases[0].persons
    bad = client.get(reverse("api:annual-appendix"), {"year": "20x5"})
    assert bad.status_code == 400 and "年度" in bad.content.decode()
    assert client.get(reverse("api:annual-appendix"), {"area": OTHER_COUNTY}).status_code == 404


def test_the_command_writes_the_file_and_prints_the_sentences(view, tmp_path, capsys):
    out = tmp_path / "附录.xlsx"

    call_command("report_annual", county="421303", year="2025", format="xlsx", out=str(out))

    printed = capsys.readouterr().out
    assert view.sentences[0].text in printed and "SHA-256" in printed
    assert load_workbook(out)["在保对象"]["D4"].value == view.appendix.cases[0].persons
    made = AnnualFile.objects.get()
    assert made.created_by is None and Path(out).stat().st_size == made.size
