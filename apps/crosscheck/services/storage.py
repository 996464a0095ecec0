"""Where a batch's rows and a run's matches live: Parquet files under ``VAR_DIR/crosscheck``, written once
and never overwritten, read with Polars. A file is written before the row that names it; if that row is
not saved, the file is removed again, so no file is left that no row names."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from django.conf import settings

from policy.errors import NotFound


def crosscheck_root() -> Path:
    return Path(settings.VAR_DIR) / "crosscheck"


def stored(relative: str) -> Path:
    """The file stored as ``relative``, never outside the root."""
    root = crosscheck_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise NotFound()
    return path


@contextmanager
def parquet_written(*, frame: pl.DataFrame, folder: str, stem: str) -> Iterator[str]:
    """Write ``frame`` as ``folder/<stem>-<random>.parquet`` and yield its relative path; remove it if the
    caller's block raises."""
    relative = f"{folder}/{stem}-{uuid.uuid4().hex[:8]}.parquet"
    path = crosscheck_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path, compression="zstd", statistics=True)
    try:
        yield relative
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def frame_scan(relative: str) -> pl.LazyFrame:
    """A stored file, lazily: filter and select before collecting, so a 10-million-row batch is never read
    whole for a page of it."""
    path = stored(relative)
    if not path.is_file():
        raise NotFound("该批次的数据文件不存在（可能已被移走），请联系系统管理员")
    return pl.scan_parquet(path)
