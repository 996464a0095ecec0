"""Reading an import file (XLSX, or CSV in UTF-8 or GBK) into rows of text, and the problems it can have."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from apps.core.sheets import XLS_MAGIC, Cells, SheetRefused, cell_text, sheet_cells
from apps.registry.services.import_format import COLUMNS, DATA_SHEET, MAX_ROWS, header_key
from policy.errors import ValidationFailed

Row = tuple[int, dict[str, str]]  # (row number as the spreadsheet shows it, column key → cell text)


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem: the row as the spreadsheet numbers it (header is row 1), the column, the cell, why."""

    row: int
    column: str
    value: str
    reason: str


class ImportRejected(ValidationFailed):
    """The file has errors, so nothing was written; ``issues`` lists every one, in row order."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        order = {c.header: i for i, c in enumerate(COLUMNS)}
        self.issues = sorted(issues, key=lambda i: (i.row, order.get(i.column, -1)))
        whole_file = len(self.issues) == 1 and not self.issues[0].column
        message = (
            self.issues[0].reason
            if whole_file
            else f"发现{len(self.issues)}处错误，未导入任何数据，请改正后重新导入"
        )
        super().__init__({"": [message]})


def _reject(reason: str, value: str = "", row: int = 1) -> ImportRejected:
    return ImportRejected([ImportIssue(row=row, column="", value=value, reason=reason)])


def import_rows_read(
    *, file_name: str, content: bytes, progress: Callable[[str, int, int], None] | None = None
) -> list[Row]:
    """The data rows of an XLSX or CSV file, each cell as text, keyed by the template's column keys.

    The header is the first of the first ten rows that names both 姓名 and 公民身份号码, so a note above
    it (as in an export) is allowed. Blank rows are skipped but keep their numbers.
    """
    try:
        return _rows(sheet_cells(content, sheet=DATA_SHEET, or_first=True), progress)
    except SheetRefused as exc:
        # The file as a whole (row 1); an old .xls names the file, as it is the file itself that is wrong.
        raise _reject(exc.message, file_name if content[:4] == XLS_MAGIC else "") from None


def _rows(cells: Cells, progress: Callable[[str, int, int], None] | None) -> list[Row]:
    keys: list[str | None] = []
    rows: list[Row] = []
    for number, values in cells:
        texts = [cell_text(v) for v in values]
        if not keys:
            found = [header_key(t) for t in texts]
            if "name" in found and "id_number" in found:
                keys = found
                _check_header(keys, texts, number)
            elif number >= 10:
                break
            continue
        if not any(texts):
            continue
        rows.append((number, {k: t for k, t in zip(keys, texts, strict=False) if k}))
        if progress is not None and len(rows) % 1000 == 0:
            progress("读取", len(rows), 0)  # 0: the total is not known until the end
        if len(rows) > MAX_ROWS:
            raise _reject(f"一次最多导入{MAX_ROWS}行，请把文件拆分后分批导入", row=number)
    if not keys:
        raise _reject(
            "没有找到表头：第一行应为“户编号、与户主关系、姓名、公民身份号码……”等列名，请使用下载的模板"
        )
    if not rows:
        raise _reject("文件中没有数据行")
    if progress is not None:
        progress("读取", len(rows), len(rows))
    return rows


def _check_header(keys: list[str | None], texts: list[str], number: int) -> None:
    issues = []
    seen: set[str] = set()
    for key, text in zip(keys, texts, strict=True):
        if key in seen:
            issues.append(ImportIssue(number, text, text, "列名重复，请删除多余的一列"))
        if key:
            seen.add(key)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            issues.append(ImportIssue(number, column.header, "", f"缺少必填列“{column.header}”"))
    if issues:
        raise ImportRejected(issues)


__all__ = ["ImportIssue", "ImportRejected", "Row", "import_rows_read"]
