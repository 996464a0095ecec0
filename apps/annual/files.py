"""Generated report files kept on the server: written once under ``VAR_DIR/<folder>/``, never overwritten,
recorded with the SHA-256 of the stored bytes, and checked against it whenever they are opened again.

Shared by the annual appendix and the 目标管理 report (apps/targets), which keep their own file rows.
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
}


@dataclass(frozen=True, slots=True)
class Written:
    stored_path: str  # relative to the folder's root
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class StoredFile:
    path: Path
    filename: str
    content_type: str
    sha256: str


def root(folder: str) -> Path:
    return Path(settings.VAR_DIR) / folder


def file_write(*, folder: str, under: str, suffix: str, content: bytes) -> Written:
    """Write ``content`` to a new unique file ``<folder>/<under>/<stamp>-<random>.<suffix>``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    stored = f"{under}/{stamp}-{uuid.uuid4().hex[:10]}.{suffix}"
    path = root(folder) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:  # "x": a stored file is never overwritten
        out.write(content)
    return Written(stored, hashlib.sha256(content).hexdigest(), len(content))


@contextmanager
def removed_on_error(folder: str, written: Written) -> Iterator[None]:
    """Remove the file again if the transaction recording it fails, so no unrecorded file stays behind."""
    try:
        yield
    except BaseException:
        (root(folder) / written.stored_path).unlink(missing_ok=True)
        raise


def file_check(*, folder: str, stored_path: str, sha256: str) -> Path:
    """The stored file's path once its bytes still match the recorded SHA-256."""
    path = root(folder) / stored_path
    if not path.is_file():
        raise NotFound("文件已不在服务器上，请联系管理员")
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise Conflict("文件与生成时记录的SHA-256不一致，可能已被改动，已停止下载，请联系管理员")
    return path
