"""发放前比对, then 生成发放表: the workbench runs the cross-check's death lists before the payroll's
preparation, after the request is found allowed, from the service, the page, the API and the command alike;
the payroll's own preparation knows nothing of the cross-check."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.crosscheck.models import Lead, Run
from apps.payroll.models import LineStatus, PayrollLine
from apps.payroll.services import prepare
from apps.workbench.services.payroll import payroll_prepare
from policy.errors import PermissionDenied
from tests.apps.crosscheck.flow import TODAY, csv_bytes, death_row, head_of, import_list, paid_case
from tests.factories import COUNTY

JAN = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MINZHENG_TODAY = TODAY


@pytest.fixture
def listed(worker, reviewer, approver, tmp_path):
    """A paid 低保 case whose head is on a death list imported but never run by hand."""
    case = paid_case(worker=worker, reviewer=reviewer, approver=approver)
    import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)
    return case


def _held(payroll, case) -> bool:
    return PayrollLine.objects.get(payroll=payroll, case=case).status == LineStatus.HELD


def test_the_workbench_checks_the_death_lists_first_and_the_line_is_held(listed, finance):
    payroll = payroll_prepare(actor=finance, county=COUNTY, month=JAN)

    assert Run.objects.get().trigger == "payroll" and Lead.objects.get().rule == "death_covered"
    assert _held(payroll, listed) and payroll.held_count == 1


def test_the_payrolls_own_preparation_runs_no_check(listed, finance):
    payroll = prepare.payroll_prepare(actor=finance, county=COUNTY, month=JAN)

    assert not Run.objects.exists() and not _held(payroll, listed)


def test_a_refused_request_runs_no_check(listed, worker):
    with pytest.raises(PermissionDenied):
        payroll_prepare(actor=worker, county=COUNTY, month=JAN)

    assert not Run.objects.exists()


def test_the_page_the_api_and_the_command_all_check_first(listed, finance):
    client = Client()
    client.force_login(finance)

    page = client.post(reverse("workbench:payroll_prepare"), {"county": COUNTY, "month": "2026-01"})
    text = b"".join(page.streaming_content).decode()
    assert "✓ 已生成" in text
    assert Run.objects.count() == 1
    assert PayrollLine.objects.get(case=listed, month=JAN).status == LineStatus.HELD

    api = client.post(
        "/api/v1/payrolls/", {"county": COUNTY, "month": "2026-01"}, content_type="application/json"
    )
    assert api.status_code == 201 and api.json()["held_count"] == 1 and Run.objects.count() == 2

    out = StringIO()
    call_command(
        "payroll_prepare", "--county", "421303", "--month", "2026-01", "--user", finance.username, stdout=out
    )
    assert "暂缓1笔" in out.getvalue() and Run.objects.count() == 3
