"""Bank files and their 汇总: text that begins like a formula.

The bank's system reads the 代发文件 as it is, so a quote in front of a CSV cell would change the payee's
name it matches: such text in a CSV column the bank receives refuses the file, naming the row (nothing is
written). An XLSX file and the 汇总 hold it as text with Excel's quote prefix, the value unchanged."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest

from apps.core.exports import xlsx_formulas
from apps.payroll.documents import BankFileRejected, bank_file_write, bank_summary_write
from apps.payroll.models import LineStatus, PaymentFile, PayrollLine
from apps.payroll.services.bank import payroll_export
from tests.apps.payroll.test_bank import _var_dir, cases, payroll, reviewer_b  # noqa: F401  (fixtures)
from tests.apps.payroll.test_bankfiles import MAY, NONGSHANG, PSBC, YIKATONG, line, write

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("template", [PSBC, YIKATONG], ids=["gbk", "utf-8"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payee_name_that_begins_like_a_formula_refuses_a_csv_bank_file_naming_the_row(template, payload):
    out = io.BytesIO()

    with pytest.raises(BankFileRejected) as refused:
        bank_file_write(rows=[line(1), line(2, name=payload)], template=template, county="曾都区",
                        month=MAY, program_label="低保", out=out)  # fmt: skip

    problem = refused.value.problems[0]
    assert problem.row == 3 and problem.column in ("姓名", "户名")
    assert f"以“{payload[0]}”开头，在CSV文件中会被Excel当作公式，请在登记信息中改正" in problem.message
    assert out.getvalue() == b""


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_xlsx_bank_file_holds_a_formula_like_name_as_the_same_text_quoted(payload):
    # XLSX keeps the value exactly (the quote prefix is a style), so the bank reads the name unchanged.
    _, content = write([line(1, name=payload, village=payload)], NONGSHANG)

    assert xlsx_formulas(content) == []
    ws = openpyxl.load_workbook(io.BytesIO(content))["明细"]
    for cell in (ws["B2"], ws["G2"]):  # 姓名, 村（社区）
        assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_township_name_that_begins_like_a_formula_is_quoted_text_in_the_summary(payload):
    # given a layout whose 明细 leaves the township out, so the bank never receives it
    layout = dataclasses.replace(
        NONGSHANG, columns=tuple(c for c in NONGSHANG.columns if c.field != "township")
    )

    # when
    info, content = write([line(1, township=payload), line(2)], layout)
    out = io.BytesIO()
    bank_summary_write(summary=info.summary, out=out)

    # then: in the file's 汇总 sheet and in the 汇总 kept beside a CSV file alike
    for book_bytes, sheet in ((content, "汇总"), (out.getvalue(), "汇总")):
        assert xlsx_formulas(book_bytes) == []
        ws = openpyxl.load_workbook(io.BytesIO(book_bytes))[sheet]
        (label,) = [c for row in ws.iter_rows() for c in row if c.value == payload]
        assert (label.data_type, label.quotePrefix) == ("s", True)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_exporting_a_payroll_with_a_formula_like_payee_name_keeps_nothing(
    payroll,  # noqa: F811  (the fixture imported above)
    finance,
    tmp_path,
    payload,
):
    # given a line whose frozen payee name begins like a formula (stored before any check refused it)
    pending = PayrollLine.objects.filter(payroll=payroll, status=LineStatus.PENDING).first()
    PayrollLine.objects.filter(pk=pending.pk).update(payee_name=payload)

    # when / then
    with pytest.raises(BankFileRejected) as refused:
        payroll_export(actor=finance, payroll=payroll, template_code="psbc")
    assert "会被Excel当作公式" in refused.value.problems[0].message
    assert not PaymentFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
