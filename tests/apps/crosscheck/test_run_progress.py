"""比对's progress log: one ✓ line per finished stage; a stage's 正在…… line only while it runs."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from apps.crosscheck.services.runs import STAGES
from tests.apps.core.progress_lines import progress_lines, visible_lines
from tests.apps.crosscheck.flow import csv_bytes, death_row, head_of, import_list


def test_each_stage_of_a_run_ends_in_one_check_line_that_replaces_its_running_lines(case, approver, tmp_path):
    batch = import_list(actor=approver, content=csv_bytes([death_row(head_of(case))]), tmp=tmp_path)
    client = Client()
    client.force_login(approver)

    response = client.post(reverse("crosscheck:batch_run", args=[batch.pk]))
    html = b"".join(response.streaming_content).decode()

    lines = progress_lines(html)
    for stage in STAGES:
        ours = [
            (kind, text)
            for kind, text in lines
            if text.removeprefix("✓ ").removeprefix("正在").startswith(stage)
        ]
        assert ours[0][0] == "running" and ours[-1][0] == "done", stage
        assert [kind for kind, _ in ours].count("done") == 1, stage
    shown = visible_lines(html)
    assert [t.split("：")[0] for t in shown] == [f"✓ {stage}" for stage in STAGES]
    assert not any(t.startswith("正在") for t in shown)
