"""``minzheng report annual --county 421303 --year 2026 [--format docx|xlsx] [--out FILE] [--user U]``.

Writes a county's 年度工作总结数据附录 for a year (to December, or to this month for the current year) and
prints its ready sentences. The file is kept on the server with its SHA-256, as one generated on the web;
``--out`` also copies it to FILE, audited as a download. ``--area`` may name a township of the county
instead. Without ``--user`` the command reads the county as its 管理员 would and records 系统.

The figures are those of the last statistics refresh (``minzheng stats refresh``); the command says when
that was and whether the data has changed since.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.annual.models import FileFormat
from apps.annual.selectors import appendix_for, year_parse
from apps.annual.services import FOLDER, annual_file_open, annual_generate
from apps.core.cli import county_arg, reader_for
from apps.core.files import root
from policy.areas import area_code_normalize
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = (
        "年度工作总结数据附录：--county 区划代码 --year 年度 [--format docx|xlsx] [--out 文件] [--user 用户]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县（区）区划代码（6或12位）")
        parser.add_argument("--year", required=True, help="年度，如 2026")
        parser.add_argument("--area", default="", help="改为该乡镇（街道）的附录：12位区划代码")
        parser.add_argument(
            "--format", default="docx", choices=[f.value for f in FileFormat], help="文件格式"
        )
        parser.add_argument("--out", default="", help="另存到该文件（记入审计日志）")
        parser.add_argument("--user", default="", help="以该用户身份读取和生成（默认命令行，记为“系统”）")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_arg(options["county"])
        area = county
        if options["area"]:
            try:
                area = area_code_normalize(options["area"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            if area[:6] != county[:6]:
                raise CommandError(f"区域{options['area']}不在县（区）{options['county']}内")
        actor = reader_for(username=options["user"], area=county)
        try:
            year = year_parse(options["year"])
            view = appendix_for(actor=actor, area_code=area, year=year)
            made = annual_generate(actor=actor, area_code=area, year=year, fmt=options["format"])
            path = root(FOLDER) / made.stored_path
            if options["out"]:
                opened = annual_file_open(actor=actor, file_id=made.pk)
                target = Path(options["out"])
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(opened.path, target)
                path = target
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        fresh = view.freshness
        when = f"{fresh.refreshed_at:%Y-%m-%d %H:%M}" if fresh.refreshed_at else "尚未统计"
        self.stdout.write(
            f"{made.filename}（数据截至{view.appendix.through:%Y年%m月}，统计时间{when}，{fresh.label}）"
        )
        for sentence in view.sentences:
            self.stdout.write(f"【{sentence.topic}】{sentence.text}")
        self.stdout.write(f"已生成：{path}\nSHA-256：{made.sha256}")
