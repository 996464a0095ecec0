"""Files the system keeps on the server under ``VAR_DIR/<folder>/``: written once with a unique name and
never overwritten, recorded with the SHA-256 of the stored bytes, checked against it whenever they are
opened again, and removed again when the transaction that records them fails, so no file stays behind
that no row names.

The generated reports (apps/annual, apps/targets, apps/disclosure: rows on :class:`GeneratedFile`), the
目标管理 evidence and the bank files (apps/payroll) are kept this way.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from policy.errors import Conflict, NotFound

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv",
}


@dataclass(frozen=True, slots=True)
class Written:
    stored_path: str  # relative to the folder's root, as the file's row records it
    sha256: str
    size: int
    path: Path


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A kept file ready for download, its bytes checked."""

    path: Path
    filename: str
    content_type: str
    sha256: str


def root(folder: str) -> Path:
    """Where ``folder``'s files are kept (a deployment setting: ``MINZHENG_VAR_DIR``)."""
    return Path(settings.VAR_DIR) / folder


def stored_name(*, under: str, suffix: str, prefix: str = "") -> str:
    """A new unique path relative to the folder's root: ``<under>/<prefix><stamp>-<random>.<suffix>``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"{under}/{prefix}{stamp}-{uuid.uuid4().hex[:10]}.{suffix}"


def file_write(
    *, folder: str, under: str, suffix: str, content: bytes, prefix: str = "", kept: list[Path] | None = None
) -> Written:
    """Write ``content`` to a new file (see :func:`stored_name`); with ``kept`` (from
    :func:`removed_on_error`), it is removed again if the block fails."""
    stored = stored_name(under=under, suffix=suffix, prefix=prefix)
    path = root(folder) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:  # "x": a stored file is never overwritten
        if kept is not None:
            kept.append(path)
        out.write(content)
    return Written(stored, hashlib.sha256(content).hexdigest(), len(content), path)


@contextmanager
def removed_on_error(*paths: Path) -> Iterator[list[Path]]:
    """Remove ``paths``, and every path the block adds to the list it is given, if the block (the
    transaction recording them) fails."""
    kept = list(paths)
    try:
        yield kept
    except BaseException:
        for path in kept:
            path.unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time (a bank file can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def file_check(*, folder: str, stored_path: str, sha256: str) -> Path:
    """The stored file's path once its bytes still match the recorded SHA-256."""
    path = root(folder) / stored_path
    if not path.is_file():
        raise NotFound("文件已不在服务器上，请联系管理员")
    if sha256_of(path) != sha256:
        raise Conflict("文件与生成时记录的SHA-256不一致，可能已被改动，已停止下载，请联系管理员")
    return path


__all__ = [
    "CONTENT_TYPES",
    "StoredFile",
    "Written",
    "file_check",
    "file_write",
    "removed_on_error",
    "root",
    "sha256_of",
    "stored_name",
]
