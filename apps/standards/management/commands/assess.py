"""``minzheng assess HOUSEHOLD.json [--on DATE] [--standards FILE]``: every programme for one household.

Reads the JSON documented in docs/assess.md (examples in docs/examples/), resolves the 地方标准 stored for
the household's area and kind on the day, and prints the assessment as JSON: per-capita income, and per
programme ``eligible``, ``monthly_amount``, ``category``, ``covered`` and ``trace``.

``--standards FILE`` evaluates against hypothetical values instead ("what if the standard were 700"): a
JSON object ``{"dibao.standard": "700"}`` (or per kind ``{"dibao.standard": {"urban": "700", "rural":
"650"}}``), or a CSV with columns 参数, 城乡 (optional), 数值.

Exit status: 0 on success, 2 when the input is invalid (each problem is printed with its JSON path), 1
when the household cannot be assessed (e.g. the area's 低保标准 was never set).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.standards.mappers.assess_json import assess_input_parse, assessment_json, parse_day
from apps.standards.mappers.overrides import Override, overrides_from_csv, overrides_parse
from apps.standards.selectors.assessment import area_urban, assessment_run
from policy.errors import MinzhengError, ValidationFailed

INVALID = 2


def _read(path: str, what: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"找不到{what}：{path}", returncode=INVALID)
    raw = file.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def _problems(exc: ValidationFailed) -> str:
    lines = [
        f"  {path or '（整体）'}：{reason}" for path, reasons in exc.errors.items() for reason in reasons
    ]
    return "输入有误：\n" + "\n".join(lines)


class Command(BaseCommand):
    help = "试算：按地方标准评估一户的全部救助项目，输出JSON（输入格式见 docs/assess.md）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household", help="家庭JSON文件（见 docs/examples/）")
        parser.add_argument("--on", default="", help="试算日期 YYYY-MM-DD，默认取JSON中的 on，否则为今天")
        parser.add_argument("--standards", default="", help="假设标准文件（JSON 或 CSV），代替已存的标准")

    def handle(self, *args: Any, household: str, on: str, standards: str, **options: Any) -> None:
        try:
            data = json.loads(_read(household, "家庭文件"), parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"输入有误：{household} 不是有效的JSON（第{exc.lineno}行第{exc.colno}列）", returncode=INVALID
            ) from None
        try:
            parsed = assess_input_parse(data, area_urban=area_urban)
            day = parse_day(on, "--on") if on else (parsed.on or timezone.localdate())
            overrides: tuple[Override, ...] = parsed.overrides
            if standards:
                overrides = self._overrides(standards)
        except ValidationFailed as exc:
            raise CommandError(_problems(exc), returncode=INVALID) from None
        try:
            run = assessment_run(household=parsed.household_on(day), on=day, overrides=overrides)  # type: ignore[arg-type]
        except MinzhengError as exc:
            raise CommandError(f"无法试算：{exc.message}") from None
        output = assessment_json(run.assessment, assumed=run.assumed)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _overrides(self, path: str) -> tuple[Override, ...]:
        text = _read(path, "假设标准文件")
        if path.lower().endswith(".csv"):
            return overrides_from_csv(text)
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise ValidationFailed.on("--standards", f"{path} 不是有效的JSON（第{exc.lineno}行）") from None
        return overrides_parse(data, path="--standards")
