"""``minzheng indicators --area 421303000000 --year 2026 [--month 2026-06] [--office assistance] [--json]
[--user U]``: every indicator of the catalogue for an area and a period, as a table, or with ``--json`` as
the JSON array the API answers (one object per indicator: code, name, unit, office, period, value,
source, as_of, note).

Without ``--user`` the command reads the area as its 管理员 would (the installer's view of that area);
``--user`` reads as that user, whose area limits what they see. Nothing is written. The statistics'
figures are those of the last refresh (``minzheng stats refresh``).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from apps.accounts.models import User
from apps.indicators.api import indicator_rows
from apps.indicators.selectors import IndicatorSheet, indicator_values, period_parse
from policy.areas import area_code_normalize
from policy.errors import MinzhengError
from policy.indicators import Method, Office
from policy.roles import Role

METHOD_LABELS = {Method.RECORDS: "数据计算", Method.ENTERED: "人工填报"}


def _reader(*, username: str, area: str) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user
    return User(username="命令行", role=Role.ADMIN.value, area_id=area, is_active=True)


class Command(BaseCommand):
    help = "指标目录：一个区域一个年度（或月份）的全部指标；--json 输出与接口相同的 JSON 数组"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="区划代码（2–12位，县、乡镇或更大的区域）")
        parser.add_argument("--year", required=True, help="年度，如 2026")
        parser.add_argument("--month", default="", help="统计月份 YYYY-MM（默认该年度最后统计的月份）")
        parser.add_argument(
            "--office", default="", choices=["", *(o.value for o in Office)], help="只列该科室"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON 数组")
        parser.add_argument("--user", default="", help="以该用户身份读取（默认命令行）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            area = area_code_normalize(options["area"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        actor = _reader(username=options["user"], area=area)
        try:
            year, month = period_parse(year=options["year"], month=options["month"])
            sheet = indicator_values(
                actor=actor,
                area_code=area,
                year=year,
                month=month,
                office=Office(options["office"]) if options["office"] else None,
            )
        except MinzhengError as exc:
            raise CommandError(exc.message or "无权查看该区域的指标") from None
        if options["json"]:
            self.stdout.write(json.dumps(indicator_rows(sheet.values), ensure_ascii=False, indent=2))
            return
        self._table(sheet)

    def _table(self, sheet: IndicatorSheet) -> None:
        console = Console(file=self.stdout, highlight=False, width=160)  # type: ignore[arg-type]
        title = f"指标目录 · {sheet.area.name} · {sheet.year}年（统计月份 {sheet.month:%Y-%m}）"
        table = Table(title=title)
        for name, justify in [("代码", "left"), ("指标名称", "left"), ("单位", "left"), ("科室", "left"),
                              ("数值", "right"), ("来源", "left"), ("说明", "left")]:  # fmt: skip
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for row in sheet.values:
            ind = row.indicator
            value = "—" if row.value is None else f"{row.value:,f}"
            table.add_row(
                ind.code,
                ind.name,
                ind.unit.value,
                ind.office.label,
                value,
                METHOD_LABELS[ind.method],
                row.note,
            )
        console.print(table)
        if sheet.on is not None:
            console.print(f"数值截至：{sheet.on:%Y-%m-%d}")
