"""The 目标完成情况 workbook: a target's name or unit that begins like a formula comes out as that text."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from apps.areas.models import Area
from apps.core.exports import xlsx_formulas
from apps.targets.models import Target
from apps.targets.services import target_create, targets_file_open, targets_generate
from policy.targets import target_clean
from tests.factories import COUNTY

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1)"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_targets_workbook_writes_a_formula_like_name_and_unit_as_text(
    areas, admin_user, approver, settings, tmp_path, payload
):
    # given a manual target whose stored name and unit begin like a formula
    settings.VAR_DIR = tmp_path
    county = Area.objects.get(pk=COUNTY)
    spec = target_clean({"level": "county", "name": "床位", "measure": "", "direction": "≥",
                         "target_value": "37", "unit": "张"})  # fmt: skip
    target = target_create(actor=admin_user, county=county, year=2025, spec=spec)
    Target.objects.filter(pk=target.pk).update(name=payload, unit=payload[:20])  # a unit holds 20 characters

    # when
    made = targets_generate(actor=approver, county=county, year=2025, fmt="xlsx")
    content = targets_file_open(actor=approver, file_id=made.pk).path.read_bytes()

    # then
    assert xlsx_formulas(content) == []
    sheet = load_workbook(io.BytesIO(content))["目标完成情况"]
    for cell, stored in ((sheet["C5"], payload), (sheet["D5"], payload[:20])):  # 指标名称, 单位
        assert (cell.value, cell.data_type, cell.quotePrefix) == (stored, "s", True)
