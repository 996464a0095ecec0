"""The import page's progress log: each 正在…… line gives way to its ✓ line when the stage ends."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.apps.core.progress_lines import progress_lines, visible_lines
from tests.apps.registry.test_imports import household_rows, xlsx


def test_each_stage_shows_one_check_line_and_the_running_line_only_while_it_runs(client, worker):
    client.force_login(worker)
    upload = SimpleUploadedFile("好.xlsx", xlsx(household_rows()))
    html = b"".join(client.post(reverse("registry:import"), {"file": upload}).streaming_content).decode()

    assert progress_lines(html) == [
        ("running", "正在读取“好.xlsx”……"),
        ("done", "✓ 已读取 3 行"),
        ("running", "正在逐行校验……"),
        ("done", "✓ 校验通过，共 1 户"),
        ("running", "正在写入……"),
        ("done", "✓ 已写入，导入完成"),
    ]
    assert visible_lines(html) == ["✓ 已读取 3 行", "✓ 校验通过，共 1 户", "✓ 已写入，导入完成"]


def test_a_refused_file_keeps_the_stage_it_stopped_at(client, worker):
    rows = household_rows()
    rows[1]["性别"] = "男"
    client.force_login(worker)
    upload = SimpleUploadedFile("错.xlsx", xlsx(rows))
    html = b"".join(client.post(reverse("registry:import"), {"file": upload}).streaming_content).decode()

    assert visible_lines(html) == ["✓ 已读取 3 行", "正在逐行校验……"]
    assert "未导入" in html
