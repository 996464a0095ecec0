"""目标管理: bound indicators compute from the live data, manual ones keep their value and evidence, the
status follows the rules, the report reads back, and access follows the county and the role."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from apps.areas.models import Area
from apps.payroll.models import PayrollLine
from apps.targets.selectors import year_progress
from apps.targets.services import (
    target_actual_record,
    target_create,
    target_evidence_open,
    target_update,
    targets_generate,
)
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from policy.targets import Status, target_clean
from tests.apps.statistics.raw import APPROVED_PAYROLLS, expected
from tests.factories import COUNTY, OTHER_COUNTY

DEC = date(2025, 12, 1)


def _spec(
    name: str, measure: str = "", value: str = "1", direction: str = "≥", unit: str = "", level="county"
):
    return target_clean({"level": level, "name": name, "measure": measure, "direction": direction,
                         "target_value": value, "unit": unit})  # fmt: skip


@pytest.fixture
def county(counted):
    return Area.objects.get(pk=COUNTY)


def _row(progress, name):
    return next(r for r in progress.rows if r.target.name == name)


def test_bound_indicators_compute_from_the_statistics_and_the_standards(county, admin_user, approver):
    raw = expected(COUNTY, [DEC])
    households = sum(v.get("households", 0) for (m, _, p, _u), v in raw.items() if p == "dibao")
    paid = sum(
        line.amount
        for line in PayrollLine.objects.filter(
            status="paid", payroll__state__in=APPROVED_PAYROLLS, month__year=2025, program="dibao"
        )
    )
    target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("城市低保标准", "dibao_standard_urban", "690")
    )
    target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("农村低保标准", "dibao_standard_rural", "650")
    )
    target_create(actor=admin_user, county=county, year=2025, spec=_spec("低保户数", "dibao_households", "1"))
    target_create(actor=admin_user, county=county, year=2025, spec=_spec("低保金", "paid_dibao", "100000"))
    target_create(actor=admin_user, county=county, year=2025, spec=_spec("临时救助", "temporary_grants", "2"))
    target_create(actor=admin_user, county=county, year=2025, spec=_spec("预警", "alerts_on_time_rate", "90"))

    progress = year_progress(actor=approver, county=county, year=2025)

    urban, rural = _row(progress, "城市低保标准").progress, _row(progress, "农村低保标准").progress
    assert (urban.actual, urban.status, urban.as_of) == (Decimal("700"), Status.MET, date(2025, 12, 31))
    assert (rural.actual, rural.status) == (Decimal("617"), Status.NOT_MET)  # the year is over
    assert _row(progress, "低保户数").progress.actual == households
    money = _row(progress, "低保金").progress
    assert money.actual == (paid / 10000).quantize(Decimal("0.01")) and money.status is Status.NOT_MET
    assert _row(progress, "临时救助").progress.status is Status.MET
    alerts = _row(progress, "预警")
    assert alerts.progress.actual is None and alerts.note == "本年尚无到期的预警"
    assert progress.counts() == {"达成": 3, "未达成": 3, "进行中": 0}


def test_a_manual_value_keeps_its_date_note_and_evidence(county, admin_user, approver):
    target = target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("集中供养率", "", "60", unit="%")
    )

    saved = target_actual_record(actor=admin_user, target=target, value="64.3", on=date(2025, 12, 31),
                                 note="已集中供养18人", evidence=("名册.pdf", b"%PDF-1.4 list"))  # fmt: skip

    row = _row(year_progress(actor=approver, county=county, year=2025), "集中供养率")
    assert (row.progress.actual, row.progress.as_of, row.progress.status) == (
        Decimal("64.3"), date(2025, 12, 31), Status.MET)  # fmt: skip
    assert row.progress.completion == Decimal("107.2")
    stored = target_evidence_open(actor=approver, target=saved)
    assert stored.path.read_bytes() == b"%PDF-1.4 list" and stored.filename == "名册.pdf"


def test_manual_entry_refuses_bad_values_and_a_bound_indicator(county, admin_user):
    manual = target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("床位", "", "37", unit="张")
    )
    bound = target_create(actor=admin_user, county=county, year=2025, spec=_spec("户数", "dibao_households"))

    with pytest.raises(ValidationFailed) as caught:
        target_actual_record(actor=admin_user, target=manual, value="三十", on=date(2024, 5, 1), note="",
                             evidence=("床位.exe", b"MZ"))  # fmt: skip
    assert set(caught.value.errors) == {"value", "on", "evidence"}
    with pytest.raises(ValidationFailed):
        target_actual_record(actor=admin_user, target=bound, value="5", on=date(2025, 5, 1), note="")


def test_a_stale_edit_is_refused(county, admin_user):
    target = target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("床位", "", "37", unit="张")
    )
    target_update(
        actor=admin_user, target=target, spec=_spec("床位数", "", "38", unit="张"), expected_version=1
    )

    with pytest.raises(Conflict):
        target_update(
            actor=admin_user, target=target, spec=_spec("床位", "", "39", unit="张"), expected_version=1
        )


def test_only_the_admin_sets_targets_and_outsiders_see_nothing(county, approver, outsider, worker):
    with pytest.raises(PermissionDenied):
        target_create(actor=approver, county=county, year=2025, spec=_spec("x", unit="个"))
    with pytest.raises(NotFound):
        year_progress(actor=outsider, county=county, year=2025)
    with pytest.raises(PermissionDenied):
        year_progress(actor=worker, county=county, year=2025)


def test_the_report_reads_back_from_docx_and_xlsx(county, admin_user, approver):
    spec = _spec("城市低保标准", "dibao_standard_urban", "690", level="province")
    target_create(actor=admin_user, county=county, year=2025, spec=spec)
    target_create(
        actor=admin_user, county=county, year=2025, spec=_spec("床位", "", "37", unit="张", level="city")
    )

    docx = targets_generate(actor=approver, county=county, year=2025, fmt="docx")
    xlsx = targets_generate(actor=approver, county=county, year=2025, fmt="xlsx")

    from apps.core.files import root

    doc = Document(io.BytesIO((root("targets") / docx.stored_path).read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "曾都区民政局2025年度目标管理任务完成情况"
    assert "（一）省级民生目标" in texts and "（二）市级民生目标" in texts
    assert any(
        t.startswith("1.城市低保标准：目标≥690元/人·月，截至2025年12月31日实际700元/人·月") for t in texts
    )
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[1][2:9] == ["城市低保标准", "元/人·月", "≥690", "700", "2025-12-31", "101.4", "达成"]
    assert rows[2][2] == "床位" and rows[2][8] == "未达成"
    book = load_workbook(root("targets") / xlsx.stored_path)
    ws = book["目标完成情况"]
    assert ws["C5"].value == "城市低保标准" and ws["F5"].value == 700 and len(ws._charts) == 1


def test_the_pages_api_and_command(county, admin_user, approver, tmp_path, capsys):
    client = Client()
    client.force_login(admin_user)
    url = reverse("targets:create", args=[COUNTY, 2025])
    bad = client.post(url, {"level": "county", "name": "", "direction": "gte", "target_value": "x"})
    assert bad.status_code == 400 and "请填写指标名称" in bad.content.decode()
    ok = client.post(url, {"level": "county", "name": "城市低保标准", "measure": "dibao_standard_urban",
                           "direction": "gte", "target_value": "690"})  # fmt: skip
    assert ok.status_code == 302
    page = client.get(reverse("targets:year", args=[COUNTY, 2025])).content.decode()
    assert "城市低保标准" in page and "达成" in page

    client.force_login(approver)
    data = client.get(reverse("api:targets-progress", args=[COUNTY, "2025"])).json()
    assert data["targets"][0]["status"] == "met" and data["targets"][0]["actual"] == "700.00"
    assert client.get(reverse("api:targets-progress", args=[OTHER_COUNTY, "2025"])).status_code == 404

    out = tmp_path / "目标.docx"
    call_command("report_targets", county="421303", year=2025, out=str(out))
    assert "城市低保标准" in capsys.readouterr().out and out.stat().st_size > 0
