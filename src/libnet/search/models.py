"""The search index (one document per catalogue record), its vocabulary, and lookup counts.

`SearchDocument` holds a record's searchable text as tokens (see analysis.py), already in both
forms. The engines index it from there: on SQLite an FTS5 table kept in step by triggers, on
PostgreSQL tsvector columns filled by a trigger (migration 0002). Only search/index.py writes
these rows, inside the transaction of the catalogue write that changed the record.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import BibRecord
from libnet.network.models import Library

# Column names of the folded and the exact text, in the order the FTS5 table lists them.
FOLDED_COLUMNS = ("title", "authors", "subjects", "publisher", "other", "codes")
EXACT_COLUMNS = ("title_x", "authors_x", "subjects_x", "publisher_x", "other_x")


class SearchDocument(models.Model):
    """What the search engine knows of one catalogue record.

    Folded columns hold folded tokens separated by spaces; `_x` columns the exact tokens of the
    same text. `other` is series and notes; `codes` ISBNs (13 and 10), ISSNs and the class
    number. `tags` are the filter tokens in the full-text index: library holding a copy
    (h<id>), kinds of those libraries, year, language, material type, subjects. `shelf` holds
    where a copy is on the shelf now (a<id>, ak<kind>, aany): every loan and return may change
    it, so it is kept out of the full-text index (a plain column the engines check on the
    rows they find), and a loan never rewrites the record's full-text entry.
    """

    bib = models.OneToOneField(
        BibRecord,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        # No constraint: the index is derived data, rebuilt by `libnet reindex`, and an FTS5
        # table cannot follow a foreign key anyway.
        db_constraint=False,
    )
    title = models.TextField(blank=True)
    authors = models.TextField(blank=True)
    subjects = models.TextField(blank=True)
    publisher = models.TextField(blank=True)
    other = models.TextField(blank=True)
    codes = models.TextField(blank=True)
    title_x = models.TextField(blank=True)
    authors_x = models.TextField(blank=True)
    subjects_x = models.TextField(blank=True)
    publisher_x = models.TextField(blank=True)
    other_x = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    shelf = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The day the newest copy was acquired (the record's creation day without copies).
    newest_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"search document of record {self.bib_id}"


class SearchTerm(models.Model):
    """A folded word of the index, for did-you-mean suggestions.

    Words are added as documents are written and never taken away one by one (`libnet
    reindex` makes the list again): keeping a count per word would cost a write per word of
    every record written, where checking that a word is already known costs only a read.
    How often a word occurs is asked of the engine, for the few words a suggestion weighs.
    """

    term = models.CharField(max_length=60, primary_key=True)
    # One exact (accented) form seen in the index, for a did-you-mean that reads naturally.
    example = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.term


class LookupCount(models.Model):
    """Searches made on one day in one library's catalogue (lượt tra cứu, an indicator).

    `library` is empty for searches of the whole network's catalogue.
    """

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("lookups"), default=0)

    class Meta:
        verbose_name = _("lookup count")
        verbose_name_plural = _("lookup counts")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "day"],
                condition=Q(library__isnull=False),
                name="one_lookup_count_per_library_day",
            ),
            # NULLs are distinct in a unique index: the network-wide row needs its own.
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(library__isnull=True),
                name="one_network_lookup_count_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library_id or '-'} {self.day}: {self.count}"


class ReindexRequest(models.Model):
    """A migration's word that the stored documents must be built again (`libnet reindex`).

    Most upgrades leave the index as it is: searches answer at once after `libnet migrate`. A
    migration that changes what a document holds adds a row through
    `search.operations.require_reindex`; `migrate` then says so, `libnet check --database
    default` warns until `libnet reindex` has run, and the rebuild deletes the rows.
    """

    reason = models.CharField(max_length=300)
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search index rebuild request")
        verbose_name_plural = _("search index rebuild requests")

    def __str__(self) -> str:
        return self.reason


class PageText(models.Model):
    """The text of one page of a digital object (OCR, or typed by staff), for full-text search
    of the pages. Kept apart from SearchDocument on purpose: a book's thousands of words of
    page text must never outweigh the words of titles in the catalogue's ranking. Written
    only by search/pages.py, which the digital library calls when a page's text changes.

    `page_id`, `object_id` and `record_id` are plain numbers, not foreign keys: search sits
    below the digital library (DESIGN.md §2), and the index is derived data. A page keeps its
    id when its object's pages are reordered: the digital library reads the page's current
    number from it (`sequence` is the number when the text was written). `text` is the page's
    text (NFC) for snippets; `folded` its folded tokens, which the engine indexes: on SQLite
    the FTS5 table search_page_fts, on PostgreSQL the tsvector column folded_v (migration 0005).
    """

    page_id = models.PositiveIntegerField(unique=True)
    object_id = models.PositiveIntegerField(db_index=True)
    sequence = models.PositiveIntegerField()
    record_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)

    class Meta:
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")

    def __str__(self) -> str:
        return f"{self.object_id}-{self.sequence}"
