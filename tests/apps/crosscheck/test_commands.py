"""``minzheng crosscheck import``, ``… run`` and ``… leads``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.crosscheck.models import Batch, Lead
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of
from tests.factories import COUNTY


def _call(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_then_run_then_list_from_the_command_line(case, approver, tmp_path):
    path = tmp_path / "死亡名单.csv"
    path.write_bytes(csv_bytes([death_row(head_of(case))], encoding="gbk"))

    printed = _call(
        "crosscheck_import",
        str(path),
        "--source",
        "death",
        "--county",
        COUNTY,
        "--user",
        approver.username,
        "--list-date",
        "2026-01-05",
    )
    batch = Batch.objects.get()
    assert f"导入成功：{batch}" in printed and "1行" in printed

    printed = _call("crosscheck_run", "--batch", str(batch.pk), "--user", approver.username)
    assert "新增线索1条" in printed and Lead.objects.count() == 1

    printed = _call("crosscheck_leads", "--state", "found", "--user", approver.username)
    assert "死亡未注销仍在保" in printed and "共1条" in printed
    printed = _call("crosscheck_leads", "--county", "421303000000", "--user", approver.username)
    assert "共1条" in printed
    printed = _call("crosscheck_leads", "--county", "420921", "--user", approver.username)
    assert "共1条" not in printed


def test_a_rejected_file_prints_the_rows_and_saves_the_report(approver, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["张三", "123", "2025-10-15", ""]]))
    report = tmp_path / "report.xlsx"

    out = StringIO()
    with pytest.raises(CommandError, match="发现1处错误"):
        call_command(
            "crosscheck_import",
            str(path),
            "--source",
            "death",
            "--county",
            COUNTY,
            "--user",
            approver.username,
            "--report",
            str(report),
            stdout=out,
        )
    assert "公民身份号码应为18位" in out.getvalue() and report.is_file()
    assert not Batch.objects.exists()


def test_the_import_and_run_commands_refuse_what_the_user_may_not_do(
    case, reviewer, approver, outsider, tmp_path
):
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes([death_row(head_of(case))]))
    with pytest.raises(CommandError, match="无权"):
        _call(
            "crosscheck_import",
            str(path),
            "--source",
            "death",
            "--county",
            COUNTY,
            "--user",
            reviewer.username,
        )
    with pytest.raises(CommandError, match="找不到文件"):
        _call(
            "crosscheck_import",
            "/nonexistent.csv",
            "--source",
            "death",
            "--county",
            COUNTY,
            "--user",
            approver.username,
        )
    _call(
        "crosscheck_import",
        str(path),
        "--source",
        "death",
        "--county",
        COUNTY,
        "--user",
        approver.username,
        "--map",
        "event_date=死亡日期",
    )
    with pytest.raises(CommandError):
        _call("crosscheck_run", "--batch", str(Batch.objects.get().pk), "--user", outsider.username)
