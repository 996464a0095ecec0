"""The payroll's 与上月对比: the 上月 and 本月 columns show money the same way (two decimals)."""

from __future__ import annotations

import re
from datetime import date

from django.test import Client
from django.urls import reverse

from apps.payroll.services.approve import payroll_approve
from apps.payroll.services.case_changes import case_change
from apps.payroll.services.prepare import payroll_prepare
from policy.cases import CASE_REASONS
from tests.apps.assistance.flow import approved_case, dibao_standards
from tests.apps.payroll.conftest import paid_account
from tests.factories import COUNTY, household

DEC, JAN = date(2025, 12, 1), date(2026, 1, 1)


def test_last_month_and_this_month_read_alike(finance, approver, admin_user):
    dibao_standards(COUNTY)
    case = approved_case(actor=admin_user, household=household(actor=admin_user, **paid_account()))
    payroll_approve(actor=approver, payroll=payroll_prepare(actor=finance, county=COUNTY, month=DEC))
    case_change(
        actor=approver,
        case=case,
        change="adjust",
        reason_code=next(iter(CASE_REASONS["adjust"])),
        reason="复核后办理",
        on=date(2026, 1, 10),
        amount=case.monthly_amount + 1000,
    )
    january = payroll_prepare(actor=finance, county=COUNTY, month=JAN)
    client = Client()
    client.force_login(finance)

    html = client.get(reverse("payroll:detail", args=[january.pk])).content.decode()

    before = re.search(r'data-label="上月\(元\)" class="num">([^<]*)<', html)
    after = re.search(r'data-label="本月\(元\)" class="num">([^<]*)<', html)
    assert before and after
    for cell in (before.group(1), after.group(1)):
        assert re.fullmatch(r"\d{1,3}(,\d{3})*\.\d\d", cell), cell
