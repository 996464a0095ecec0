"""The generated DOCX, HTML and XLSX read back: every figure where the template puts it, the merged header
cells as in the official layout, and an XLSX filled offline coming back all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document as open_docx
from openpyxl import load_workbook

from apps.disclosure.documents import document_build
from apps.disclosure.documents.xlsx import TABLE_TOP, xlsx_bytes, xlsx_read
from apps.disclosure.services import disclosure_generate, disclosure_import_xlsx, disclosure_save
from policy.disclosure import TEMPLATE_2019, TEMPLATE_2021, Entry, Label
from policy.errors import ValidationFailed
from tests.policy.disclosure.sample import TEXTS, consistent_cells


def _stored(made) -> bytes:
    return (Path(settings.VAR_DIR) / "disclosure" / made.stored_path).read_bytes()


def test_the_docx_has_the_title_sections_and_tables_that_read_back_as_entered(admin_user, saved):
    made = disclosure_generate(actor=admin_user, report=saved, fmt="docx")

    doc = open_docx(io.BytesIO(_stored(made)))

    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "曾都区民政局2025年政府信息公开工作年度报告"
    assert [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}] == [
        s.heading for s in TEMPLATE_2021.sections
    ]
    assert TEXTS["overview"] in texts
    assert len(doc.tables) == 3
    cells = consistent_cells()
    for table, written in zip(TEMPLATE_2021.tables, doc.tables, strict=True):
        for placed in table.placed():
            got = written.cell(placed.row, placed.col).text
            if isinstance(placed.cell, Entry):
                expected = cells.get(placed.cell.key, "0")
                assert got == expected, (placed.cell.key, got)
            else:
                assert got == placed.cell.text


def test_the_docx_merges_header_cells_as_the_template_spans_them(admin_user, saved):
    doc = open_docx(io.BytesIO(_stored(disclosure_generate(actor=admin_user, report=saved, fmt="docx"))))
    three, four = doc.tables[1], doc.tables[2]

    # 表三: the 勾稽 note spans three rows and three columns; 申请人情况 spans the seven figure columns
    assert three.cell(0, 0)._tc is three.cell(2, 2)._tc
    assert three.cell(0, 3)._tc is three.cell(0, 9)._tc and three.cell(0, 3).text == "申请人情况"
    # 三、本年度办理结果 spans every result row down to (七)总计
    assert three.cell(5, 0)._tc is three.cell(26, 0)._tc
    # 表四: 行政复议 over five columns, 行政诉讼 over ten, 结果维持 down two rows
    assert four.cell(0, 0)._tc is four.cell(0, 4)._tc and four.cell(0, 5)._tc is four.cell(0, 14)._tc
    assert four.cell(1, 0)._tc is four.cell(2, 0)._tc
    assert [four.cell(3, c).text for c in range(5)] == ["2", "1", "0", "0", "3"]


def test_the_2019_docx_prints_the_trial_layout(admin_user, county):
    report = disclosure_save(
        actor=admin_user,
        county=county,
        year=2020,
        organ="曾都区民政局",
        texts=TEXTS,
        cells=consistent_cells("2019"),
    )
    doc = open_docx(io.BytesIO(_stored(disclosure_generate(actor=admin_user, report=report, fmt="docx"))))

    first_column = [row.cells[0].text for row in doc.tables[0].rows]
    assert "第二十条第（九）项" in first_column and "政府集中采购" in first_column
    assert doc.tables[0].rows[-1].cells[2].text == "85.60"


def test_the_html_page_is_self_contained_and_holds_every_figure(admin_user, saved):
    html = _stored(disclosure_generate(actor=admin_user, report=saved, fmt="html")).decode()

    assert "<h1>曾都区民政局2025年政府信息公开工作年度报告</h1>" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]
    assert (
        'rowspan="3"' in html
        and "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    )
    assert 'data-key="t2.fees.amount">1.50</td>' in html
    assert "草稿预览" not in html


def test_the_xlsx_export_reads_back_into_the_same_figures(admin_user, saved):
    content = _stored(disclosure_generate(actor=admin_user, report=saved, fmt="xlsx"))

    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["表二", "表三", "表四"]
    assert wb["表三"].cell(TABLE_TOP, 1).value.startswith("（本列数据的勾稽关系为")
    read = xlsx_read(TEMPLATE_2021, 2025, content)
    expected = {k: consistent_cells().get(k, "0") for k in TEMPLATE_2021.specs}
    assert {k: v for k, v in read.items()} == expected | {"t2.fees.amount": "1.5"}


def _filled(values: dict[str, object], report) -> bytes:
    wb = load_workbook(io.BytesIO(xlsx_bytes(document_build(report))))
    positions = {
        p.cell.key: (table.number, TABLE_TOP + p.row, 1 + p.col)
        for table in TEMPLATE_2021.tables
        for p in table.placed()
        if isinstance(p.cell, Entry)
    }
    for key, value in values.items():
        sheet, row, col = positions[key]
        wb[sheet].cell(row, col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_uploaded_xlsx_fills_the_grid_and_keeps_the_texts(admin_user, county):
    # given: a blank report and the blank template filled offline with the consistent figures
    blank = disclosure_save(
        actor=admin_user, county=county, year=2025, organ="曾都区民政局", texts=TEXTS, cells={}
    )
    numbers = {k: (float(v) if "." in v else int(v)) for k, v in consistent_cells().items()}

    report = disclosure_import_xlsx(actor=admin_user, report=blank, content=_filled(numbers, blank))

    assert report.version == 2 and report.texts == TEXTS
    assert report.cells["t3.total.total"] == "7" and report.cells["t2.fees.amount"] == "1.50"


def test_a_bad_upload_names_every_cell_and_changes_nothing(admin_user, saved):
    content = _filled(
        {"t3.new.natural": "五", "t4.review.total": -2, "t2.fees.amount": 0.30000000000000004}, saved
    )

    with pytest.raises(ValidationFailed) as caught:
        disclosure_import_xlsx(actor=admin_user, report=saved, content=content)

    errors = caught.value.errors
    assert set(errors) == {"t3.new.natural", "t4.review.total"}  # 0.30000000000000004 reads as 0.3
    assert errors["t3.new.natural"] == [
        "表三 第一项本年新收申请 / 自然人列（单元格D7）：应为非负整数，填写的是“五”"
    ]
    saved.refresh_from_db()
    assert saved.version == 1


def test_an_upload_of_the_other_years_template_or_a_moved_row_is_refused(admin_user, saved, county):
    old = disclosure_save(
        actor=admin_user, county=county, year=2020, organ="曾都区民政局", texts=TEXTS, cells={}
    )
    with pytest.raises(ValidationFailed, match="2019年版格式的表格，2025年度应使用2021年版"):
        disclosure_import_xlsx(actor=admin_user, report=saved, content=xlsx_bytes(document_build(old)))

    wb = load_workbook(io.BytesIO(xlsx_bytes(document_build(saved))))
    wb["表三"].insert_rows(6)
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationFailed) as caught:
        disclosure_import_xlsx(actor=admin_user, report=saved, content=out.getvalue())
    assert any("不要增删或移动行列" in m for m in caught.value.errors["file"])


def test_a_file_that_is_not_a_workbook_is_refused_plainly(admin_user, saved):
    with pytest.raises(ValidationFailed, match="无法读取上传的文件"):
        disclosure_import_xlsx(actor=admin_user, report=saved, content=b"not a workbook")


def test_labels_of_the_2019_template_differ_from_2021():
    assert {c.text for t in TEMPLATE_2019.tables for r in t.rows for c in r if isinstance(c, Label)} != {
        c.text for t in TEMPLATE_2021.tables for r in t.rows for c in r if isinstance(c, Label)
    }
