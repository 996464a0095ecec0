"""The standards import file: its columns, reading it, checking every row, and the blank template.

One row per version: 区划代码, 参数, 城乡, 数值, 起始日期, 说明 (and optionally 演示值). The file is read
with the uploads' cell readers (apps/core/sheets.py: XLSX, or CSV in UTF-8 or GBK) and refused as a
whole, with every row's problems, when any row is wrong.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from apps.areas.models import Area
from apps.core.exports import xlsx_append
from apps.core.sheets import Cells, SheetRefused, cell_text, sheet_cells
from apps.registry.services.import_format import YES_WORDS, fold, parse_area_code, parse_date
from apps.registry.services.import_read import ImportIssue, ImportRejected
from apps.standards.validators import URBAN_WORDS, key_lookup, version_check
from policy.errors import ValidationFailed
from policy.parameters import CATALOGUE, Kind

MAX_ROWS = 10_000
# Versions of one (区划, 参数, 城乡) in one file. Each is written against the timeline it extends, so a
# file of 10,000 versions of one parameter would make the write quadratic; a standard changes a few times
# a year, and 100 covers any history worth entering at once.
MAX_PER_TIMELINE = 100
ROWS_LISTED = 10
SHEET = "地方标准"
KIND_NAMES = {
    Kind.MONEY: "金额",
    Kind.RATE: "比例",
    Kind.INT: "整数",
    Kind.BOOL: "是/否",
    Kind.CHOICE: "选项",
}
KIND_NAMES |= {Kind.BRACKETS: "年龄段", Kind.CODES: "代码列表"}


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    key: str
    rule: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("区划代码", "area", "县（区）或乡镇（街道）的统计用区划代码，6、9或12位，如421303", True),
    Column("参数", "key", "参数代码（如 dibao.standard）或中文名称（如 低保标准），见“参数说明”表", True),
    Column("城乡", "urban", "城市、农村，或留空（城乡通用）；只有区分城乡的参数可以分开填"),
    Column(
        "数值",
        "value",
        "金额填元（如680），比例填小数或百分数（0.2或20%），年龄段填“80:50, 90:100”",
        True,
    ),
    Column("起始日期", "effective_from", "从哪天起执行，如2024-01-01；上一版本自动截止到前一天", True),
    Column("说明", "note", "来源或依据，如“曾都区2023年民政工作总结”"),
    Column("演示值", "is_demo_value", "是/否，默认否；演示数据填“是”"),
)
_BY_HEADER = {fold(c.header): c for c in COLUMNS}

Row = tuple[int, dict[str, str]]


def _reject(reason: str, row: int = 1) -> ImportRejected:
    return ImportRejected([ImportIssue(row=row, column="", value="", reason=reason)])


def rows_read(*, file_name: str, content: bytes) -> list[Row]:
    """The data rows, keyed by column key; the header is the first of ten rows naming 区划代码 and 参数."""
    try:
        return _rows(sheet_cells(content, sheet=SHEET, or_first=True))
    except SheetRefused as exc:
        raise _reject(exc.message) from None


def _rows(cells: Cells) -> list[Row]:
    keys: list[str | None] = []
    rows: list[Row] = []
    for number, values in cells:
        texts = [cell_text(v) for v in values]
        if not keys:
            found = [_header_key(t) for t in texts]
            if "area" in found and "key" in found:
                keys = found
                missing = [c for c in COLUMNS if c.required and c.key not in found]
                if missing:
                    raise ImportRejected(
                        [ImportIssue(number, c.header, "", f"缺少必填列“{c.header}”") for c in missing]
                    )
            elif number >= 10:
                break
            continue
        if not any(texts):
            continue
        rows.append((number, {k: t for k, t in zip(keys, texts, strict=False) if k}))
        if len(rows) > MAX_ROWS:
            raise _reject(f"一次最多导入{MAX_ROWS}行", row=number)
    if not keys:
        raise _reject(
            "没有找到表头：第一行应为“区划代码、参数、城乡、数值、起始日期、说明”，请使用下载的模板"
        )
    if not rows:
        raise _reject("文件中没有数据行")
    return rows


def _header_key(text: str) -> str | None:
    column = _BY_HEADER.get(fold(text).rstrip("*＊").removesuffix("(必填)"))
    return column.key if column else None


@dataclass(frozen=True, slots=True)
class PlannedVersion:
    """One checked row, ready to write."""

    row: int
    area: Area
    key: str
    urban: bool | None
    value: str
    effective_from: date
    note: str
    is_demo_value: bool


def _areas(rows: list[Row]) -> dict[str, Area]:
    codes = set()
    for _, cells in rows:
        with contextlib.suppress(ValueError):
            codes.add(parse_area_code(cells.get("area", "")))
    wanted, areas = sorted(codes), {}
    for start in range(0, len(wanted), 5000):  # well under SQLite's 32,766 bound variables
        areas.update({a.code: a for a in Area.objects.filter(pk__in=wanted[start : start + 5000])})
    return areas


def import_plan(
    *, rows: list[Row], in_scope: Callable[[str], bool], missing_areas_ok: bool = False
) -> list[PlannedVersion]:
    """Check every row; raise ImportRejected listing each problem, or return the versions to write.

    ``in_scope`` says whether a code lies in the importer's area; a code outside it is refused in the same
    words as one that does not exist. With ``missing_areas_ok`` rows of absent areas are skipped instead
    (the demo file names five counties, and a test database may hold only some of them).
    """
    areas = _areas(rows)
    header = {c.key: c.header for c in COLUMNS}
    issues: list[ImportIssue] = []
    plan: list[PlannedVersion] = []
    seen: dict[tuple[str, str, bool | None, date], int] = {}
    for number, cells in rows:

        def issue(column: str, reason: str, cells: dict[str, str] = cells, number: int = number) -> None:
            issues.append(ImportIssue(number, header[column], cells.get(column, ""), reason))

        area = None
        try:
            code = parse_area_code(cells.get("area", ""))
        except ValueError:
            issue("area", "区划代码应为6、9或12位数字")
        else:
            area = areas.get(code) if in_scope(code) else None
            if area is None:
                if missing_areas_ok:
                    continue
                issue("area", "区划代码不存在或不在您的辖区内")
        key = key_lookup(cells.get("key", ""))
        if key is None:
            issue("key", "未知的参数，请填写“参数说明”表中的代码或名称")
        urban_text = fold(cells.get("urban", ""))
        if urban_text not in URBAN_WORDS:
            issue("urban", "城乡应填“城市”“农村”，或留空表示城乡通用")
        urban = URBAN_WORDS.get(urban_text)
        start = None
        try:
            start = parse_date(cells.get("effective_from", ""))
        except ValueError:
            issue("effective_from", "起始日期应为日期，如2024-01-01")
        demo_text = cells.get("is_demo_value", "")
        if demo_text and demo_text not in YES_WORDS:
            issue("is_demo_value", "演示值应填“是”或“否”")
        note = cells.get("note", "")
        if not cells.get("value", ""):
            issue("value", "数值不能为空")
            continue
        if area is None or key is None or start is None or urban_text not in URBAN_WORDS:
            continue
        try:
            value = version_check(area=area, key=key, urban=urban, value=cells["value"], note=note)
        except ValidationFailed as exc:
            for field, reasons in exc.errors.items():
                for reason in reasons:
                    issue(field if field in header else "value", reason)
            continue
        twin = seen.get((area.code, key, urban, start))
        if twin is not None:
            issue("key", f"与第{twin}行重复：同一区划、参数、城乡和起始日期只能有一行")
            continue
        seen[(area.code, key, urban, start)] = number
        plan.append(
            PlannedVersion(
                row=number,
                area=area,
                key=key,
                urban=urban,
                value=value,
                effective_from=start,
                note=note,
                is_demo_value=YES_WORDS.get(demo_text, False) or "演示值" in note,
            )
        )
    issues += _crowded_timelines(plan)
    if issues:
        raise ImportRejected(issues)
    return plan


def _crowded_timelines(plan: list[PlannedVersion]) -> list[ImportIssue]:
    """One issue per (区划, 参数, 城乡) with more than :data:`MAX_PER_TIMELINE` rows, on its first row."""
    rows: dict[tuple[str, str, bool | None], list[int]] = {}
    for item in plan:
        rows.setdefault((item.area.code, item.key, item.urban), []).append(item.row)
    issues = []
    for (_, key, _), numbers in rows.items():
        if len(numbers) > MAX_PER_TIMELINE:
            listed = "、".join(str(n) for n in numbers[1 : ROWS_LISTED + 1])
            issues.append(
                ImportIssue(
                    numbers[0],
                    "参数",
                    key,
                    f"同一区划、参数和城乡在一个文件中最多{MAX_PER_TIMELINE}个版本，本文件有{len(numbers):,}个"
                    f"（第{numbers[0]}、{listed}行等），请分批导入",
                )
            )
    return issues


def template_build(*, examples: list[list[str]] | None = None) -> bytes:
    """The blank template: the data sheet (pre-filled with ``examples``, e.g. the values in force, as a
    starting point), the column rules, and a sheet describing every parameter."""
    book = Workbook()
    data = book.active
    data.title = SHEET
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    xlsx_append(data, [c.header + ("*" if c.required else "") for c in COLUMNS])
    for cell in data[1]:
        cell.font, cell.fill = bold, fill
    for row in examples or []:
        xlsx_append(data, row)  # a note typed as "=…" stays text (apps.core.exports)
    for letter, width in zip("ABCDEFG", (12, 30, 10, 28, 14, 36, 8), strict=True):
        data.column_dimensions[letter].width = width
    data.column_dimensions["A"].number_format = "@"
    rules = book.create_sheet("填写说明")
    xlsx_append(rules, ["列", "必填", "说明"])
    for c in COLUMNS:
        xlsx_append(rules, [c.header, "是" if c.required else "", c.rule])
    params = book.create_sheet("参数说明")
    xlsx_append(params, ["参数代码", "名称", "类型", "单位", "分城乡", "默认值", "依据"])
    for cell in params[1]:
        cell.font, cell.fill = bold, fill
    for key, spec in CATALOGUE.items():
        xlsx_append(
            params,
            [
                key,
                spec.label,
                KIND_NAMES[spec.kind],
                spec.unit,
                "是" if spec.per_kind else "",
                spec.default if spec.default is not None else "（须设置）",
                spec.basis,
            ],
        )
    for letter, width in zip("ABCDEFG", (30, 34, 10, 14, 8, 40, 30), strict=True):
        params.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = [
    "COLUMNS",
    "PlannedVersion",
    "Row",
    "import_plan",
    "rows_read",
    "template_build",
]
