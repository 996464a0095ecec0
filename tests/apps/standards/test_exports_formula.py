"""The standards template, pre-filled with the versions in force: a note that begins like a formula comes
out as that text, never as a formula, and imports back unchanged."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from apps.core.exports import xlsx_formulas
from apps.standards.models import StandardVersion
from apps.standards.services import standard_set, standards_import

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_standards_template_writes_a_formula_like_note_as_text(client, admin_user, payload):
    # given a version in force whose note begins like a formula
    standard_set(actor=admin_user, area_code="421303000000", key="dibao.standard", urban=True, value="680",
                 effective_from=date(2023, 1, 1), note=payload)  # fmt: skip
    client.force_login(admin_user)

    # when
    content = client.get(reverse("standards:import_template")).content

    # then
    assert xlsx_formulas(content) == []
    note = openpyxl.load_workbook(io.BytesIO(content))["地方标准"]["F2"]
    assert (note.value, note.data_type, note.quotePrefix) == (payload, "s", True)
    standards_import(actor=admin_user, file_name="模板.xlsx", content=content)
    assert StandardVersion.objects.get(replaced_at__isnull=True, key="dibao.standard").note == payload
