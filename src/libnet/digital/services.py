"""Every write of the digital library's objects: check → write → audit, one transaction each.

Files arrive through `add_files`: each upload is streamed to a temporary file beside the
originals (its SHA-256 and size computed on the way), its type read from its bytes (Pillow
opens it, or it starts with %PDF), then kept once under storage.original_relative and never
written again. A file refused leaves nothing behind and does not stop the others.

Derivatives live in a folder named after the page's sequence (storage.derivative_dir):
when pages are reordered or removed, the folders follow their pages once the change is
committed; a folder that cannot be moved is remade by the worker (derivatives=pending).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import F, Max, QuerySet
from PIL import Image, UnidentifiedImageError

from libnet.catalog.models import BibRecord
from libnet.core import audit, clock
from libnet.core import text as core_text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError, NotFound
from libnet.digital import access, stats_sources, storage, text
from libnet.digital.errors import DigitalInvalid, DigitalObjectNotFound, FileRefused
from libnet.digital.models import (
    DUBLIN_CORE_ELEMENTS,
    Access,
    DerivativeState,
    DigitalCollection,
    DigitalFile,
    DigitalObject,
    DigitalPage,
    Download,
    ReadingRoomNetwork,
)
from libnet.network.models import Library

log = logging.getLogger(__name__)

_OBJECT_FIELDS = ("title", "record", "dublin_core", "access", "han_nom", "watermark")
_IMAGE_TYPES = {
    "TIFF": ("image/tiff", ".tif"),
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
}
PDF_TYPE = "application/pdf"
# Pillow refuses larger images as possible decompression bombs; a 600-dpi A2 scan is far below.
MAX_PIXELS = 250_000_000
_CHUNK = 1024 * 1024
LABEL_MAX = DigitalPage._meta.get_field("label").max_length or 60


def _digitiser_library_ids(by: Actor) -> frozenset[int] | None:
    """The libraries `by` may change (RoleRequired when none); None for the system (demo, CLI)."""
    if by is None:
        return None
    return access.require_digitiser(by)


def _check_library(by: Actor, library_id: int) -> None:
    allowed = _digitiser_library_ids(by)
    if allowed is not None and library_id not in allowed:
        raise NotFound("library_not_found")


def _check_object(by: Actor, obj: DigitalObject) -> None:
    allowed = _digitiser_library_ids(by)
    if allowed is not None and obj.library_id not in allowed:
        raise DigitalObjectNotFound("digital_object_not_found")


def clean_dublin_core(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Dublin Core as kept: known elements only, each a list of cleaned, non-empty strings.

    Raises DigitalInvalid for an element outside the fifteen."""
    cleaned: dict[str, list[str]] = {}
    for element, raw in values.items():
        name = str(element).strip().lower()
        if name not in DUBLIN_CORE_ELEMENTS:
            raise DigitalInvalid("bad_dublin_core", element=str(element)[:40])
        items = [raw] if isinstance(raw, str) else list(raw or ())
        kept = [core_text.clean(str(item))[:2000] for item in items]
        kept = [item for item in kept if item]
        if kept:
            cleaned.setdefault(name, []).extend(kept)
    return cleaned


def _title(title: str, record: BibRecord | None, dublin_core: Mapping[str, list[str]]) -> str:
    chosen = core_text.clean(title)
    if not chosen and record is not None:
        chosen = core_text.clean(record.title)
    if not chosen and dublin_core.get("title"):
        chosen = dublin_core["title"][0]
    if not chosen:
        raise DigitalInvalid("title_required")
    return chosen[:500]


def _check_access(value: str) -> str:
    if value not in Access.values:
        raise DigitalInvalid("bad_access")
    return value


def _stamped(obj: DigitalObject, at: dt.datetime) -> list[str]:
    """Give a published `obj` the OAI-PMH datestamp `at`; the field to save, if any."""
    if obj.published_at is None:
        return []
    obj.oai_datestamp = at
    return ["oai_datestamp"]


def _restamp(objects: QuerySet[DigitalObject], at: dt.datetime) -> None:
    """Give the published ones of `objects` the OAI-PMH datestamp `at`."""
    DigitalObject.objects.filter(
        pk__in=objects.filter(published_at__isnull=False).values("pk")
    ).update(oai_datestamp=at)


