"""A facility's photos: checked before a byte is read, kept under ``VAR_DIR/facilities/`` with their
SHA-256 (apps/core/files), removed again if the transaction that records them fails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from apps.core.files import StoredFile, file_check, file_write, removed_on_error
from apps.core.models import AuditAction
from apps.core.scoping import require
from apps.core.services import audit_record
from apps.core.uploads import ATTACHMENT, Upload, upload_read
from apps.facilities.models import Facility, FacilityPhoto
from policy.errors import ValidationFailed
from policy.roles import Capability

if TYPE_CHECKING:
    from apps.core.scoping import Actor

FOLDER = "facilities"
# What a photo starts with: JPEG and PNG, the two a phone's camera and a scanner give.
_PHOTO_KINDS = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


@transaction.atomic
def facility_photo_add(*, actor: Actor, facility: Facility, upload: Upload) -> FacilityPhoto:
    """Keep one photo of a facility the actor may see (the caller fetched it through the selector)."""
    require(actor, Capability.MANAGE_FACILITIES)
    content = upload_read(upload, limit=ATTACHMENT, field="photo", what="照片")
    name = (getattr(upload, "name", "") or "照片")[:200]
    kind = next((k for k in _PHOTO_KINDS if content.startswith(k[0])), None)
    if kind is None or len(content) <= len(kind[0]):
        raise ValidationFailed.on("photo", f"“{name}”不是照片（JPG或PNG）")
    with removed_on_error() as kept:
        written = file_write(
            folder=FOLDER, under=str(facility.pk), suffix=kind[2], content=content, kept=kept
        )
        photo = FacilityPhoto.objects.create(
            facility=facility,
            original_name=name,
            stored_name=written.stored_path,
            content_type=kind[1],
            size=written.size,
            sha256=written.sha256,
            uploaded_by_id=actor.pk,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            entity=photo,
            area_code=facility.area_id,
            summary=f"上传服务机构 {facility.number} 的照片“{name}”",
        )
    return photo


def facility_photo_open(*, photo: FacilityPhoto) -> StoredFile:
    """The stored photo, its bytes checked against the recorded SHA-256 (the photo is already in scope)."""
    path = file_check(folder=FOLDER, stored_path=photo.stored_name, sha256=photo.sha256)
    return StoredFile(
        path=path, filename=photo.original_name, content_type=photo.content_type, sha256=photo.sha256
    )
