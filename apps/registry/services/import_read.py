"""Reading an import file (XLSX, or CSV in UTF-8 or GBK) into rows of text, and the problems it can have."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from apps.core.sheets import XLS_MAGIC, Cells, SheetRefused, cell_text, sheet_cells
from apps.registry.services.import_format import COLUMNS, DATA_SHEET, MAX_ROWS, header_key
from policy.errors import ValidationFailed

Row = tuple[int, dict[str, str]]  # (row number as the spreadsheet shows it, column key → cell text)
# What a failed import shows: the page lists the first PAGE_ISSUES, the downloadable report the first
# REPORT_ISSUES, and each says how many more there are in which column, so neither grows with the file.
PAGE_ISSUES = 50
REPORT_ISSUES = 10_000
VALUE_SHOWN = 100  # characters of a cell quoted in an issue
REASON_SHOWN = 300  # characters of a reason (a household of thousands of heads lists only the first)


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
        # A cell or a reason of any length is quoted only in part, so no one issue is megabytes long.
        clipped = [
            i
            if len(i.value) <= VALUE_SHOWN and len(i.reason) <= REASON_SHOWN and len(i.column) <= VALUE_SHOWN
            else ImportIssue(
                i.row,
                issue_clip(i.column, VALUE_SHOWN),
                issue_clip(i.value, VALUE_SHOWN),
                issue_clip(i.reason, REASON_SHOWN),
            )
            for i in issues
        ]
        self.issues = sorted(clipped, key=lambda i: (i.row, order.get(i.column, -1)))
        whole_file = len(self.issues) == 1 and not self.issues[0].column
        message = (
            self.issues[0].reason
            if whole_file
            else f"发现{len(self.issues)}处错误，未导入任何数据，请改正后重新导入"
        )
        super().__init__({"": [message]})


def issue_clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def issues_by_column(issues: Sequence[ImportIssue]) -> dict[str, int]:
    """How many issues each column has, in first-seen order ("" for the file as a whole)."""
    return dict(Counter(i.column for i in issues))


def issues_more(*, listed: Sequence[ImportIssue], total: int, by_column: Mapping[str, int]) -> str:
    """The line under a list cut at ``listed``: how many more issues there are, and in which columns
    (``by_column`` counts all ``total`` issues); "" when nothing was left out."""
    if total <= len(listed):
        return ""
    left = Counter(by_column)
    left.subtract(i.column for i in listed)
    parts = [f"{column or '整个文件'}{count:,}处" for column, count in left.most_common() if count > 0]
    return f"另有{total - len(listed):,}处错误未列出：" + "，".join(parts)


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
        # Only the cells filled in: most rows leave most columns blank, and 100,000 rows are held at once.
        rows.append((number, {k: t for k, t in zip(keys, texts, strict=False) if k and t}))
        if progress is not None and len(rows) % 1000 == 0:
            progress("读取", len(rows), 0)  # 0: the total is not known until the end
        if len(rows) > MAX_ROWS:
            raise _reject(f"一次最多导入{MAX_ROWS}行，请把文件拆分后分批导入", row=number)
    if not keys:
        raise _reject(
            "没有找到表头：第一行应为“户序号、与户主关系、姓名、公民身份号码……”等列名，请使用下载的模板"
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


__all__ = [
    "PAGE_ISSUES",
    "REASON_SHOWN",
    "REPORT_ISSUES",
    "VALUE_SHOWN",
    "ImportIssue",
    "ImportRejected",
    "Row",
    "import_rows_read",
    "issue_clip",
    "issues_by_column",
    "issues_more",
]
