"""A bank return file that confirms payments refreshes its county's month of statistics once the import
has committed; a refresh that fails leaves the import standing."""

from __future__ import annotations

from datetime import date

import pytest

from apps.payroll.models import LineStatus, PayrollLine, ReturnFile
from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.bank import payroll_export
from apps.payroll.services.prepare import payroll_prepare
from apps.payroll.services.reconcile import payroll_reconcile
from apps.statistics.models import StatFact, StatRefresh
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.payroll.conftest import paid_account
from tests.apps.payroll.test_bank import psbc_return
from tests.factories import COUNTY, household

DEC = date(2025, 12, 1)


@pytest.fixture
def exported(worker, reviewer, approver, finance):
    """December 2025's payroll of one 低保 case (paid from October), approved and sent to 邮储."""
    dibao_standards(COUNTY)
    approved_case(actor=reviewer, household=household(actor=worker, **paid_account()), approver=approver)
    prepared = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    payroll = payroll_approve(actor=approver, payroll=prepared)
    return payroll, payroll_export(actor=finance, payroll=payroll, template_code="psbc")


def _import(finance, payroll, content: bytes):
    return payroll_reconcile(
        actor=finance, payroll=payroll, content=content, filename="回盘.csv", template_code="psbc"
    )


def test_confirmed_payments_refresh_the_month_after_the_import_commits(
    exported, finance, django_capture_on_commit_callbacks
):
    payroll, file = exported
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _import(finance, payroll, psbc_return(file, {}))
    assert len(callbacks) == 1
    paid = PayrollLine.objects.get(payroll=payroll)
    assert paid.status == LineStatus.PAID
    facts = StatFact.objects.filter(county=COUNTY, month=DEC)
    assert sum(f.paid_cents for f in facts) == int(paid.amount * 100)
    assert StatRefresh.objects.get(county=COUNTY, month=DEC).refreshed_by is None  # the system


def test_a_failing_refresh_leaves_the_import_standing(
    exported, finance, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    payroll, file = exported

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("apps.statistics.receivers.stats_refresh", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _import(finance, payroll, psbc_return(file, {}))
    assert ReturnFile.objects.filter(payroll=payroll).exists()
    assert not StatFact.objects.filter(month=DEC).exists()
    assert "统计刷新失败" in caplog.text


def test_the_same_file_again_changes_nothing_and_refreshes_nothing(
    exported, finance, django_capture_on_commit_callbacks
):
    payroll, file = exported
    content = psbc_return(file, {})
    _import(finance, payroll, content)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _import(finance, payroll, content)
    assert callbacks == []