@transaction.atomic
def create_object(
    *,
    library: Library,
    by: Actor,
    record: BibRecord | None = None,
    dublin_core: Mapping[str, Any] | None = None,
    title: str = "",
    access_: str = Access.STAFF,
    han_nom: bool = False,
    watermark: bool = False,
    at: dt.datetime | None = None,
) -> DigitalObject:
    """Create a digital object of `library`, described by `record` or in Dublin Core.

    The title is `title`, else the record's, else the first Dublin Core title. A new object
    is seen by staff only unless `access_` says otherwise. Raises RoleRequired (403) when
    `by` digitises nowhere, NotFound when `library` is not one of theirs, DigitalInvalid for
    a missing title, an unknown Dublin Core element or access."""
    _check_library(by, library.pk)
    core = clean_dublin_core(dublin_core or {})
    at = at or clock.now()
    obj = DigitalObject.objects.create(
        library=library,
        record=record,
        title=_title(title, record, core),
        dublin_core=core,
        access=_check_access(access_),
        han_nom=han_nom,
        watermark=watermark,
        created_by=audit.user_of(by),
        published_at=at if access_ != Access.STAFF else None,
        oai_datestamp=at if access_ != Access.STAFF else None,
    )
    audit.record(
        "digital_object.create",
        subject=obj,
        by=by,
        at=at,
        library_id=library.pk,
        after=audit.snapshot(obj, _OBJECT_FIELDS),
    )
    return obj


@transaction.atomic
def update_object(
    *,
    obj: DigitalObject,
    by: Actor,
    title: str | None = None,
    record: BibRecord | bool | None = False,
    dublin_core: Mapping[str, Any] | None = None,
    han_nom: bool | None = None,
    watermark: bool | None = None,
    at: dt.datetime | None = None,
) -> DigitalObject:
    """Change what is given of an object's description (record=None detaches the record;
    leaving it out keeps it). Raises as create_object."""
    _check_object(by, obj)
    at = at or clock.now()
    obj = DigitalObject.objects.select_for_update().get(pk=obj.pk)
    before = audit.snapshot(obj, _OBJECT_FIELDS)
    if record is not False:
        obj.record = record if isinstance(record, BibRecord) else None
    if dublin_core is not None:
        obj.dublin_core = clean_dublin_core(dublin_core)
    if han_nom is not None:
        obj.han_nom = han_nom
    if watermark is not None:
        obj.watermark = watermark
    if title is not None:
        obj.title = _title(title, obj.record, obj.dublin_core)
    obj.save(
        update_fields=["title", "record", "dublin_core", "han_nom", "watermark", *_stamped(obj, at)]
    )
    if record is not False:
        text.object_record_changed(digital_object=obj)
    audit.record(
        "digital_object.update",
        subject=obj,
        by=by,
        at=at,
        library_id=obj.library_id,
        before=before,
        after=audit.snapshot(obj, _OBJECT_FIELDS),
    )
    return obj


@transaction.atomic
def set_access(
    *, obj: DigitalObject, access_: str, by: Actor, at: dt.datetime | None = None
) -> DigitalObject:
    """Set who may see the object (public, on_site, staff); the first opening beyond staff is
    its publication date. Raises DigitalInvalid for an unknown access."""
    _check_object(by, obj)
    _check_access(access_)
    at = at or clock.now()
    obj = DigitalObject.objects.select_for_update().get(pk=obj.pk)
    before = obj.access
    if before == access_:
        return obj
    obj.access = access_
    fields = ["access"]
    if access_ != Access.STAFF and obj.published_at is None:
        obj.published_at = at
        fields.append("published_at")
    obj.save(update_fields=fields + _stamped(obj, at))
    audit.record(
        "digital_object.access",
        subject=obj,
        by=by,
        at=at,
        library_id=obj.library_id,
        before={"access": before},
        after={"access": access_},
    )
    return obj


# --- Files and pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    """What became of one uploaded file: kept (with its pages) or refused (with why)."""

    name: str
    file: DigitalFile | None = None
    pages: int = 0
    error: LibnetError | None = None


@dataclass(frozen=True)
class _Received:
    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class _Kind:
    media_type: str
    suffix: str
    pages: int


