"""How big an uploaded file may be, checked before anything reads it, with one Chinese message.

Each kind of upload has a limit in MB, a deployment setting (``minzheng/settings.py``):

    IMPORT       MINZHENG_IMPORT_MAX_MB (30)        the household and standards imports
    WORKBOOK     MINZHENG_WORKBOOK_MAX_MB (5)       the 政府信息公开年报 workbook (a one-report template)
    BANK_RETURN  MINZHENG_BANK_RETURN_MAX_MB (200)  a bank's return file (回盘) of a county's payroll
    LIST         MINZHENG_LIST_IMPORT_MAX_MB (1024) another department's list (10,000,000 rows ≈ 940 MB)
    ATTACHMENT   MINZHENG_ATTACHMENT_MAX_MB (10)    a photo, scan or evidence file

Two places refuse what is too big:

- :class:`UploadLimitMiddleware` looks at the request's ``Content-Length`` before any code reads the body:
  a multipart body over ``MINZHENG_UPLOAD_MAX_MB`` (the largest kind, plus room for the form's fields)
  and any other body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` get a 413 page (JSON under ``/api/``), so no
  worker spends memory, disk or time on them.
- :func:`upload_check` and :func:`upload_read` hold one file to its kind's limit by the size Django has
  already counted (the body streams to a temporary file past ``FILE_UPLOAD_MAX_MEMORY_SIZE``), before the
  file's bytes are read into memory. An XLSX is a ZIP: its unpacked size is held to
  :data:`UNPACKED_RATIO` times the limit as well, so a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from policy.errors import ValidationFailed

MB = 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# A real XLSX unpacks to 5–10 times its size (repetitive XML); a ZIP bomb to thousands of times.
UNPACKED_RATIO = 20


@dataclass(frozen=True, slots=True)
class Limit:
    """A kind of upload: the setting holding its limit in MB, the default, and what the message calls it."""

    setting: str
    default_mb: float
    what: str
    unpacked_ratio: int = UNPACKED_RATIO  # an XLSX may unpack to this many times the limit

    @property
    def mb(self) -> float:
        return float(getattr(settings, self.setting, self.default_mb))

    @property
    def bytes(self) -> int:
        return int(self.mb * MB)


IMPORT = Limit("MINZHENG_IMPORT_MAX_MB", 30, "导入文件")
# The 公开年报 workbook is read whole (cell by cell, not streamed): it may unpack to 4 × 5 MB, where the
# real one is under 1 MB.
WORKBOOK = Limit("MINZHENG_WORKBOOK_MAX_MB", 5, "上传的表格", unpacked_ratio=4)
BANK_RETURN = Limit("MINZHENG_BANK_RETURN_MAX_MB", 200, "回盘文件")
LIST = Limit("MINZHENG_LIST_IMPORT_MAX_MB", 1024, "名单文件")
ATTACHMENT = Limit("MINZHENG_ATTACHMENT_MAX_MB", 10, "附件")
KINDS = (IMPORT, WORKBOOK, BANK_RETURN, LIST, ATTACHMENT)
FORM_ROOM_MB = 16  # the form's other fields and the multipart boundaries around the largest file


def request_limit_bytes() -> int:
    """The largest request body a worker accepts at all (``MINZHENG_UPLOAD_MAX_MB``)."""
    default = max(kind.mb for kind in KINDS) + FORM_ROOM_MB
    return int(float(getattr(settings, "MINZHENG_UPLOAD_MAX_MB", default)) * MB)


def size_text(size: int) -> str:
    """A size as people read it: ``25.3MB``, ``1.2KB``."""
    if size >= MB // 10:
        return f"{size / MB:,.1f}MB"
    return f"{size / 1024:,.1f}KB"


def mb_text(limit_mb: float) -> str:
    return f"{limit_mb:,g}MB"


class UploadTooLarge(ValidationFailed):
    """A file over its kind's limit; the message names the file, its size and the limit."""

    def __init__(self, *, field: str, name: str, size: int, limit: Limit, what: str = "") -> None:
        self.size = size
        message = f"文件过大：“{name}”有{size_text(size)}，{what or limit.what}不能超过{mb_text(limit.mb)}"
        super().__init__({field: [message]}, message=message)


