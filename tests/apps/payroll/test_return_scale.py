"""The bank's return file at scale (issue 19, point 1): tens of thousands of rows that share one ID number,
account and amount match their lines in one pass, not one scan of the taken lines per row; a return file
over its size limit is refused on the page and over the API before it is read.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from apps.payroll.documents import BankRow, ReturnResult, return_file_read, return_rows_match
from apps.payroll.documents.returns import ReturnRow
from apps.payroll.documents.templates import ReturnTemplate
from apps.payroll.models import PayrollLine, ReturnFile
from tests.apps.payroll.test_bank import (  # noqa: F401 - fixtures
    _var_dir,
    cases,
    payroll,
    reviewer_b,
)

ROWS = 100_000  # the old scan did ROWS²/2 = 5 billion steps: about two minutes
SECONDS = 30
BY_KEY = ReturnTemplate(
    result_header="交易状态",
    paid_values=("成功",),
    failed_values=("失败",),
    id_header="证件号码",
    account_header="账号",
    amount_header="金额",
)


def test_100000_rows_sharing_one_id_account_and_amount_match_their_lines_in_seconds():
    # given 100,000 lines paid to one person, one account and one amount (as a 补发 run could), and the
    # bank's answer for each, without our reference
    lines = [
        BankRow(
            f"PL-{i}", "王建华", "421303195001011234", "6217000000000001", "", Decimal("100.00"), "", "", ""
        )
        for i in range(ROWS)
    ]
    rows = [
        ReturnRow("", "421303195001011234", "6217000000000001", Decimal("100.00"), True, "", i + 2)
        for i in range(ROWS)
    ]
    # when
    started = time.perf_counter()
    matched = return_rows_match(result=ReturnResult(rows=rows, errors=[]), lines=lines, template=BY_KEY)
    seconds = time.perf_counter() - started
    # then each row took its own line
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert matched.errors == []
    assert len({r.line_ref for r in matched.rows}) == ROWS


def test_one_row_more_than_the_lines_is_refused_on_that_row():
    lines = [BankRow(f"PL-{i}", "王建华", "X1", "62", "", Decimal("1.00"), "", "", "") for i in range(3)]
    rows = [ReturnRow("", "X1", "62", Decimal("1.00"), True, "", i + 2) for i in range(4)]
    matched = return_rows_match(result=ReturnResult(rows=rows, errors=[]), lines=lines, template=BY_KEY)
    assert [e.row for e in matched.errors] == [5] and "多于代发明细的3笔" in matched.errors[0].message


def test_a_return_file_of_100000_rows_is_read_in_seconds():
    header = "证件号码,账号,金额,交易状态\r\n"
    content = (header + "421303195001011234,6217000000000001,100.00,成功\r\n" * 100_000).encode()
    started = time.perf_counter()
    result = return_file_read(content=content, filename="回盘.csv", template=BY_KEY)
    assert time.perf_counter() - started < SECONDS
    assert len(result.rows) == 100_000 and result.errors == []


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_return_file_over_the_limit_is_refused_before_it_is_read(payroll, finance, settings):  # noqa: F811
    # given a limit of 0.1 MB and a return file of 0.2 MB
    settings.MINZHENG_BANK_RETURN_MAX_MB = 0.1
    content = ("证件号码,账号,金额,交易状态,响应信息\r\n" + "1,2,3,成功,交易成功\r\n" * 12_000).encode("gbk")
    message = "文件过大：“回盘.csv”有0.2MB，回盘文件不能超过0.1MB"
    before = list(PayrollLine.objects.filter(payroll=payroll).values_list("pk", "status").order_by("pk"))

    page = _client(finance).post(
        reverse("payroll:reconcile", args=[payroll.pk]),
        {"bank": "psbc", "file": SimpleUploadedFile("回盘.csv", content)},
    )
    token, _ = Token.objects.get_or_create(user=finance)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}").post(
        f"/api/v1/payrolls/{payroll.pk}/reconcile/",
        {"bank": "psbc", "file": SimpleUploadedFile("回盘.csv", content)},
    )

    assert message in page.content.decode()
    assert api.status_code == 400 and api.json()["error"]["message"] == message
    assert not ReturnFile.objects.exists()
    after = list(PayrollLine.objects.filter(payroll=payroll).values_list("pk", "status").order_by("pk"))
    assert after == before
