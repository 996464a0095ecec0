"""The spreadsheets around an import: the blank template to download and the error report of a failed one.

Error reports are files under ``VAR_DIR/import-reports/``, named by the user's id and a random token, so a
user can download only their own; each user keeps only the latest, and any older than a day is removed.
"""

from __future__ import annotations

import io
import time
import uuid
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from apps.areas.models import Area
from apps.core.exports import xlsx_append, xlsx_put
from apps.registry.services.import_format import (
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_SHEET,
    MAX_ROWS,
    RULES_SHEET,
)
from apps.registry.services.import_read import REPORT_ISSUES, ImportIssue, issues_by_column, issues_more
from policy.errors import NotFound
from policy.identity import id_number_make

if TYPE_CHECKING:
    from apps.accounts.models import User

LISTS_SHEET = "选项"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")
REQUIRED_FILL = PatternFill("solid", fgColor="FBE3D6")
REPORT_HEADERS = ("行", "列", "内容", "原因")
REPORT_MAX_AGE = 24 * 3600
EXAMPLE_VILLAGE = "421303001001"

GENERAL_RULES = (
    "一行填写一名家庭成员；同一户的成员填写相同的“户序号”（只在本文件内有效，如1、1、1、2、2；不是系统的户编号）。",
    "列名带＊的为必填列。列的顺序可以调整，多余的列会被忽略，但请不要修改列名。",
    "每户必须有且只有一名户主（与户主关系填“本人(户主)”或“户主”）。",
    "村(社区)区划代码、家庭住址、城乡、账户信息属于整户，可只填在户主所在行；多行都填时必须一致。",
    "公民身份号码、账号、电话、区划代码等长数字列已设为“文本”格式，请勿改为数字格式，以免变成4.2E+17。",
    "出生日期、性别可不填，系统从公民身份号码得出；填写时必须与身份号码一致。",
    "年收入各列填写上一个完整年度（1月1日至12月31日）的全年金额（元），导入后记为该年度的收入。",
    "整个文件全部校验通过才会导入；有任何错误时不导入任何数据，并列出每处错误的行、列和原因。",
    "已在系统中登记的公民身份号码不能重复导入；姓名和出生日期相同但号码不同的人员会被标记为疑似重复，供核实。",
    "也可以另存为CSV（UTF-8或GBK编码）后导入。“填写示例”工作表中的数据不会被导入。",
)


def _header(column_required: bool, header: str) -> str:
    return f"{header}＊" if column_required else header


def _write_header(sheet: object, lists: dict[str, str]) -> None:
    ws = sheet  # an openpyxl Worksheet; typed loosely because openpyxl ships no stubs
    for index, column in enumerate(COLUMNS, start=1):
        cell = xlsx_put(ws, row=1, column=index, value=_header(column.required, column.header))  # type: ignore[arg-type]
        cell.font = Font(bold=True, color="B3261E" if column.required else "1F2933")
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(("必填。" if column.required else "选填。") + column.rule, "民政")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width  # type: ignore[attr-defined]
        if column.text:
            # A column formatted as text keeps every digit of an ID or account number that is typed in.
            ws.column_dimensions[letter].number_format = "@"  # type: ignore[attr-defined]
        if column.key in lists:
            rule = DataValidation(
                type="list",
                formula1=lists[column.key],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"请从下拉列表中选择：{column.rule}",
            )
            rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            ws.add_data_validation(rule)  # type: ignore[attr-defined]
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]
    ws.row_dimensions[1].height = 30  # type: ignore[attr-defined]


def _example_rows(village: Area | None) -> list[list[object]]:
    code = village.code if village is not None else EXAMPLE_VILLAGE
    area6 = code[:6]
    people = [
        (
            "本人(户主)",
            "张建国",
            date(1968, 3, 12),
            11,
            "肢体残疾",
            "三级",
            "在业",
            "否",
            "24000",
            "",
            "",
            "1200",
        ),
        ("配偶", "李秀英", date(1970, 8, 5), 22, "", "", "务农", "是", "", "6000", "", ""),
        ("子女", "张小军", date(2012, 5, 20), 31, "", "", "在校学生", "否", "", "", "", ""),
    ]
    rows = []
    for relation, name, born, seq, category, grade, job, ill, wage, business, prop, transfer in people:
        values = {
            "household_key": "1",
            "relation": relation,
            "name": name,
            "id_number": id_number_make(area_code=area6, birth_date=born, sequence=seq),
            "sex": "",
            "birth_date": "",
            "ethnicity": "汉族",
            "phone": "13800000000" if relation == "本人(户主)" else "",
            "hukou_code": "",
            "village_code": code if relation == "本人(户主)" else "",
            "address": "幸福路8号" if relation == "本人(户主)" else "",
            "urban": "",
            "account_type": "银行账户",
            "bank_name": "农村商业银行" if relation == "本人(户主)" else "",
            "account_number": "6230000000000000001" if relation == "本人(户主)" else "",
            "account_holder": name if relation == "本人(户主)" else "",
            "disability_category": category,
            "disability_grade": grade,
            "disability_cert_no": "",
            "employment": job,
            "serious_illness": ill,
            "income_wage": wage,
            "income_business": business,
            "income_property": prop,
            "income_transfer": transfer,
        }
        values["account_type"] = values["account_type"] if relation == "本人(户主)" else ""
        rows.append([values[c.key] for c in COLUMNS])
    return rows


