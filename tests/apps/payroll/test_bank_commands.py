"""``minzheng payroll export`` and ``… reconcile``: the file, its figures, the reconciliation table, and a
bad return file listed row by row with a non-zero exit."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.payroll.models import LineStatus, PaymentFile, PayrollLine, ReturnFile
from tests.apps.payroll.test_bank import (  # noqa: F401 - the fixtures
    _two_failures,
    _var_dir,
    cases,
    payroll,
    psbc_return,
    reviewer_b,
)

MONTH = ["--county", "421303", "--month", "2025-12"]


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_prints_the_file_its_total_and_sha256_and_copies_it_out(payroll, finance, tmp_path):  # noqa: F811
    printed = _run(
        "payroll_export", *MONTH, "--bank", "psbc", "--user", finance.username, "--out", str(tmp_path / "out")
    )
    file = PaymentFile.objects.get()
    assert f"{file.line_count}笔，合计{file.total}元" in printed and file.sha256 in printed
    assert "写入银行代发文件" in printed  # the progress bar
    copied = tmp_path / "out" / file.filename
    assert hashlib.sha256(copied.read_bytes()).hexdigest() == file.sha256
    assert (tmp_path / "out" / (file.filename.rsplit(".", 1)[0] + "-汇总.xlsx")).is_file()


def test_reconcile_prints_the_table_and_a_second_run_changes_nothing(payroll, finance, cases, tmp_path):  # noqa: F811
    _run("payroll_export", *MONTH, "--bank", "psbc", "--user", finance.username)
    answer = tmp_path / "回盘.csv"
    answer.write_bytes(psbc_return(PaymentFile.objects.get(), _two_failures(payroll, cases)))
    printed = _run("payroll_reconcile", str(answer), *MONTH, "--bank", "psbc", "--user", finance.username)
    assert "到账2笔" in printed and "失败2笔" in printed and "已全部对账" in printed
    assert "西城街道" in printed and "万店镇" in printed and "合计" in printed
    again = _run("payroll_reconcile", str(answer), *MONTH, "--bank", "psbc", "--user", finance.username)
    assert "未做任何更改" in again and ReturnFile.objects.count() == 1


def test_a_bad_return_file_lists_every_bad_row_and_exits_non_zero(payroll, finance, cases, tmp_path):  # noqa: F811
    _run("payroll_export", *MONTH, "--bank", "psbc", "--user", finance.username)
    bad = [["110101199003070000", "6217000000000000001", "10.00", "成功", ""], ["", "", "", "不知道", ""]]
    answer = tmp_path / "回盘.csv"
    answer.write_bytes(psbc_return(PaymentFile.objects.get(), {}, extra=bad))
    out = StringIO()
    with pytest.raises(CommandError, match="未导入"):
        call_command(
            "payroll_reconcile", str(answer), *MONTH, "--bank", "psbc", "--user", finance.username, stdout=out
        )
    assert "第7行" in out.getvalue() and "交易状态" in out.getvalue()
    assert not PayrollLine.objects.filter(status__in=[LineStatus.PAID, LineStatus.FAILED]).exists()


def test_export_of_an_unknown_payroll_or_bank_is_named(payroll, finance):  # noqa: F811
    with pytest.raises(CommandError, match="没有找到该县该月的发放表"):
        _run("payroll_export", "--county", "421303", "--month", "2025-11", "--user", finance.username)
    with pytest.raises(CommandError, match="没有代码为“icbc”的银行模板"):
        _run("payroll_export", *MONTH, "--bank", "icbc", "--user", finance.username)
    assert not PaymentFile.objects.exists()
