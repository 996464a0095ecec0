"""``minzheng standards import FILE --user USERNAME``: import 地方标准 versions from an XLSX or CSV file.

Columns 区划代码, 参数, 城乡, 数值, 起始日期, 说明 (and optionally 演示值); see docs/standards.md. Nothing is
written unless every row is valid; the errors are printed row by row. ``--demo`` loads the demo's values
(apps/standards/data/demo_standards.csv) for the seed counties that have none, as ``minzheng demo`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.accounts.models import User
from apps.registry.services.import_read import ImportRejected
from apps.standards.services import standards_demo_load, standards_import
from policy.errors import MinzhengError


class Command(BaseCommand):
    help = "导入地方标准（.xlsx 或 .csv）；有任何错误时不导入任何数据"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="", help="填好的地方标准文件")
        parser.add_argument("--user", default="", help="以哪个管理员的身份导入（决定辖区，并记入审计日志）")
        parser.add_argument("--demo", action="store_true", help="装载演示用地方标准（已有标准的县区跳过）")

    def handle(self, *args: Any, file: str, user: str, demo: bool, **options: Any) -> None:
        if demo:
            count = standards_demo_load()
            self.stdout.write(f"演示地方标准：写入{count}条" if count else "各县区已有地方标准，未改动")
            return
        path = Path(file)
        if not file or not path.is_file():
            raise CommandError(f"找不到文件：{file or '（未指定）'}")
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"没有名为“{user}”的有效用户（用 --user 指定管理员）")
        try:
            result = standards_import(actor=actor, file_name=path.name, content=path.read_bytes())
        except ImportRejected as exc:
            for issue in exc.issues:
                where = f"第{issue.row}行" + (f"“{issue.column}”列" if issue.column else "")
                shown = f"（{issue.value}）" if issue.value else ""
                self.stderr.write(f"{where}{shown}：{issue.reason}")
            raise CommandError(exc.message) from None
        except MinzhengError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"导入成功：{result.versions}条标准，涉及{result.areas}个区划")
