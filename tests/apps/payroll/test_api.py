"""资金发放 API: prepare, preview, approve (maker-checker), lines with masked IDs, fund accounts."""

from __future__ import annotations

from django.test import Client
from rest_framework.authtoken.models import Token

from apps.payroll.models import Payroll
from tests.apps.payroll.test_bank import _var_dir, cases, payroll, reviewer_b  # noqa: F401 - fixtures


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def test_finance_prepares_and_the_county_approves_over_the_api(case, finance, approver):
    made = _api(finance).post(
        "/api/v1/payrolls/", {"county": "421303000000", "month": "2025-12"}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["line_count"] == 1 and body["total"] == str(Payroll.objects.get().total)
    assert {g["key"] for g in body["preview"]} == {"held"}  # no earlier month to compare with
    refused = _api(finance).post(
        f"/api/v1/payrolls/{body['id']}/approve/",
        {"version": body["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 403
    stale = _api(approver).post(
        f"/api/v1/payrolls/{body['id']}/approve/", {"version": 99}, content_type="application/json"
    )
    assert stale.status_code == 409
    done = _api(approver).post(
        f"/api/v1/payrolls/{body['id']}/approve/",
        {"version": body["version"]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "approved"


def test_lines_come_with_masked_id_numbers_and_their_explanation(case, finance):
    made = (
        _api(finance)
        .post(
            "/api/v1/payrolls/",
            {"county": "421303000000", "month": "2025-12"},
            content_type="application/json",
        )
        .json()
    )
    lines = _api(finance).get(f"/api/v1/payrolls/{made['id']}/lines/").json()["results"]
    assert len(lines) == 1
    assert "*" in lines[0]["payee_id_number"] and lines[0]["trace"]


def test_a_bad_month_is_named(case, finance):
    response = _api(finance).post(
        "/api/v1/payrolls/", {"county": "421303000000", "month": "2025-13"}, content_type="application/json"
    )
    assert response.status_code == 400 and "月份" in response.content.decode()


def test_export_reconcile_and_the_reconciliation_over_the_api(payroll, finance, supervisor):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.payroll.models import PaymentFile
    from tests.apps.payroll.test_bank import psbc_return

    made = _api(finance).post(
        f"/api/v1/payrolls/{payroll.pk}/export/", {"bank": "psbc"}, content_type="application/json"
    )
    assert made.status_code == 201 and len(made.json()["sha256"]) == 64
    file = PaymentFile.objects.get()
    bad = psbc_return(
        file, {}, extra=[["420921199001011234", "6217000000000000", "10.00", "成功", "交易成功"]]
    )
    refused = _api(finance).post(
        f"/api/v1/payrolls/{payroll.pk}/reconcile/",
        {"bank": "psbc", "file": SimpleUploadedFile("r.csv", bad)},
    )
    assert refused.status_code == 400 and "行" in refused.content.decode()
    good = psbc_return(file, {})
    done = _api(finance).post(
        f"/api/v1/payrolls/{payroll.pk}/reconcile/",
        {"bank": "psbc", "file": SimpleUploadedFile("r.csv", good)},
    )
    assert done.status_code == 200 and done.json()["failed"] == 0
    rows = _api(supervisor).get(f"/api/v1/payrolls/{payroll.pk}/reconciliation/").json()
    total = rows[-1]
    assert total["due_amount"] == total["paid_amount"] == str(file.total)
