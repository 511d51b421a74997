"""Every write of bibliographies: check → write → audit, one transaction. The entries live
in catalog's saved list (catalog.services: add_to_list, remove_from_list, move_entry,
set_entry_note); a published bibliography is not changed until its publication is
withdrawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pymarc
from django.db import transaction
from django.utils.translation import gettext as _

from libnet.bibliographies import stats_sources
from libnet.bibliographies.errors import BibliographyNotFound, BibliographyRefused
from libnet.bibliographies.models import ARTICLE_KINDS, Bibliography, BibliographyKind, Grouping
from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item, RecordListKind, SerialTitle
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.search import engine

QUERY_LIMIT = 500
FOUND_LIMIT = 300


@transaction.atomic
def create_bibliography(
    *,
    library: Library,
    kind: str,
    title: object,
    grouping: str = Grouping.SUBJECT,
    introduction: object = "",
    month: dt.date | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> Bibliography:
    """Start a bibliography of `library`. A list of new acquisitions is for a month and is
    filled at once with the records of the copies added in it."""
    at = at or clock.now()
    if kind not in BibliographyKind.values:
        raise BibliographyRefused("unknown_kind")
    if grouping not in Grouping.values:
        raise BibliographyRefused("unknown_grouping")
    if kind == BibliographyKind.NEW_ACQUISITIONS and month is None:
        raise BibliographyRefused("month_required")
    if month is not None:
        check_date(month, field=_("Month"), window="operational", today=clock.local_date(at))
    record_list = catalog_services.create_list(
        library=library,
        kind=RecordListKind.BIBLIOGRAPHY,
        title=title,
        introduction=introduction,
        by=by,
        at=at,
    )
    made = Bibliography.objects.create(
        record_list=record_list,
        kind=kind,
        grouping=grouping,
        month=month.replace(day=1) if month else None,
    )
    if kind == BibliographyKind.NEW_ACQUISITIONS and month is not None:
        fill_new_acquisitions(bibliography=made, by=by, at=at)
    return made


def _open(bibliography: Bibliography) -> Bibliography:
    locked = (
        Bibliography.objects.select_for_update(of=("self",))
        .select_related("record_list", "record_list__library")
        .get(pk=bibliography.pk)
    )
    if locked.is_published:
        raise BibliographyRefused("published")
    return locked


@transaction.atomic
def fill_new_acquisitions(
    *, bibliography: Bibliography, by: Actor, at: dt.datetime | None = None
) -> int:
    """Add the records of the copies added in the bibliography's month by its library and
    the libraries below it; returns how many records were added."""
    locked = _open(bibliography)
    if locked.month is None:
        raise BibliographyRefused("month_required")
    start = dt.datetime.combine(locked.month, dt.time(), tzinfo=clock.VIETNAM)
    following = (locked.month + dt.timedelta(days=32)).replace(day=1)
    end = dt.datetime.combine(following, dt.time(), tzinfo=clock.VIETNAM)
    subtree = network_selectors.subtree_ids([locked.record_list.library_id])
    bib_ids = (
        Item.objects.filter(home_library_id__in=subtree, created_at__gte=start, created_at__lt=end)
        .order_by("bib_id")
        .values_list("bib_id", flat=True)
        .distinct()
    )
    records = list(BibRecord.objects.filter(pk__in=list(bib_ids)).order_by("pk"))
    return catalog_services.add_to_list(
        record_list=locked.record_list, records=records, by=by, at=at
    )


def find_records(*, bibliography: Bibliography, query: str) -> list[BibRecord]:
    """Records for the bibliography found by the catalogue's search (its query language:
    words, subject:…, class:…, author:…) in the whole network's catalogue, at most 300,
    those already in it left out."""
    query = (query or "").strip()
    if not query:
        raise BibliographyRefused("no_query")
    if len(query) > QUERY_LIMIT:
        raise BibliographyRefused("query_too_long")
    found = engine.search(engine.SearchRequest(q=query, page_size=FOUND_LIMIT))
    listed = set(bibliography.record_list.entries.values_list("bib_id", flat=True))
    ids = [hit.bib_id for hit in found.hits if hit.bib_id not in listed]
    by_id = BibRecord.objects.in_bulk(ids)
    return [by_id[bib_id] for bib_id in ids if bib_id in by_id]


@transaction.atomic
def add_records(
    *,
    bibliography: Bibliography,
    record_ids: Iterable[int],
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Add records (chosen from a search, or by hand) to the bibliography."""
    locked = _open(bibliography)
    ids = list(dict.fromkeys(record_ids))
    by_id = BibRecord.objects.in_bulk(ids)
    return catalog_services.add_to_list(
        record_list=locked.record_list,
        records=[by_id[i] for i in ids if i in by_id],
        by=by,
        at=at,
    )


