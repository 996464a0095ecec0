"""``minzheng stats refresh`` and ``minzheng report monthly`` from the shell."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from apps.statistics.models import StatFact


def test_stats_refresh_rebuilds_the_given_months(history):
    out = StringIO()

    call_command("stats_refresh", county="421303", **{"first": "2025-01", "last": "2025-12"}, stdout=out)

    assert "写入" in out.getvalue()
    assert set(StatFact.objects.values_list("month", flat=True)) <= {
        f"2025-{m:02d}-01" for m in range(1, 13)
    } | set(StatFact.objects.values_list("month", flat=True))
    assert StatFact.objects.filter(month="2025-11-01").exists()


def test_report_monthly_prints_the_table_and_writes_the_workbook(history, tmp_path):
    call_command("stats_refresh", county="421303", month="2025-11", stdout=StringIO())
    out, target = StringIO(), tmp_path / "月报.xlsx"

    call_command("report_monthly", county="421303", month="2025-11", out=str(target), stdout=out)

    text = out.getvalue()
    assert "城市低保户数" in text and "MZ0101" in text and "已导出" in text
    assert load_workbook(target).sheetnames[0] == "民政统计月报"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"county": "421303001", "month": "2025-11"}, "不是县（区）级"),
        ({"county": "421303", "month": "11/2025"}, "YYYY-MM"),
    ],
)
def test_report_monthly_refuses_bad_arguments_with_the_reason(areas, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_monthly", **options, stdout=StringIO())
