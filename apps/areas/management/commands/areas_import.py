"""``minzheng areas import DIR``: load china-division 2.7.0 CSV files (2023 NBS edition), idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from apps.areas.services import SEED_DIR, areas_import
from policy.areas import AreaLevel
from policy.errors import ValidationFailed


class Command(BaseCommand):
    help = "导入 china-division 2.7.0 的区划CSV（provinces/cities/areas/streets/villages.csv），可重复执行"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            default=str(SEED_DIR),
            help="china-division 的 dist 目录；省略时导入随系统附带的五个示范县",
        )
        parser.add_argument(
            "--only",
            nargs="*",
            default=[],
            help="只导入这些代码开头的区划，如 42（湖北省）或 421303（曾都区）",
        )

    def handle(self, *args: Any, directory: str, only: list[str], **options: Any) -> None:
        with Progress() as bar:
            task = bar.add_task("导入区划", total=None)
            try:
                result = areas_import(
                    directory=Path(directory), only=tuple(only), progress=lambda n: bar.advance(task, n)
                )
            except ValidationFailed as exc:
                raise CommandError(exc.message) from exc
        levels = "，".join(f"{AreaLevel(k).label}{v}个" for k, v in sorted(result.by_level.items()))
        self.stdout.write(f"完成：新增{result.created}个，更新{result.updated}个（{levels}）")
