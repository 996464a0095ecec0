"""The demo's 政府信息公开年报: every check passes, and each report is seeded once."""

from __future__ import annotations

from apps.areas.models import Area
from apps.demo.disclosure import disclosure_demo_seed
from apps.disclosure.models import DisclosureReport
from apps.disclosure.selectors import report_failures
from tests.apps.disclosure.conftest import _today_and_files  # noqa: F401  (an autouse fixture, re-exported)


def test_the_demo_reports_pass_every_check_and_are_seeded_once(areas):
    Area.objects.create(code="430602000000", name="岳阳楼区", level=3)

    first = disclosure_demo_seed()
    again = disclosure_demo_seed()

    assert first.created == ["曾都区2025年度", "曾都区2020年度", "岳阳楼区2020年度"] and again.created == []
    for report in DisclosureReport.objects.all():
        assert report_failures(report) == [], report
    zengdu = DisclosureReport.objects.get(county_id="421303000000", year=2025)
    assert zengdu.cells["t3.new.total"] == "16" and zengdu.cells["t3.total.total"] == "16"
    assert DisclosureReport.objects.get(county_id="430602000000").template == "2019"
    # the seed's report: every figure 0
    assert set(DisclosureReport.objects.get(county_id="430602000000").cells.values()) <= {"0", "0.00"}