class Upload(Protocol):
    """What an uploaded file offers (Django's ``UploadedFile``)."""

    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...

    def seek(self, offset: int) -> int: ...


def upload_check(upload: Upload, *, limit: Limit, field: str = "file", what: str = "") -> None:
    """Refuse ``upload`` with :class:`UploadTooLarge` if it is over ``limit``; reads none of it."""
    size = upload.size or 0
    if size > limit.bytes:
        raise UploadTooLarge(field=field, name=upload.name or "上传的文件", size=size, limit=limit, what=what)


def upload_read(upload: Upload, *, limit: Limit, field: str = "file", what: str = "") -> bytes:
    """The bytes of ``upload``, after :func:`upload_check`; an XLSX is also held to its unpacked size."""
    upload_check(upload, limit=limit, field=field, what=what)
    content = upload.read(limit.bytes + 1)
    if len(content) > limit.bytes:  # a size Django did not know (never in practice): still refused
        raise UploadTooLarge(
            field=field, name=upload.name or "上传的文件", size=len(content), limit=limit, what=what
        )
    unpacked_check(content, name=upload.name or "上传的文件", limit=limit, field=field, what=what)
    return content


def unpacked_check(
    source: bytes | Path, *, name: str, limit: Limit, field: str = "file", what: str = ""
) -> None:
    """Refuse an XLSX (a ZIP) whose members unpack to more than ``limit.unpacked_ratio`` × its MB.

    The sizes come from the ZIP's directory, which costs no unpacking; a member that claims less than it
    holds cannot get past the claim, as Python's ``zipfile`` stops reading at the stated size.
    """
    handle: IO[bytes]
    if isinstance(source, bytes):
        if source[:4] != XLSX_MAGIC:
            return
        handle = io.BytesIO(source)
    else:
        with source.open("rb") as peek:
            if peek.read(4) != XLSX_MAGIC:
                return
        handle = source.open("rb")
    try:
        with zipfile.ZipFile(handle) as book:
            unpacked = sum(member.file_size for member in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable workbook: the sheet reader refuses it in its own words
    finally:
        handle.close()
    if unpacked > limit.bytes * limit.unpacked_ratio:
        message = (
            f"文件过大：“{name}”解压后有{size_text(unpacked)}，{what or limit.what}解压后不能超过"
            f"{mb_text(limit.mb * limit.unpacked_ratio)}，请删除多余的工作表、行或列后重新上传"
        )
        raise ValidationFailed({field: [message]}, message=message)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """Refuse a request body that is too big from its ``Content-Length``, before anything reads it.

    Sits after the authentication middleware (so the page knows the user) and before any code that reads
    ``request.POST`` or ``request.FILES`` (the CSRF check does, in its ``process_view``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length:
            multipart = request.content_type == "multipart/form-data"
            limit = request_limit_bytes() if multipart else int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            if length > limit:
                return too_large_response(request, size=length, limit=limit, upload=multipart)
        return self.get_response(request)


def too_large_response(request: HttpRequest, *, size: int, limit: int, upload: bool) -> HttpResponse:
    """413 with the reason in Chinese: the API's error shape under ``/api/``, else a page."""
    what = "上传的文件" if upload else "提交的内容"
    message = f"文件过大：{what}有{size_text(size)}，不能超过{mb_text(limit / MB)}"
    if request.path.startswith("/api/"):
        body = {"error": {"code": "too_large", "message": message, "fields": {}}}
        response: HttpResponse = JsonResponse(body, status=413, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "413.html", {"message": message}, status=413)
    return response


__all__ = [
    "ATTACHMENT",
    "BANK_RETURN",
    "IMPORT",
    "KINDS",
    "LIST",
    "WORKBOOK",
    "Limit",
    "UploadLimitMiddleware",
    "UploadTooLarge",
    "request_limit_bytes",
    "size_text",
    "too_large_response",
    "unpacked_check",
    "upload_check",
    "upload_read",
]
