"""``minzheng report disclosure --county 421303 --year 2025 [--format docx|html|xlsx] [--out FILE]
[--user NAME]``.

Generates a county's 政府信息公开工作年度报告 for a year, after every check: while any check fails it
writes nothing and lists each failure (the cell and the rule). The file is kept on the server with its
SHA-256 like one generated on the web; ``--out`` also copies it to FILE, which is audited as a download.
Without ``--user`` the command acts as 系统 (whoever runs it already runs the server).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.areas.models import Area
from apps.core.cli import actor_named, county_arg
from apps.disclosure.models import DisclosureReport, FileFormat
from apps.disclosure.services import ReportRefused, disclosure_file_open, disclosure_generate, disclosure_root
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = (
        "生成政府信息公开工作年度报告：--county 区划代码 --year 年度 [--format docx|html|xlsx] [--out 文件]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县(市、区)区划代码，6位或12位")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2025")
        parser.add_argument(
            "--format", default="docx", choices=[f.value for f in FileFormat], help="文件格式"
        )
        parser.add_argument("--out", default="", help="另存到该文件（记入审计日志）")
        parser.add_argument("--user", default="", help="生成人用户名；不填记为“系统”")

    def handle(self, *args: Any, **options: Any) -> None:
        county = Area.objects.filter(pk=county_arg(options["county"])).first()
        if county is None:
            raise CommandError(f"没有区划代码为{options['county']}的县(市、区)")
        actor = actor_named(options["user"]) if options["user"] else None
        report = DisclosureReport.objects.filter(county=county, year=options["year"]).first()
        if report is None:
            raise CommandError(f"{county.name}{options['year']}年度报告尚未录入，请先在“信息公开年报”中填报")
        try:
            made = disclosure_generate(actor=actor, report=report, fmt=options["format"])
        except ReportRefused as exc:
            for failure in exc.failures:
                self.stdout.write(failure.message)
            raise CommandError(f"有{len(exc.failures)}处校验未通过，未生成报告") from exc
        except MinzhengError as exc:
            raise CommandError(exc.message) from exc
        path = disclosure_root() / made.stored_path
        if options["out"]:
            opened = disclosure_file_open(actor=actor, file_id=made.pk)
            target = Path(options["out"])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(opened.path, target)
            path = target
        self.stdout.write(f"已生成{made.filename}：{path}\nSHA-256：{made.sha256}")
