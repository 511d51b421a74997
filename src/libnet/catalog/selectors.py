"""Reads of the catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from libnet.catalog import marc
from libnet.catalog.models import (
    BibIsbn,
    BibRecord,
    IntakeBatch,
    Item,
    ItemStatus,
    WeedingCandidate,
    WithdrawalDecision,
)
from libnet.core import text


def simple_search(query: str, *, library_ids: frozenset[int] | None = None) -> QuerySet[BibRecord]:
    """Find records by ISBN, copy barcode, or words of the title (a stopgap until search/).

    Title words match folded (case, diacritics and đ ignored) through the match key, whose
    first part is the folded title; author words match case-insensitively. search/ replaces
    this with a ranked full-text index.
    With `library_ids`, the barcode lookup is limited to copies of those libraries.
    """
    query = text.clean(query)
    records = BibRecord.objects.all()
    if not query:
        return records.none()
    isbn13 = marc.normalise_isbn(query)
    if isbn13:
        return records.filter(pk__in=BibIsbn.objects.filter(isbn13=isbn13).values("bib_id"))
    copies = Item.objects.filter(barcode=text.identifier(query))
    if library_ids is not None:
        copies = copies.filter(home_library_id__in=library_ids)
    by_barcode = copies.values("bib_id")
    by_accession = Item.objects.filter(accession_number__in={query, text.identifier(query)})
    if library_ids is not None:
        by_accession = by_accession.filter(home_library_id__in=library_ids)
    condition = Q(pk__in=by_barcode) | Q(pk__in=by_accession.values("bib_id"))
    words = query.split()
    word_condition = Q()
    for word in words:
        word_condition &= (
            Q(match_key__contains=" ".join(re.findall(r"\w+", text.fold(word))))
            | Q(title__icontains=word)
            | Q(authors__icontains=word)
        )
    return records.filter(condition | word_condition).distinct()


def copy_counts(library_ids: frozenset[int]) -> dict[str, int]:
    """Return copies by status, held by the given libraries."""
    rows = (
        Item.objects.filter(home_library_id__in=library_ids)
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(ItemStatus.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def titles_held(library_ids: frozenset[int]) -> int:
    return Item.objects.filter(home_library_id__in=library_ids).values("bib_id").distinct().count()


def open_weeding_candidates(library_ids: Iterable[int]) -> QuerySet[WeedingCandidate]:
    """Copies on the weeding lists of the libraries, not yet withdrawn or found."""
    return (
        WeedingCandidate.objects.filter(library_id__in=list(library_ids), resolved_at__isnull=True)
        .select_related("item__bib", "library")
        .order_by("library__sort_key", "library__code", "-noted_at", "pk")
    )


def intake_batches(library_ids: Iterable[int]) -> QuerySet[IntakeBatch]:
    """The intake batches of the libraries, newest first (the general register's Part I)."""
    return IntakeBatch.objects.filter(library_id__in=list(library_ids)).select_related("library")


def withdrawal_decisions(library_ids: Iterable[int]) -> QuerySet[WithdrawalDecision]:
    """The withdrawal decisions of the libraries, newest first (the register's Part II)."""
    return WithdrawalDecision.objects.filter(library_id__in=list(library_ids)).select_related(
        "library"
    )
