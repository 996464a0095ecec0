"""The statistics workbook: an area's name that begins like a formula comes out as that name, as text."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from apps.areas.models import Area
from apps.core.exports import xlsx_formulas
from tests.factories import TOWN

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_statistics_export_writes_a_formula_like_area_name_as_text(areas, approver, payload):
    # given a township whose stored name begins like a formula
    Area.objects.filter(pk=TOWN).update(name=payload)
    client = Client()
    client.force_login(approver)

    # when
    response = client.get("/statistics/export/", {"month": "2025-11"})

    # then
    assert response.status_code == 200
    assert xlsx_formulas(response.content) == []
    sheet = load_workbook(BytesIO(response.content))["分区域"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == TOWN)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (payload, "s", True)
