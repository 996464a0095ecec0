"""``minzheng report targets --county 421303 --year 2026 [--format docx|xlsx] [--out FILE] [--user U]``.

Writes a county's 目标管理任务完成情况 report for a year: each indicator's target, actual value (bound ones
computed from the data today, manual ones as entered) and status. The file is kept on the server with
its SHA-256, as one generated on the web; ``--out`` also copies it to FILE, audited as a download.
Without ``--user`` the command reads the county as its 管理员 would and records 系统.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.areas.models import Area
from apps.core.cli import county_arg, reader_for
from apps.core.files import root
from apps.targets.documents import line_text, summary_text
from apps.targets.models import FileFormat
from apps.targets.selectors import year_progress
from apps.targets.services import FOLDER, targets_file_open, targets_generate
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = "目标管理完成情况报告：--county 区划代码 --year 年度 [--format docx|xlsx] [--out 文件]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县（区）区划代码（6或12位）")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2026")
        formats = [f.value for f in FileFormat]
        parser.add_argument("--format", default="docx", choices=formats, help="文件格式")
        parser.add_argument("--out", default="", help="另存到该文件（记入审计日志）")
        parser.add_argument("--user", default="", help="以该用户身份读取和生成（默认命令行，记为“系统”）")

    def handle(self, *args: Any, **options: Any) -> None:
        code = county_arg(options["county"])
        county = Area.objects.filter(pk=code).first()
        if county is None:
            raise CommandError(f"没有区划代码为{options['county']}的县（区）")
        actor = reader_for(username=options["user"], area=code)
        try:
            progress = year_progress(actor=actor, county=county, year=options["year"])
            made = targets_generate(actor=actor, county=county, year=options["year"], fmt=options["format"])
            path = root(FOLDER) / made.stored_path
            if options["out"]:
                opened = targets_file_open(actor=actor, file_id=made.pk)
                target = Path(options["out"])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(opened.path, target)
                path = target
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(summary_text(progress))
        for level, rows in progress.by_level():
            if rows:
                self.stdout.write(level.label)
                for n, row in enumerate(rows, start=1):
                    self.stdout.write("  " + line_text(n, row))
        self.stdout.write(f"已生成{made.filename}：{path}\nSHA-256：{made.sha256}")
