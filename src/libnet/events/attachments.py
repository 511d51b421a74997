"""Photos and documents of an event, kept under the media folder (MEDIA_ROOT/events/) with
their checksum, never served from a public address: the organisers' staff download them
through the staff page."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.events.errors import AttachmentRefused
from libnet.events.models import AttachmentKind, Event, EventAttachment

MAX_MB = 20
# What a file's first bytes say it is: its kind, its content type and its extension.
_SIGNATURES: tuple[tuple[bytes, str, str, str], ...] = (
    (b"\xff\xd8\xff", AttachmentKind.PHOTO, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PHOTO, "image/png", ".png"),
    (b"%PDF-", AttachmentKind.DOCUMENT, "application/pdf", ".pdf"),
)
_OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _kind_of(head: bytes, name: str) -> tuple[str, str, str]:
    for signature, kind, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return kind, content_type, extension
    extension = Path(name).suffix.lower()
    if head.startswith(b"PK\x03\x04") and extension in _OFFICE:
        return AttachmentKind.DOCUMENT, _OFFICE[extension], extension
    raise AttachmentRefused("unknown_type")


def storage_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "events"


def attach_file(
    *,
    event: Event,
    upload: UploadedFile | None,
    caption: object = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> EventAttachment:
    """Keep an uploaded photo (JPEG, PNG) or document (PDF, DOCX, XLSX) with the event. Its
    type is read from its first bytes, not its name; nothing is kept when it is refused."""
    at = at or clock.now()
    if upload is None or not upload.size:
        raise AttachmentRefused("no_file")
    if upload.size > MAX_MB * 1024 * 1024:
        raise AttachmentRefused("too_large", limit=MAX_MB)
    words = text.clean(str(caption or ""))
    if len(words) > 300:
        raise AttachmentRefused("caption_too_long")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind, content_type, extension = _kind_of(head, upload.name or "")
    relative = f"events/{event.pk}/{uuid.uuid4().hex}{extension}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    try:
        with transaction.atomic():
            attachment = EventAttachment.objects.create(
                event=event,
                kind=kind,
                file_name=text.clean(Path(upload.name or "tep").name)[:200] or "tep",
                path=relative,
                content_type=content_type,
                size=upload.size,
                sha256=digest.hexdigest(),
                caption=words,
                uploaded_by=audit.user_of(by),
                uploaded_at=at,
            )
            audit.record(
                "events.attach",
                subject=event,
                by=by,
                at=at,
                library_id=event.library_id,
                after={"file": attachment.file_name, "kind": kind},
            )
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return attachment


def content_of(attachment: EventAttachment) -> bytes:
    return (Path(settings.MEDIA_ROOT) / attachment.path).read_bytes()


@transaction.atomic
def remove_attachment(
    *, attachment: EventAttachment, by: Actor, at: dt.datetime | None = None
) -> None:
    """Take a file off the event, and delete it once the row is gone."""
    at = at or clock.now()
    path = Path(settings.MEDIA_ROOT) / attachment.path
    audit.record(
        "events.detach",
        subject=attachment.event,
        by=by,
        at=at,
        library_id=attachment.event.library_id,
        before={"file": attachment.file_name},
    )
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