def check_open(bibliography: Bibliography) -> None:
    """Refuse a change of the entries of a published bibliography."""
    if bibliography.is_published:
        raise BibliographyRefused("published")


def _limited(value: object, field: str, limit: int, *, code: str = "") -> str:
    cleaned = text.clean(str(value or ""))
    if len(cleaned) > limit or (code and not cleaned):
        if code:
            raise BibliographyRefused(code)
        raise BibliographyRefused("field_too_long", field=field, limit=limit)
    return cleaned


def article_record(
    *,
    title: str,
    authors: list[str],
    host_title: str,
    host_control_number: str,
    issue: str,
    year: int,
    abstract: str,
    subjects: list[str],
    at: dt.datetime,
) -> pymarc.Record:
    """An article as a MARC 21 analytic record: leader/07 "b" (a part of a serial), 773 the
    issue it is in (title, "Số …, tr. …", the host record's 001), 520 its abstract."""
    record = pymarc.Record(force_utf8=True, leader="     nab a22     7a 4500")
    entered = clock.local_date(at).strftime("%y%m%d")
    fixed = f"{entered}s{year:04d}    vm            000 0 vie d"
    record.add_field(pymarc.Field(tag="008", data=fixed[:40].ljust(40)))  # type: ignore[no-untyped-call]  # pymarc is untyped
    if authors:
        record.add_field(
            pymarc.Field(  # type: ignore[no-untyped-call]
                tag="100", indicators=pymarc.Indicators("0", " "),
                subfields=[pymarc.Subfield("a", authors[0])],
            )
        )  # fmt: skip
    record.add_field(
        pymarc.Field(  # type: ignore[no-untyped-call]
            tag="245", indicators=pymarc.Indicators("1" if authors else "0", "0"),
            subfields=[pymarc.Subfield("a", title)],
        )
    )  # fmt: skip
    if abstract:
        record.add_field(
            pymarc.Field(
                tag="520",
                indicators=pymarc.Indicators(" ", " "),
                subfields=[pymarc.Subfield("a", abstract)],
            )  # type: ignore[no-untyped-call]
        )
    for subject in subjects:
        record.add_field(
            pymarc.Field(
                tag="650",
                indicators=pymarc.Indicators(" ", "4"),
                subfields=[pymarc.Subfield("a", subject)],
            )  # type: ignore[no-untyped-call]
        )
    for author in authors[1:]:
        record.add_field(
            pymarc.Field(
                tag="700",
                indicators=pymarc.Indicators("0", " "),
                subfields=[pymarc.Subfield("a", author)],
            )  # type: ignore[no-untyped-call]
        )
    host = [pymarc.Subfield("t", host_title), pymarc.Subfield("g", issue)]
    if host_control_number:
        host.append(pymarc.Subfield("w", host_control_number))
    record.add_field(
        pymarc.Field(tag="773", indicators=pymarc.Indicators("0", " "), subfields=host)
    )  # type: ignore[no-untyped-call]
    return record


