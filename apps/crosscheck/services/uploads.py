"""Files around an import that are not the batch itself: the uploaded file between the preview and the
import, and the error report of a rejected one. Both live under ``VAR_DIR/crosscheck`` named by the user's
id and a random token, so a user reaches only their own; each user keeps only the latest, and any older
than a day is removed."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from openpyxl import Workbook

from apps.core.exports import xlsx_append
from apps.crosscheck.services.reading import BatchRejected
from apps.crosscheck.services.storage import crosscheck_root
from apps.registry.services.import_read import REPORT_ISSUES, issues_more
from policy.errors import NotFound

if TYPE_CHECKING:
    from apps.accounts.models import User

MAX_AGE = 24 * 3600
SUFFIXES = (".csv", ".xlsx")


def _folder(name: str) -> Path:
    path = crosscheck_root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tidy(folder: Path, actor: User) -> None:
    now = time.time()
    for old in folder.iterdir():
        if old.name.startswith(f"{actor.pk}-") or now - old.stat().st_mtime > MAX_AGE:
            old.unlink(missing_ok=True)


def upload_stage(*, actor: User, file_name: str, chunks: Iterable[bytes]) -> str:
    """Keep an uploaded list until it is imported; returns the token that names it (the user's older
    upload is removed)."""
    folder = _folder("uploads")
    _tidy(folder, actor)
    suffix = Path(file_name).suffix.lower()
    token = uuid.uuid4().hex
    with (folder / f"{actor.pk}-{token}{suffix if suffix in SUFFIXES else '.csv'}").open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return token


def upload_path(*, actor: User, token: str) -> Path:
    """The actor's staged upload ``token``, else NotFound."""
    if not token or not token.isalnum():
        raise NotFound("上传的文件已过期，请重新上传")
    for suffix in SUFFIXES:
        path = _folder("uploads") / f"{actor.pk}-{token}{suffix}"
        if path.is_file():
            return path
    raise NotFound("上传的文件已过期，请重新上传")


def report_write(*, rejected: BatchRejected, file_name: str, target: Path | IO[bytes]) -> None:
    """The error report (行, 列, 内容, 原因) as XLSX, in constant memory: at most
    :data:`~apps.registry.services.import_read.REPORT_ISSUES` issues, then how many more in which column;
    text that could read as a formula (a name beginning with "=") is written as text."""
    listed = rejected.issues[:REPORT_ISSUES]
    more = issues_more(listed=listed, total=rejected.total, by_column=rejected.by_column)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("错误报告")
    for letter, width in zip("ABCD", (8, 18, 28, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    xlsx_append(sheet, ["行", "列", "内容", "原因"])
    for issue in listed:
        xlsx_append(sheet, [issue.row, issue.column or "—", issue.value, issue.reason])
    if more:
        hint = f"{more}。请先改正以上错误（多为整列的格式问题），再重新导入查看其余错误"
        xlsx_append(sheet, ["…", "", "", hint])
    notes = book.create_sheet("说明")
    xlsx_append(notes, ["导入文件", file_name])
    xlsx_append(notes, ["错误数", rejected.total])
    if more:
        xlsx_append(notes, ["说明", f"错误过多，只列出前{len(listed):,}处；{more}"])
    xlsx_append(notes, ["说明", "行号与Excel左侧显示的行号一致。文件未导入任何数据，请改正后重新导入。"])
    book.save(target)


def report_save(*, actor: User, rejected: BatchRejected, file_name: str, token: str) -> None:
    folder = _folder("reports")
    _tidy(folder, actor)
    report_write(rejected=rejected, file_name=file_name, target=folder / f"{actor.pk}-{token}.xlsx")


def report_path(*, actor: User, token: str) -> Path:
    if not token or not token.isalnum():
        raise NotFound()
    path = _folder("reports") / f"{actor.pk}-{token}.xlsx"
    if not path.is_file():
        raise NotFound()
    return path
