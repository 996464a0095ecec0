"""Importing a list as a batch: read, check every row, then keep it all or nothing.

    table_read       reading.py: the file (CSV in UTF-8 or GBK, or XLSX) → text columns
    mapping_check    validate.py: the column mapping covers the required fields and names real headers
    rows_check       validate.py: every rule on every row, vectorised; BatchRejected lists the bad rows
    batch_import     here: the Parquet file and the Batch row (numbered per source) in one transaction

Nothing half-imports: the checks run before anything is written, and the Parquet file is removed again
if the Batch row cannot be saved. The same file is not imported twice into one source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from apps.core.clock import today
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record
from apps.crosscheck.models import Batch, Source
from apps.crosscheck.services.reading import BatchRejected, Table, rejected, table_read
from apps.crosscheck.services.sources import county_check, source_default, source_ensure
from apps.crosscheck.services.storage import parquet_written
from apps.crosscheck.services.validate import Checked, mapping_check, rows_check
from policy.crosscheck import SOURCES, header_guess
from policy.errors import Conflict, NotFound, ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.accounts.models import User

Progress = Callable[[str, int, int], None]  # (stage, done, total)
STAGES = ("读取", "校验", "保存")


def _noop(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class ImportStep:
    """A finished stage of an import, for a page to show how far it has got."""

    stage: str
    done: int
    percent: int


@dataclass(frozen=True)
class Preview:
    """What a file holds before it is imported: its headers, a few rows, and the mapping guessed for it."""

    headers: list[str]
    header_row: int
    rows: list[list[str]]
    mapping: dict[str, str]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest()


def _source_for_reading(*, actor: User, county: str, code: str) -> Source:
    area = county_check(actor=actor, county=county)
    if code not in SOURCES:
        raise NotFound()
    return Source.objects.filter(county=area, code=code).first() or source_default(county=area, code=code)


def batch_preview(*, actor: User, county: str, source_code: str, path: Path, file_name: str) -> Preview:
    """The file's headers and first rows, and the column mapping the source's saved one (or the usual
    header words) gives it."""
    require(actor, Capability.CROSSCHECK_IMPORT)
    source = _source_for_reading(actor=actor, county=county, code=source_code)
    table = table_read(
        path=path, file_name=file_name, source=source.definition, saved=source.mapping, limit=5
    )
    rows = [[row.get(h) or "" for h in table.headers] for row in table.frame.to_dicts()]
    mapping = header_guess(source=source.definition, headers=table.headers, saved=source.mapping)
    return Preview(headers=table.headers, header_row=table.header_row, rows=rows, mapping=mapping)


@dataclass(frozen=True)
class BatchInput:
    county: str
    source_code: str
    file_name: str
    received_on: date
    list_date: date
    mapping: dict[str, str] | None = None  # None: the saved mapping, else the usual header words
    note: str = ""


def _dates_check(data: BatchInput, on: date) -> None:
    errors: dict[str, list[str]] = {}
    if data.received_on > on:
        errors["received_on"] = ["收到日期不能晚于今天"]
    if data.list_date > on:
        errors["list_date"] = ["数据截止日期不能晚于今天"]
    if len(data.note) > 200:
        errors["note"] = ["备注不超过200字"]
    if errors:
        raise ValidationFailed(errors)


def batch_import_steps(
    *, actor: User, data: BatchInput, path: Path, progress: Progress = _noop
) -> Iterator[ImportStep | Batch]:
    """The import as a sequence of finished stages, ending with the saved :class:`Batch`.

    Raises :class:`BatchRejected` (every bad row, by row, column and reason) before anything is kept; a
    caller that stops early has kept nothing, because the one write is the last stage.
    """
    require(actor, Capability.CROSSCHECK_IMPORT)
    on = today()
    _dates_check(data, on)
    source = _source_for_reading(actor=actor, county=data.county, code=data.source_code)
    definition = source.definition
    digest = sha256_of(path)
    if source.pk:
        twin = Batch.objects.filter(source=source, sha256=digest).first()
        if twin is not None:
            raise Conflict(f"该文件已于{twin.created_at:%Y-%m-%d}导入为{twin}，不必重复导入")
    progress(STAGES[0], 0, 1)
    table: Table = table_read(path=path, file_name=data.file_name, source=definition, saved=source.mapping)
    progress(STAGES[0], table.frame.height, table.frame.height)
    yield ImportStep(STAGES[0], table.frame.height, 30)
    wanted = data.mapping if data.mapping is not None else source.mapping
    mapping = header_guess(source=definition, headers=table.headers, saved=wanted)
    if data.mapping is not None:  # a person's choice is taken as given, even where it leaves a field out
        mapping = {k: v for k, v in data.mapping.items() if v}
    mapping = mapping_check(
        mapping=mapping, headers=table.headers, source=definition, header_row=table.header_row
    )
    if table.frame.height == 0:
        raise rejected("文件中没有数据行", row=table.header_row + 1)
    progress(STAGES[1], 0, table.frame.height)
    checked = rows_check(frame=table.frame, mapping=mapping, source=definition, today=on)
    if checked.total:
        raise BatchRejected(checked.issues, checked.total, checked.by_column)
    progress(STAGES[1], table.frame.height, table.frame.height)
    yield ImportStep(STAGES[1], table.frame.height, 70)
    progress(STAGES[2], 0, 1)
    batch = _save(actor=actor, data=data, source=source, frame=checked, mapping=mapping, digest=digest)
    progress(STAGES[2], 1, 1)
    yield batch


def _save(
    *, actor: User, data: BatchInput, source: Source, frame: Checked, mapping: dict[str, str], digest: str
) -> Batch:
    county = source.county
    folder = f"{county.pk}/{source.code}"
    try:
        with (
            parquet_written(frame=frame.frame, folder=folder, stem=digest[:16]) as relative,
            transaction.atomic(),
        ):
            saved = source_ensure(actor=actor, county=county, code=source.code)  # locks the source row
            version = (saved.batches.aggregate(top=Max("version"))["top"] or 0) + 1
            batch = Batch.objects.create(
                source=saved,
                county=county,
                version=version,
                file_name=data.file_name[:200],
                received_on=data.received_on,
                list_date=data.list_date,
                row_count=frame.frame.height,
                id_missing=frame.id_missing,
                id_unchecked=frame.id_unchecked,
                sha256=digest,
                stored_path=relative,
                mapping=mapping,
                note=data.note,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                entity=batch,
                area_code=county.pk,
                summary=(
                    f"导入{county.name}{batch}：“{data.file_name}”{batch.row_count}行"
                    f"（缺身份证号{batch.id_missing}行，校验位不符{batch.id_unchecked}行）"
                ),
                after={"file": data.file_name, "rows": batch.row_count, "sha256": digest, "mapping": mapping},
            )
    except IntegrityError:
        raise Conflict("同一时间有人导入了该文件或同一来源的另一批数据，请刷新后查看导入批次") from None
    return batch


def batch_import(*, actor: User, data: BatchInput, path: Path, progress: Progress = _noop) -> Batch:
    """Import ``path`` as a batch of ``data.source_code`` for ``data.county``: all of it, or nothing."""
    for step in batch_import_steps(actor=actor, data=data, path=path, progress=progress):
        if isinstance(step, Batch):
            return step
    raise AssertionError("an import always ends with its batch")  # pragma: no cover