def import_template_build(*, village: Area | None = None) -> bytes:
    """The template as XLSX bytes: a styled header with dropdowns, the rules sheet, and an example household
    in ``village`` (the user's own, so the example's code is one they may use)."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    options = book.create_sheet(LISTS_SHEET)
    lists: dict[str, str] = {}
    listed = [c for c in COLUMNS if c.allowed]
    for index, column in enumerate(listed, start=1):
        letter = get_column_letter(index)
        xlsx_put(options, row=1, column=index, value=column.header)
        for row, word in enumerate(column.allowed, start=2):
            xlsx_put(options, row=row, column=index, value=word)
        lists[column.key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(column.allowed) + 1}"
    options.sheet_state = "hidden"
    _write_header(data, lists)

    rules = book.create_sheet(RULES_SHEET, 1)
    xlsx_append(rules, ["居民家庭信息导入模板 · 填写说明"])
    rules["A1"].font = Font(bold=True, size=14)
    for number, text in enumerate(GENERAL_RULES, start=1):
        xlsx_append(rules, [f"{number}. {text}"])
    xlsx_append(rules, [])
    xlsx_append(rules, ["列名", "是否必填", "适用于", "填写要求", "可填的值"])
    for cell in rules[rules.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        xlsx_append(
            rules,
            [
                column.header,
                "必填" if column.required else "选填",
                "整户" if column.household else "个人",
                column.rule,
                "、".join(column.allowed),
            ],
        )
    for letter, width in zip("ABCDE", (18, 10, 8, 70, 60), strict=True):
        rules.column_dimensions[letter].width = width
    for row in rules.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    example = book.create_sheet(EXAMPLE_SHEET, 2)
    _write_header(example, {})
    for values in _example_rows(village):
        xlsx_append(example, values)
    xlsx_put(example, row=6, column=1, value="此工作表仅为示例，不会被导入；请在“家庭成员”工作表中填写。")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _report_dir() -> Path:
    path = Path(settings.VAR_DIR) / "import-reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_report_write(
    *,
    issues: list[ImportIssue],
    file_name: str,
    target: Path | IO[bytes],
    total: int | None = None,
    by_column: dict[str, int] | None = None,
) -> None:
    """Write the error report (行, 列, 内容, 原因) as XLSX to ``target``, in constant memory.

    At most :data:`REPORT_ISSUES` issues are listed, then one line says how many more there are in which
    column, so the report stays a few hundred KB however many rows are wrong. ``total`` and ``by_column``
    count every issue when ``issues`` is already cut (the cross-check keeps only the first ones). Every
    cell is written as text where it could read as a formula (a name that begins with "=").
    """
    total = len(issues) if total is None else total
    by_column = issues_by_column(issues) if by_column is None else by_column
    listed = issues[:REPORT_ISSUES]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("错误报告")
    for letter, width in zip("ABCD", (8, 18, 28, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    xlsx_append(sheet, REPORT_HEADERS)
    for issue in listed:
        xlsx_append(sheet, [issue.row, issue.column or "—", issue.value, issue.reason])
    more = issues_more(listed=listed, total=total, by_column=by_column)
    if more:
        hint = f"{more}。请先改正以上错误（多为整列的格式问题），再重新导入查看其余错误"
        xlsx_append(sheet, ["…", "", "", hint])
    notes = book.create_sheet("说明")
    xlsx_append(notes, ["导入文件", file_name])
    xlsx_append(notes, ["错误数", total])
    if more:
        xlsx_append(notes, ["说明", f"错误过多，只列出前{len(listed):,}处；{more}"])
    xlsx_append(
        notes,
        ["说明", "行号与Excel左侧显示的行号一致（表头为第1行）。文件未导入任何数据，请改正后重新导入。"],
    )
    book.save(target)


def import_report_save(
    *, actor: User, issues: list[ImportIssue], file_name: str, token: str | None = None
) -> str:
    """Keep the error report of the actor's failed import and return its token; their older ones go.

    A streamed page passes the ``token`` it already put in the session before the response began.
    """
    folder = _report_dir()
    now = time.time()
    for old in folder.glob("*.xlsx"):
        if old.name.startswith(f"{actor.pk}-") or now - old.stat().st_mtime > REPORT_MAX_AGE:
            old.unlink(missing_ok=True)
    token = token or uuid.uuid4().hex
    import_report_write(issues=issues, file_name=file_name, target=folder / f"{actor.pk}-{token}.xlsx")
    return token


def import_report_path(*, actor: User, token: str) -> Path:
    """The report file with ``token`` if it belongs to ``actor``, else NotFound."""
    if not token or not token.isalnum():
        raise NotFound()
    path = _report_dir() / f"{actor.pk}-{token}.xlsx"
    if not path.is_file():
        raise NotFound()
    return path


__all__ = ["import_report_path", "import_report_save", "import_report_write", "import_template_build"]
