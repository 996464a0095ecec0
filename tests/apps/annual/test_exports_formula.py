"""The appendix workbook: its title and tables begin with stored names (the county's, the townships'); a
name that begins like a formula comes out as that text, never as a formula."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from apps.annual.services import annual_file_open, annual_generate
from apps.areas.models import Area
from apps.core.exports import xlsx_formulas
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_appendix_workbook_writes_a_formula_like_area_name_as_text(
    areas, approver, settings, tmp_path, payload
):
    # given the county's stored name begins like a formula
    settings.VAR_DIR = tmp_path
    settings.MINZHENG_TODAY = "2026-02-10"
    Area.objects.filter(pk=COUNTY).update(name=payload)

    # when
    made = annual_generate(actor=approver, area_code=COUNTY, year=2025, fmt="xlsx")
    content = annual_file_open(actor=approver, file_id=made.pk).path.read_bytes()

    # then
    assert xlsx_formulas(content) == []
    title = load_workbook(io.BytesIO(content))["表述"]["A1"]
    assert title.value == f"{payload}2025年度工作总结数据附录"
    assert (title.data_type, title.quotePrefix) == ("s", True)
