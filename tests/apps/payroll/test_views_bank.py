"""Bank pages: make a bank file, download it, import a return file (bad, then good), see the re-issue list."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.core.models import AuditLog
from apps.payroll.models import LineStatus, PaymentFile, PayrollLine
from tests.apps.payroll.test_bank import (  # noqa: F401 - fixtures
    _var_dir,
    cases,
    payroll,
    psbc_return,
    reviewer_b,
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_finance_makes_a_bank_file_and_downloads_it_with_an_audit_row(payroll, finance):  # noqa: F811
    client = _client(finance)
    client.post(reverse("payroll:export", args=[payroll.pk]), {"bank": "psbc"})
    made = PaymentFile.objects.get()
    page = client.get(reverse("payroll:bank", args=[payroll.pk])).content.decode()
    assert made.filename in page and made.sha256 in page
    response = client.get(reverse("payroll:file", args=[made.pk]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and len(body) > 0
    assert AuditLog.objects.filter(action="export", summary__contains=made.filename).exists()


def test_a_bad_return_file_lists_its_rows_and_changes_nothing(payroll, finance):  # noqa: F811
    client = _client(finance)
    client.post(reverse("payroll:export", args=[payroll.pk]), {"bank": "psbc"})
    made = PaymentFile.objects.get()
    bad = psbc_return(
        made, {}, extra=[["420921199001011234", "6217000000000000", "10.00", "成功", "交易成功"]]
    )
    upload = SimpleUploadedFile("回盘.csv", bad, content_type="text/csv")
    response = client.post(reverse("payroll:reconcile", args=[payroll.pk]), {"bank": "psbc", "file": upload})
    assert response.status_code == 400
    assert "未导入任何结果" in response.content.decode() and "行" in response.content.decode()
    assert not PayrollLine.objects.filter(status=LineStatus.PAID).exists()


def test_a_return_file_with_a_failure_reconciles_and_fills_the_reissue_list(payroll, finance, cases):  # noqa: F811
    client = _client(finance)
    client.post(reverse("payroll:export", args=[payroll.pk]), {"bank": "psbc"})
    made = PaymentFile.objects.get()
    failing = PayrollLine.objects.filter(payroll=payroll, status=LineStatus.PENDING).first()
    content = psbc_return(made, {failing.payee_id_number: "户名不符"})
    upload = SimpleUploadedFile("回盘.csv", content, content_type="text/csv")
    response = client.post(reverse("payroll:reconcile", args=[payroll.pk]), {"bank": "psbc", "file": upload})
    assert response.status_code == 302
    page = client.get(reverse("payroll:bank", args=[payroll.pk])).content.decode()
    assert "户名不符" in page and failing.payee_name in page
    failing.refresh_from_db()
    assert failing.status == LineStatus.FAILED
