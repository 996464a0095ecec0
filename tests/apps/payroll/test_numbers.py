"""发放批次号: one number per payroll, kept when the payroll is prepared again, shown on its pages."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from apps.payroll.services.prepare import payroll_prepare
from tests.factories import COUNTY

DEC, JAN = date(2025, 12, 1), date(2026, 1, 1)


def test_a_payroll_is_numbered_in_its_months_year_and_keeps_its_number(case, finance):
    december = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    assert december.number == "421303-2025-FF-00001" and str(december) == december.number
    again = payroll_prepare(actor=finance, county=COUNTY, month=DEC)
    assert again.pk == december.pk and again.number == december.number
    assert payroll_prepare(actor=finance, county=COUNTY, month=JAN).number == "421303-2026-FF-00001"
    client = Client()
    client.force_login(finance)
    page = client.get(reverse("payroll:detail", args=[december.pk])).content.decode()
    assert december.number in page and december.title in page
    assert december.number in client.get(reverse("payroll:list")).content.decode()
