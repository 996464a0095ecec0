"""``minzheng report disclosure``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as open_docx

from apps.disclosure.services import disclosure_save
from tests.policy.disclosure.sample import TEXTS


def test_the_command_writes_the_docx_to_the_file_asked_for(saved, tmp_path):
    out = io.StringIO()
    target = tmp_path / "out" / "年报.docx"

    call_command(
        "report_disclosure", "--county", "421303", "--year", "2025", "--out", str(target), stdout=out
    )

    assert open_docx(str(target)).paragraphs[0].text == "曾都区民政局2025年政府信息公开工作年度报告"
    assert "SHA-256" in out.getvalue()


def test_the_command_refuses_listing_every_failure(admin_user, county):
    disclosure_save(
        actor=admin_user,
        county=county,
        year=2025,
        organ="曾都区民政局",
        texts=TEXTS,
        cells={"t3.new.total": "2"},
    )
    out = io.StringIO()

    with pytest.raises(CommandError, match="校验未通过，未生成报告"):
        call_command(
            "report_disclosure", "--county", "421303", "--year", "2025", "--format", "html", stdout=out
        )

    assert "表三 第一项本年新收申请 / 总计列" in out.getvalue()


def test_the_command_says_when_nothing_is_entered(areas):
    with pytest.raises(CommandError, match="尚未录入"):
        call_command("report_disclosure", "--county", "421303", "--year", "2024")
