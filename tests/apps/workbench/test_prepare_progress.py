"""生成发放表's progress log: one ✓ line per finished stage; a stage's 正在…… line only while it runs."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from apps.payroll.services.prepare import STAGES
from tests.apps.core.progress_lines import progress_lines, visible_lines
from tests.apps.crosscheck.flow import TODAY, paid_case
from tests.factories import COUNTY

JAN = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MINZHENG_TODAY = TODAY


def test_the_prepare_page_replaces_each_running_line_by_its_check(worker, reviewer, approver, finance):
    paid_case(worker=worker, reviewer=reviewer, approver=approver)
    client = Client()
    client.force_login(finance)

    page = client.post(reverse("workbench:payroll_prepare"), {"county": COUNTY, "month": "2026-01"})
    html = b"".join(page.streaming_content).decode()

    lines = progress_lines(html)
    for stage in STAGES:
        kinds = [kind for kind, text in lines if stage in text]
        assert kinds[0] == "running" and kinds[-1] == "done" and kinds.count("done") == 1, stage
        assert (f"正在{stage}……" in [t for _, t in lines]) and ("running", f"✓ {stage}") not in lines
    shown = visible_lines(html)
    assert [f"✓ {stage}" for stage in STAGES] == [t for t in shown if t.removeprefix("✓ ") in STAGES]
    assert not any(t.startswith("正在") for t in shown)