def _receive(upload: File[Any]) -> _Received:
    """Stream `upload` into a temporary file beside the originals, hashing it on the way."""
    incoming = storage.root() / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    path = incoming / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    if hasattr(upload, "seek"):
        upload.seek(0)
    with path.open("wb") as out:
        for chunk in upload.chunks(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return _Received(path=path, size=size, sha256=digest.hexdigest())


def pdf_page_count(path: Path) -> int:
    """The number of pages of the PDF at `path` (poppler's pdfinfo); -1 when it cannot be read."""
    try:
        done = subprocess.run(
            ["pdfinfo", str(path)], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return -1
    if done.returncode != 0:
        return -1
    for line in done.stdout.splitlines():
        key, _sep, value = line.partition(":")
        if key.strip() == "Pages":
            try:
                return int(value.strip())
            except ValueError:
                return -1
    return -1


def _kind(path: Path, name: str) -> _Kind:
    """The type of the file at `path`, read from its bytes. Raises FileRefused."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise FileRefused("empty_file", name=name)
    if head.startswith(b"%PDF-"):
        pages = pdf_page_count(path)
        if pages < 0:
            raise FileRefused("unreadable_pdf", name=name)
        if pages == 0:
            raise FileRefused("empty_pdf", name=name)
        return _Kind(PDF_TYPE, ".pdf", pages)
    try:
        with Image.open(path) as image:
            found = _IMAGE_TYPES.get(image.format or "")
            if found is None:
                raise FileRefused("unknown_type", name=name)
            pixels = image.width * image.height
            if pixels > MAX_PIXELS:
                raise FileRefused("image_too_large", name=name, pixels=f"{pixels / 1_000_000:.0f}")
            frames = int(getattr(image, "n_frames", 1) or 1)
            if frames > 1:
                raise FileRefused("multi_page_tiff", name=name, frames=frames)
            image.verify()
    except FileRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise FileRefused("unknown_type", name=name) from None
    return _Kind(found[0], found[1], 1)


def _upload_name(upload: File[Any], index: int) -> str:
    name = core_text.clean(Path(str(upload.name or "")).name)
    return name[:255] or f"file-{index + 1}"


def add_files(
    *, obj: DigitalObject, uploads: Sequence[File[Any]], by: Actor, at: dt.datetime | None = None
) -> list[FileOutcome]:
    """Keep each of `uploads` as an original of `obj` and append its pages in upload order
    (a PDF gives one page per PDF page), waiting for their derivatives.

    Each file is its own transaction: a refused one (FileRefused: empty, not a TIFF, JPEG,
    PNG or PDF, unreadable) leaves nothing written and the others are kept. Raises
    DigitalObjectNotFound when `by` may not change `obj`."""
    _check_object(by, obj)
    at = at or clock.now()
    outcomes: list[FileOutcome] = []
    for index, upload in enumerate(uploads):
        name = _upload_name(upload, index)
        received = _receive(upload)
        try:
            kind = _kind(received.path, name)
            outcomes.append(_keep(obj=obj, name=name, received=received, kind=kind, by=by, at=at))
        except LibnetError as refusal:
            outcomes.append(FileOutcome(name=name, error=refusal))
        finally:
            received.path.unlink(missing_ok=True)
    return outcomes


@transaction.atomic
def _keep(
    *, obj: DigitalObject, name: str, received: _Received, kind: _Kind, by: Actor, at: dt.datetime
) -> FileOutcome:
    # The row lock orders two uploads to one object: each appends after the other's pages.
    DigitalObject.objects.select_for_update().filter(pk=obj.pk).first()
    last = DigitalPage.objects.filter(object_id=obj.pk).aggregate(last=Max("sequence"))["last"]
    digital_file = DigitalFile.objects.create(
        object_id=obj.pk,
        path=f"incoming/{uuid.uuid4().hex}",
        original_name=name,
        media_type=kind.media_type,
        size=received.size,
        sha256=received.sha256,
        received_by=audit.user_of(by),
    )
    digital_file.path = storage.original_relative(
        obj.pk, digital_file.pk, kind.suffix, token=uuid.uuid4().hex[:12]
    )
    digital_file.save(update_fields=["path"])
    first = (last or 0) + 1
    is_pdf = kind.media_type == PDF_TYPE
    DigitalPage.objects.bulk_create(
        DigitalPage(
            object_id=obj.pk,
            sequence=first + number,
            file=digital_file,
            page_in_file=number + 1 if is_pdf else 0,
        )
        for number in range(kind.pages)
    )
    audit.record(
        "digital_file.add",
        subject=digital_file,
        by=by,
        at=at,
        library_id=obj.library_id,
        after={
            "object": obj.pk,
            "name": name,
            "media_type": kind.media_type,
            "size": received.size,
            "sha256": received.sha256,
            "pages": f"{first}-{first + kind.pages - 1}",
        },
    )
    _write_original(received.path, storage.original_path(digital_file))
    return FileOutcome(name=name, file=digital_file, pages=kind.pages)


def _write_original(source: Path, target: Path) -> None:
    """Put the received bytes at `target`, never replacing a file already there (a restored
    copy, a reused id): the call fails instead, and the file's transaction with it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # A second name for the received file: nothing is copied, and it fails if one exists.
        os.link(source, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # a file system without hard links: copy
    try:
        with source.open("rb") as data, target.open("xb") as out:
            shutil.copyfileobj(data, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
    except FileExistsError:
        raise
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _renumber(obj: DigitalObject, order: Sequence[DigitalPage]) -> None:
    """Give the pages of `order` the sequences 1, 2, … and let their derivative folders
    follow them once committed. The caller holds the object's row lock."""
    moves = [(page.pk, page.sequence, number) for number, page in enumerate(order, start=1)]
    changed = [(pk, old, new) for pk, old, new in moves if old != new]
    if not changed:
        return
    # Two steps, so that no two pages ever hold one sequence (the unique constraint).
    offset = 1_000_000
    DigitalPage.objects.filter(pk__in=[pk for pk, _old, _new in changed]).update(
        sequence=F("sequence") + offset
    )
    pages = []
    for pk, _old, new in changed:
        page = DigitalPage(pk=pk, sequence=new)
        pages.append(page)
    DigitalPage.objects.bulk_update(pages, ["sequence"])
    transaction.on_commit(lambda: _move_derivatives(obj.pk, changed))


def _move_derivatives(object_id: int, changed: Iterable[tuple[int, int, int]]) -> None:
    """Move each page's derivative folder from its old sequence to its new one; a page whose
    folder cannot be moved waits for the worker to remake its derivatives."""
    base = storage.root() / "derivatives" / str(object_id)
    staged: list[tuple[int, Path, int]] = []
    failed: list[int] = []
    token = uuid.uuid4().hex[:8]
    for pk, old, new in changed:
        folder = base / str(old)
        if not folder.exists():
            continue
        temporary = base / f"moving-{token}-{pk}"
        try:
            folder.rename(temporary)
            staged.append((pk, temporary, new))
        except OSError:
            failed.append(pk)
    for pk, temporary, new in staged:
        target = base / str(new)
        try:
            if target.exists():
                shutil.rmtree(target)
            temporary.rename(target)
        except OSError:
            failed.append(pk)
            shutil.rmtree(temporary, ignore_errors=True)
    if failed:
        log.warning("digital object %s: derivatives of %s pages to remake", object_id, len(failed))
        DigitalPage.objects.filter(pk__in=failed).update(
            derivatives=DerivativeState.PENDING, derivative_error=""
        )


def _locked_pages(obj: DigitalObject) -> list[DigitalPage]:
    DigitalObject.objects.select_for_update().filter(pk=obj.pk).first()
    return list(DigitalPage.objects.filter(object_id=obj.pk).order_by("sequence"))


@transaction.atomic
def reorder_pages(
    *, obj: DigitalObject, page_ids: Sequence[int], by: Actor, at: dt.datetime | None = None
) -> list[DigitalPage]:
    """Put the pages of `obj` in the order of `page_ids` (each page exactly once).

    Raises DigitalInvalid("bad_page_order") when a page is missing, repeated or foreign."""
    _check_object(by, obj)
    pages = _locked_pages(obj)
    by_id = {page.pk: page for page in pages}
    if len(page_ids) != len(pages) or set(page_ids) != set(by_id):
        raise DigitalInvalid("bad_page_order")
    before = [page.pk for page in pages]
    order = [by_id[pk] for pk in page_ids]
    _renumber(obj, order)
    audit.record(
        "digital_object.reorder",
        subject=obj,
        by=by,
        at=at,
        library_id=obj.library_id,
        before={"pages": before},
        after={"pages": list(page_ids)},
    )
    return list(DigitalPage.objects.filter(object_id=obj.pk).order_by("sequence"))


@transaction.atomic
def remove_page(
    *, obj: DigitalObject, sequence: int, by: Actor, at: dt.datetime | None = None
) -> None:
    """Remove page `sequence` of `obj`; the pages after it move up one. The original goes
    with its last page (a PDF stays while one of its pages does).

    Raises DigitalObjectNotFound("digital_page_not_found") for a page the object lacks."""
    _check_object(by, obj)
    pages = _locked_pages(obj)
    page = next((candidate for candidate in pages if candidate.sequence == sequence), None)
    if page is None:
        raise DigitalObjectNotFound("digital_page_not_found")
    digital_file = page.file
    old_derivatives = storage.derivative_dir(page)
    text.page_removed(page_id=page.pk)
    page.delete()
    removed_original: Path | None = None
    if not DigitalPage.objects.filter(file_id=digital_file.pk).exists():
        removed_original = storage.original_path(digital_file)
        digital_file.delete()
    # The removed page's folder goes first, so the next page's can take its number.
    transaction.on_commit(lambda: shutil.rmtree(old_derivatives, ignore_errors=True))
    if removed_original is not None:
        gone = removed_original
        transaction.on_commit(lambda: gone.unlink(missing_ok=True))
    _renumber(obj, [candidate for candidate in pages if candidate is not page])
    audit.record(
        "digital_object.remove_page",
        subject=obj,
        by=by,
        at=at,
        library_id=obj.library_id,
        before={"sequence": sequence, "file": digital_file.original_name},
        after={"original_removed": removed_original is not None},
    )


@transaction.atomic
def label_pages(
    *, obj: DigitalObject, labels: Mapping[int, str], by: Actor, at: dt.datetime | None = None
) -> int:
    """Set the labels of pages of `obj` by sequence ("Bìa", "tr. 12"…); return how many
    changed. Raises DigitalInvalid for a label too long, DigitalObjectNotFound for a page
    the object lacks."""
    _check_object(by, obj)
    pages = {page.sequence: page for page in _locked_pages(obj)}
    changed: list[DigitalPage] = []
    before: dict[str, str] = {}
    for sequence, label in labels.items():
        page = pages.get(int(sequence))
        if page is None:
            raise DigitalObjectNotFound("digital_page_not_found")
        cleaned = core_text.clean(label)
        if len(cleaned) > LABEL_MAX:
            raise DigitalInvalid("label_too_long", max=LABEL_MAX)
        if cleaned != page.label:
            before[str(page.sequence)] = page.label
            page.label = cleaned
            changed.append(page)
    if changed:
        DigitalPage.objects.bulk_update(changed, ["label"])
        audit.record(
            "digital_object.labels",
            subject=obj,
            by=by,
            at=at,
            library_id=obj.library_id,
            before=before,
            after={str(page.sequence): page.label for page in changed},
        )
    return len(changed)


# --- Collections ----------------------------------------------------------------------------


def _collection_fields(code: str, name: str) -> tuple[str, str]:
    code = core_text.clean(code).lower()
    name = core_text.clean(name)
    if not name or not code or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        raise DigitalInvalid("collection_name_required")
    return code[:40], name[:200]


@transaction.atomic
def create_collection(
    *,
    library: Library,
    code: str,
    name: str,
    by: Actor,
    description: str = "",
    at: dt.datetime | None = None,
) -> DigitalCollection:
    """Create a named collection of `library`. Raises DigitalInvalid for a missing name or
    code, or a code the library already uses."""
    _check_library(by, library.pk)
    code, name = _collection_fields(code, name)
    if DigitalCollection.objects.filter(library=library, code=code).exists():
        raise DigitalInvalid("collection_code_taken", code=code)
    collection = DigitalCollection.objects.create(
        library=library, code=code, name=name, description=core_text.clean(description)[:5000]
    )
    audit.record(
        "digital_collection.create",
        subject=collection,
        by=by,
        at=at,
        library_id=library.pk,
        after={"code": code, "name": name},
    )
    return collection


@transaction.atomic
def update_collection(
    *,
    collection: DigitalCollection,
    code: str,
    name: str,
    by: Actor,
    description: str = "",
    at: dt.datetime | None = None,
) -> DigitalCollection:
    """Rename a collection or change its code or description. Raises as create_collection."""
    _check_library(by, collection.library_id)
    code, name = _collection_fields(code, name)
    taken = DigitalCollection.objects.filter(library_id=collection.library_id, code=code)
    if taken.exclude(pk=collection.pk).exists():
        raise DigitalInvalid("collection_code_taken", code=code)
    before = {"code": collection.code, "name": collection.name}
    if code != collection.code:  # its objects' OAI-PMH set changes
        _restamp(collection.digital_objects.all(), at or clock.now())
    collection.code, collection.name = code, name
    collection.description = core_text.clean(description)[:5000]
    collection.save(update_fields=["code", "name", "description"])
    audit.record(
        "digital_collection.update",
        subject=collection,
        by=by,
        at=at,
        library_id=collection.library_id,
        before=before,
        after={"code": code, "name": name},
    )
    return collection


@transaction.atomic
def delete_collection(
    *, collection: DigitalCollection, by: Actor, at: dt.datetime | None = None
) -> None:
    """Delete a collection; its objects stay, outside it."""
    _check_library(by, collection.library_id)
    _restamp(collection.digital_objects.all(), at or clock.now())
    audit.record(
        "digital_collection.delete",
        subject=collection,
        by=by,
        at=at,
        library_id=collection.library_id,
        before={"code": collection.code, "name": collection.name},
    )
    collection.delete()


@transaction.atomic
def set_collections(
    *,
    obj: DigitalObject,
    collections: Iterable[DigitalCollection],
    by: Actor,
    at: dt.datetime | None = None,
) -> None:
    """Put `obj` in exactly `collections`, all of its own library. Raises DigitalInvalid for
    another library's collection."""
    _check_object(by, obj)
    chosen = list(collections)
    for collection in chosen:
        if collection.library_id != obj.library_id:
            raise DigitalInvalid("collection_in_other_library", name=collection.name)
    before = sorted(obj.collections.values_list("code", flat=True))
    obj.collections.set(chosen)
    after = sorted(collection.code for collection in chosen)
    if before != after:
        at = at or clock.now()
        _restamp(DigitalObject.objects.filter(pk=obj.pk), at)
        audit.record(
            "digital_object.collections",
            subject=obj,
            by=by,
            at=at,
            library_id=obj.library_id,
            before={"collections": before},
            after={"collections": after},
        )


# --- Reading-room networks ------------------------------------------------------------------

# The widest range a reading room may claim: beyond it, "on site" would mean a whole provider.
_WIDEST_PREFIX = {4: 16, 6: 48}


def parse_network(value: str) -> str:
    """`value` as a network in CIDR form (one address becomes /32 or /128), or DigitalInvalid."""
    cleaned = core_text.clean(value)
    try:
        network = ipaddress.ip_network(cleaned, strict=False)
    except ValueError:
        raise DigitalInvalid("bad_network", network=cleaned[:60]) from None
    if network.prefixlen < _WIDEST_PREFIX[network.version]:
        raise DigitalInvalid("network_too_wide", network=str(network))
    return str(network)


@transaction.atomic
def add_network(
    *, library: Library, network: str, by: Actor, note: str = "", at: dt.datetime | None = None
) -> ReadingRoomNetwork:
    """Add a reading-room network of `library`: readers there see its on-site objects.

    Raises DigitalInvalid for an address that is not a network, too wide, or already there."""
    _check_library(by, library.pk)
    cidr = parse_network(network)
    if ReadingRoomNetwork.objects.filter(library=library, network=cidr).exists():
        raise DigitalInvalid("network_exists", network=cidr)
    row = ReadingRoomNetwork.objects.create(
        library=library, network=cidr, note=core_text.clean(note)[:200]
    )
    audit.record(
        "reading_room_network.add",
        subject=row,
        by=by,
        at=at,
        library_id=library.pk,
        after={"network": cidr, "note": row.note},
    )
    return row


@transaction.atomic
def remove_network(
    *, network: ReadingRoomNetwork, by: Actor, at: dt.datetime | None = None
) -> None:
    """Remove a reading-room network: its readers no longer see on-site objects."""
    _check_library(by, network.library_id)
    audit.record(
        "reading_room_network.remove",
        subject=network,
        by=by,
        at=at,
        library_id=network.library_id,
        before={"network": network.network, "note": network.note},
    )
    network.delete()


# --- Downloads ------------------------------------------------------------------------------


def record_download(
    *, obj: DigitalObject, page: int | None, on_site: bool, at: dt.datetime | None = None
) -> Download:
    """Count one download of `obj` (its page `page`, or the whole object when None): a use of
    the digital library, on site when the reader sits in one of its library's reading rooms.
    Readers are not recorded (Library Law Art. 8: what a reader reads is theirs). The day's
    `digital_downloads` figure is counted in the same transaction."""
    moment = at or clock.now()
    with transaction.atomic():
        download = Download.objects.create(object=obj, page=page, at=moment, on_site=on_site)
        stats_sources.count_download(library_id=obj.library_id, day=clock.local_date(moment))
    return download
