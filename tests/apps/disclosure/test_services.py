"""Saving drafts, generating files after every check, and opening them again: scoped and audited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from apps.core.models import AuditLog
from apps.disclosure.models import DisclosureFile
from apps.disclosure.selectors import report_failures, report_get_for
from apps.disclosure.services import (
    ReportRefused,
    disclosure_file_open,
    disclosure_generate,
    disclosure_save,
)
from policy.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import COUNTY
from tests.policy.disclosure.sample import TEXTS, consistent_cells


def test_a_draft_is_saved_with_inconsistencies_and_they_are_listed(admin_user, county):
    cells = consistent_cells() | {"t3.new.natural": "6"}

    report = disclosure_save(
        actor=admin_user, county=county, year=2025, organ="曾都区民政局", texts=TEXTS, cells=cells
    )

    assert report.version == 1 and report.template == "2021"
    assert report.cells["t3.new.natural"] == "6" and report.cells["t3.deny_8.other"] == "0"
    assert {f.code for f in report_failures(report)} == {"t3.balance.natural", "t3.applicants.new"}
    audit = AuditLog.objects.get(entity_type="disclosure.disclosurereport")
    assert audit.area_code == COUNTY and "2处校验未通过" in audit.summary


def test_an_unreadable_figure_refuses_the_save_naming_every_cell(admin_user, county):
    with pytest.raises(ValidationFailed) as caught:
        disclosure_save(
            actor=admin_user,
            county=county,
            year=2025,
            organ="曾都区民政局",
            texts=TEXTS,
            cells={"t3.new.natural": "abc", "t2.fees.amount": "1.005"},
        )
    assert set(caught.value.errors) == {"t3.new.natural", "t2.fees.amount"}
    assert not AuditLog.objects.filter(entity_type="disclosure.disclosurereport").exists()


def test_an_edit_records_only_the_changed_figures_and_guards_the_version(admin_user, county, saved):
    changed = disclosure_save(
        actor=admin_user,
        county=county,
        year=2025,
        organ="曾都区民政局",
        texts=TEXTS,
        cells=saved.cells | {"t2.licence.decisions": "13"},
        expected_version=1,
    )

    audit = AuditLog.objects.filter(entity_type="disclosure.disclosurereport").first()
    assert changed.version == 2
    assert audit.before == {"t2.licence.decisions": "12"} and audit.after == {"t2.licence.decisions": "13"}
    with pytest.raises(Conflict):
        disclosure_save(
            actor=admin_user, county=county, year=2025, organ="x", texts=TEXTS, cells={}, expected_version=1
        )


def test_generation_is_refused_with_every_failure_while_a_check_fails(admin_user, county):
    report = disclosure_save(
        actor=admin_user,
        county=county,
        year=2025,
        organ="曾都区民政局",
        texts={},
        cells=consistent_cells() | {"t3.total.natural": "4"},
    )

    with pytest.raises(ReportRefused) as caught:
        disclosure_generate(actor=admin_user, report=report, fmt="docx")

    messages = [f.message for f in caught.value.failures]
    assert any(
        m.startswith("表三 第（七）项总计 / 自然人列：第三项（一）至（六）各项之和应等于（七）总计")
        for m in messages
    )
    assert any(m.startswith("一、总体情况：正文未填写") for m in messages)
    assert "t3.total.natural" in caught.value.errors
    assert not DisclosureFile.objects.exists()
    assert not list(Path(settings.VAR_DIR).rglob("*.docx"))


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx"])
def test_a_generated_file_is_stored_with_its_sha256_and_audited(admin_user, saved, fmt):
    made = disclosure_generate(actor=admin_user, report=saved, fmt=fmt)

    stored = Path(settings.VAR_DIR) / "disclosure" / made.stored_path
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == made.sha256
    assert made.filename == f"曾都区民政局2025年政府信息公开工作年度报告.{fmt}"
    assert made.report_version == saved.version and made.size == stored.stat().st_size
    audit = AuditLog.objects.get(entity_type="disclosure.disclosurefile")
    assert made.sha256 in audit.summary and audit.actor == admin_user


def test_opening_a_file_checks_its_sha256_and_is_audited(admin_user, supervisor, saved):
    made = disclosure_generate(actor=admin_user, report=saved, fmt="html")

    opened = disclosure_file_open(actor=supervisor, file_id=made.pk)

    assert opened.sha256 == made.sha256
    assert AuditLog.objects.filter(action="export", actor=supervisor, entity_id=str(made.pk)).exists()
    opened.path.write_bytes(b"tampered")
    with pytest.raises(Conflict, match="SHA-256"):
        disclosure_file_open(actor=supervisor, file_id=made.pk)


def test_a_reader_cannot_edit_or_generate(supervisor, approver, county, saved):
    with pytest.raises(PermissionDenied):
        disclosure_save(actor=supervisor, county=county, year=2025, organ="x", texts={}, cells={})
    with pytest.raises(PermissionDenied):
        disclosure_generate(actor=approver, report=saved, fmt="docx")


def test_another_county_answers_not_found_like_a_missing_one(outsider, saved):
    with pytest.raises(NotFound):
        report_get_for(actor=outsider, county_code=COUNTY, year=2025)
    made = disclosure_generate(actor=None, report=saved, fmt="html")
    with pytest.raises(NotFound):
        disclosure_file_open(actor=outsider, file_id=made.pk)


def test_an_unentered_year_reads_as_a_blank_report_of_its_template(supervisor):
    report = report_get_for(actor=supervisor, county_code="421303", year=2020)

    assert report.pk is None and report.template == "2019" and report.organ == "曾都区民政局"
    with pytest.raises(NotFound):
        report_get_for(actor=supervisor, county_code=COUNTY, year=2018)
    with pytest.raises(NotFound):
        report_get_for(actor=supervisor, county_code=COUNTY, year=2027)
