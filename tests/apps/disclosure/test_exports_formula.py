"""The 政府信息公开 workbook: the organ's name and a draft's figures are typed by people; text that begins
like a formula comes out as that text, never as a formula."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.exports import xlsx_formulas
from apps.disclosure.documents.xlsx import TABLE_TOP
from apps.disclosure.models import DisclosureReport
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_disclosure_workbook_writes_a_formula_like_organ_and_draft_figure_as_text(
    admin_user, saved, payload
):
    # given a stored organ and a draft figure (exported as typed) that begin like a formula
    cells = {**saved.cells, "t4.direct.pending": payload}
    DisclosureReport.objects.filter(pk=saved.pk).update(organ=payload, cells=cells)
    client = Client()
    client.force_login(admin_user)

    # when the workbook to fill offline is downloaded with the figures entered
    response = client.get(reverse("disclosure:template", args=[COUNTY, 2025]))

    # then
    assert response.status_code == 200
    assert xlsx_formulas(response.content) == []
    book = load_workbook(io.BytesIO(response.content))
    organ = book.worksheets[0]["A2"]
    assert str(organ.value).startswith(payload + "　2025年度")
    assert (organ.data_type, organ.quotePrefix) == ("s", True)
    typed = [c for ws in book for row in ws.iter_rows(min_row=TABLE_TOP) for c in row if c.value == payload]
    assert all(c.data_type == "s" and c.quotePrefix for c in typed)
    assert typed or payload == "+1"  # "+1" is read as the figure 1, a number, which is no formula
