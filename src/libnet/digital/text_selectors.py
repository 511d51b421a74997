"""Reads of the pages' text: a search's hits on the pages of records, a page with its hits
marked. Every object goes through digital/access.py: what the asker may not see has no hits
and no page (404)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest

from libnet.digital import access
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.models import DigitalObject, DigitalPage
from libnet.search import pages as page_index

# Page links shown under one record of a result list; the rest is in the object's own page.
LINKS_PER_RECORD = 5


@dataclass(frozen=True)
class PageLink:
    """A page where a search's words were found: object, page number and a snippet."""

    object_id: int
    sequence: int
    label: str
    snippet: tuple[page_index.SnippetPart, ...]


@dataclass(frozen=True)
class RecordPageHits:
    links: list[PageLink]
    more: int  # pages found beyond the links shown


@dataclass(frozen=True)
class ObjectPageHits:
    """A digital object whose pages hold a search's words: its best page, and how many."""

    object_id: int
    title: str
    record_id: int | None
    best: PageLink
    pages: int


@dataclass(frozen=True)
class SearchPageHits:
    """A search's hits on digitised pages: under the records shown (`by_record`), and in
    other objects (`others`), offered beside the catalogue's ranking, never inside it."""

    by_record: dict[int, RecordPageHits]
    others: list[ObjectPageHits]


# Objects found only by their pages' text, listed beside a result list.
OTHER_OBJECTS = 10
# Pages read per search: the pages of the records shown first, then the best of the others.
PAGES_READ = 300


def search_page_hits(
    request: HttpRequest, query: str, shown_record_ids: Iterable[int], *, others: bool = True
) -> SearchPageHits:
    """The pages the asker may see holding the words of `query`: by record for the records
    of `shown_record_ids`, and (with `others`) the best other objects. One query of the page
    index when nothing is found."""
    shown = list(shown_record_ids)
    hits = page_index.page_hits(query, anywhere=True, first_records=shown, limit=PAGES_READ)
    if not hits:
        return SearchPageHits({}, [])
    visible = {
        pk: (title, record_id)
        for pk, title, record_id in access.visible_objects(request)
        .filter(pk__in={hit.object_id for hit in hits})
        .values_list("pk", "title", "record_id")
    }
    current = _current_pages([hit for hit in hits if hit.object_id in visible])
    wanted = set(shown)
    by_record: dict[int, list[PageLink]] = defaultdict(list)
    found: dict[int, ObjectPageHits] = {}
    for hit in hits:
        link = current.get(hit.page_id)
        if link is None or link.object_id not in visible:
            continue
        title, record_id = visible[link.object_id]
        if record_id is not None and record_id in wanted:
            by_record[record_id].append(link)
            continue
        if not others:
            continue
        known = found.get(link.object_id)
        if known is not None:
            found[link.object_id] = ObjectPageHits(
                known.object_id, known.title, known.record_id, known.best, known.pages + 1
            )
        elif len(found) < OTHER_OBJECTS:
            found[link.object_id] = ObjectPageHits(link.object_id, title, record_id, link, 1)
    return SearchPageHits(
        by_record={
            record_id: RecordPageHits(
                links=sorted(links[:LINKS_PER_RECORD], key=lambda link: link.sequence),
                more=max(0, len(links) - LINKS_PER_RECORD),
            )
            for record_id, links in by_record.items()
        },
        others=list(found.values()),
    )


def _current_pages(hits: list[page_index.PageHit]) -> dict[int, PageLink]:
    """The links of the pages hit, by page id, with each page's number and label as they are
    now (pages may have been reordered since their text was indexed; a page removed since
    has none)."""
    if not hits:
        return {}
    snippets = {hit.page_id: hit.snippet for hit in hits}
    rows = DigitalPage.objects.filter(pk__in=snippets).values_list(
        "pk", "object_id", "sequence", "label"
    )
    return {
        page_id: PageLink(object_id, sequence, label, snippets[page_id])
        for page_id, object_id, sequence, label in rows
    }


def get_page(request: HttpRequest, object_id: int, sequence: int) -> DigitalPage:
    """Page `sequence` of object `object_id` if the asker may see the object; 404 otherwise."""
    digital_object = access.get_object(request, object_id)
    return _page_of(digital_object, sequence)


def get_page_for_staff(request: HttpRequest, object_id: int, sequence: int) -> DigitalPage:
    """Page `sequence` of an object of the asker's libraries (staff); 404 otherwise."""
    digital_object = access.get_object_for_staff(request.user, object_id)
    return _page_of(digital_object, sequence)


def _page_of(digital_object: DigitalObject, sequence: int) -> DigitalPage:
    page = (
        DigitalPage.objects.filter(object=digital_object, sequence=sequence)
        .select_related("object", "file")
        .first()
    )
    if page is None:
        raise DigitalObjectNotFound("digital_page_not_found")
    return page


@dataclass(frozen=True)
class HitBox:
    """A word found on the page image, in per cent of the image's width and height."""

    left: float
    top: float
    width: float
    height: float
    word: str


def hit_boxes(page: DigitalPage, query: str) -> list[HitBox]:
    """The boxes of the words of `page` that `query` looks for (from OCR's word boxes)."""
    if not page.words or not page.width or not page.height:
        return []
    words = [str(box[4]) for box in page.words]
    boxes = []
    for index in page_index.hit_words(words, query):
        x, y, width, height, word = page.words[index]
        boxes.append(
            HitBox(
                left=round(100 * int(x) / page.width, 3),
                top=round(100 * int(y) / page.height, 3),
                width=round(100 * int(width) / page.width, 3),
                height=round(100 * int(height) / page.height, 3),
                word=str(word),
            )
        )
    return boxes


def text_with_hits(page: DigitalPage, query: str) -> list[list[page_index.SnippetPart]]:
    """The page's text line by line, the words `query` looks for marked."""
    terms = page_index.page_terms(query)
    lines = []
    for line in page.text.splitlines():
        parts: list[page_index.SnippetPart] = []
        for index, word in enumerate(line.split()):
            separator = " " if index else ""
            if terms and page_index.is_hit(word, terms):
                if separator:
                    parts.append(page_index.SnippetPart(separator, False))
                parts.append(page_index.SnippetPart(word, True))
            else:
                parts.append(page_index.SnippetPart(separator + word, False))
        lines.append(parts)
    return lines


def page_count(digital_object: DigitalObject) -> int:
    return digital_object.pages.count()
