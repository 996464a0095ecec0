"""Photos and scans from the 入户调查, checked for type and size and kept under ``VAR_DIR/attachments``.

The type is judged by the file's first bytes, not its name: a renamed program is refused. Files are
written before the rows that name them; if saving the rows fails, the files written are removed again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from apps.assistance.models import Application, Attachment
from apps.core.uploads import ATTACHMENT, UploadTooLarge, upload_check
from policy.errors import ValidationFailed

if TYPE_CHECKING:
    from apps.accounts.models import User

# (extension, content type, leading bytes)
_KINDS = [
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("pdf", "application/pdf", b"%PDF-"),
]
MAX_FILES = 10


def max_bytes() -> int:
    """Per file: a deployment setting (``MINZHENG_ATTACHMENT_MAX_MB``, default 10), as phones' photos grow."""
    return ATTACHMENT.bytes


def attachments_root() -> Path:
    return Path(settings.VAR_DIR) / "attachments"


@dataclass(frozen=True)
class Checked:
    upload: UploadedFile
    ext: str
    content_type: str


def attachments_check(files: Sequence[UploadedFile], *, field: str = "files") -> list[Checked]:
    """Every file's type and size, or one ValidationFailed naming each bad file and why."""
    if len(files) > MAX_FILES:
        raise ValidationFailed.on(field, f"一次最多上传{MAX_FILES}个文件")
    reasons: list[str] = []
    checked: list[Checked] = []
    for upload in files:
        name = upload.name or "未命名文件"
        try:
            upload_check(upload, limit=ATTACHMENT, field=field)  # before a byte of it is read
        except UploadTooLarge as exc:
            reasons.append(exc.message)
            continue
        head = upload.read(16)
        upload.seek(0)
        kind = next((k for k in _KINDS if head.startswith(k[2])), None)
        if kind is None:
            reasons.append(f"“{name}”不是照片(JPG、PNG)或PDF文件")
            continue
        if not upload.size:
            reasons.append(f"“{name}”是空文件")
            continue
        checked.append(Checked(upload, kind[0], kind[1]))
    if reasons:
        raise ValidationFailed({field: reasons})
    return checked


@dataclass(frozen=True)
class Written:
    item: Checked
    stored_name: str  # relative to attachments_root()
    size: int


@contextmanager
def files_written(*, folder: str, files: list[Checked]) -> Iterator[list[Written]]:
    """Write the files under ``attachments_root()/folder``; if the caller's block raises (its rows were not
    saved), the files are removed again, so no file is left that no row names."""
    (attachments_root() / folder).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        out: list[Written] = []
        for item in files:
            stored = f"{folder}/{uuid.uuid4().hex}.{item.ext}"
            path = attachments_root() / stored
            with path.open("wb") as handle:
                for chunk in item.upload.chunks():
                    handle.write(chunk)
            written.append(path)
            out.append(Written(item=item, stored_name=stored, size=path.stat().st_size))
        yield out
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def attachments_store(*, actor: User, application: Application, files: list[Checked]) -> list[Attachment]:
    """Write the files and their rows (inside the caller's transaction)."""
    with files_written(folder=str(application.pk), files=files) as written:
        return [
            Attachment.objects.create(
                application=application,
                original_name=(w.item.upload.name or f"附件.{w.item.ext}")[:200],
                stored_name=w.stored_name,
                content_type=w.item.content_type,
                size=w.size,
                uploaded_by=actor,
            )
            for w in written
        ]


def attachment_path(attachment: Any) -> Path:
    """The file of a stored attachment (anything with ``stored_name``), never outside the root."""
    path = (attachments_root() / attachment.stored_name).resolve()
    if attachments_root().resolve() not in path.parents:  # a stored name can never climb out
        raise ValidationFailed.on("file", "附件路径无效")
    return path