@transaction.atomic
def add_article(
    *,
    bibliography: Bibliography,
    title: object,
    authors: object,
    issue: object,
    year: object,
    host_title: object = "",
    serial_id: int | None = None,
    abstract: object = "",
    subjects: object = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Describe an article of a newspaper or journal as an analytic record of the catalogue
    (searchable in the OPAC like any record), linked to its serial (773), and add it to the
    article index or press digest with its abstract as the entry's note."""
    at = at or clock.now()
    locked = _open(bibliography)
    if locked.kind not in ARTICLE_KINDS:
        raise BibliographyRefused("articles_only")
    serial = None
    if serial_id is not None:
        serial = SerialTitle.objects.select_related("bib").filter(pk=serial_id).first()
        if serial is None:
            raise BibliographyNotFound("serial_not_found")
    host = (
        serial.bib.title
        if serial is not None
        else _limited(host_title, "", 300, code="host_required")
    )
    try:
        number = int(str(year).strip())
    except (TypeError, ValueError):
        raise BibliographyRefused("bad_year") from None
    if not 1900 <= number <= clock.local_date(at).year + 1:
        raise BibliographyRefused("bad_year")
    names = [name for name in (text.clean(part) for part in str(authors or "").split(";")) if name]
    record = article_record(
        title=_limited(title, "", 500, code="article_title_required"),
        authors=[_limited(name, _("Authors"), 200) for name in names],
        host_title=host,
        host_control_number=serial.bib.control_number if serial is not None else "",
        issue=_limited(issue, "", 200, code="issue_required"),
        year=number,
        abstract=_limited(abstract, _("Abstract"), 5000),
        subjects=[
            _limited(subject, _("Subjects"), 200)
            for subject in (text.clean(part) for part in str(subjects or "").split(";"))
            if subject
        ],
        at=at,
    )
    library = locked.record_list.library
    bib = catalog_services.create_record(marc_record=record, by=by, library=library, at=at)
    catalog_services.add_to_list(record_list=locked.record_list, records=[bib], by=by, at=at)
    entry = locked.record_list.entries.get(bib=bib, item__isnull=True)
    if record.get_fields("520"):
        catalog_services.set_entry_note(
            record_list=locked.record_list, entry_id=entry.pk, note=record["520"]["a"], by=by, at=at
        )
    return bib


@transaction.atomic
def publish(
    *, bibliography: Bibliography, by: Actor, at: dt.datetime | None = None
) -> Bibliography:
    """Publish the bibliography on the OPAC; it counts in `bibliographies_published` on this
    day."""
    at = at or clock.now()
    locked = _open(bibliography)
    if not locked.record_list.entries.exists():
        raise BibliographyRefused("empty")
    locked.published_at = at
    locked.published_by = audit.user_of(by)
    locked.save(update_fields=["published_at", "published_by"])
    stats_sources.count_published(
        library_id=locked.record_list.library_id, day=clock.local_date(at), by=1
    )
    audit.record(
        "bibliography.publish",
        subject=locked.record_list,
        by=by,
        at=at,
        library_id=locked.record_list.library_id,
    )
    return locked


@transaction.atomic
def withdraw_publication(
    *, bibliography: Bibliography, by: Actor, at: dt.datetime | None = None
) -> Bibliography:
    """Take the bibliography off the OPAC to change it; the day it was published no longer
    counts (it counts again on the day it is published again)."""
    at = at or clock.now()
    locked = (
        Bibliography.objects.select_for_update(of=("self",))
        .select_related("record_list")
        .get(pk=bibliography.pk)
    )
    if locked.published_at is None:
        raise BibliographyRefused("not_published")
    stats_sources.count_published(
        library_id=locked.record_list.library_id, day=clock.local_date(locked.published_at), by=-1
    )
    locked.published_at = None
    locked.published_by = None
    locked.save(update_fields=["published_at", "published_by"])
    audit.record(
        "bibliography.withdraw",
        subject=locked.record_list,
        by=by,
        at=at,
        library_id=locked.record_list.library_id,
    )
    return locked
