"""Reads of authority records: the staff list, one authority's relations and records, and
the forms of the headings of catalogue records (for the search index)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from libnet.catalog import authority_marc
from libnet.catalog.models import (
    Authority,
    AuthorityKind,
    AuthorityName,
    AuthorityNameRole,
    AuthorityRelation,
    BibRecord,
    HeadingLink,
)
from libnet.core import cache, text


def authorities(*, query: str = "", kind: str = "") -> QuerySet[Authority]:
    """Authorities whose heading or a variant contains `query` (accents ignored), of `kind`
    when given, in Vietnamese order of their headings, with their records counted."""
    found = Authority.objects.all()
    if kind:
        found = found.filter(kind=kind)
    folded = text.fold(authority_marc.heading_key(query))
    if folded:
        found = found.filter(
            pk__in=AuthorityName.objects.filter(folded_key__contains=folded).values("authority_id")
        )
    return found.annotate(records=Count("heading_links__bib", distinct=True)).order_by(
        "heading_sort_key", "pk"
    )


def variants(authority: Authority) -> list[AuthorityName]:
    return list(authority.names.filter(role=AuthorityNameRole.VARIANT).order_by("pk"))


@dataclass(frozen=True)
class Related:
    """A heading related to an authority: as written, the authority it names if any, how."""

    heading: str
    kind: str
    label: str
    target: Authority | None


def related(authority: Authority) -> list[Related]:
    """The authority's 5XX, and the authorities whose 5XX name it (a pen name's record need
    not name the real name back for the link to show on both)."""
    found = [
        Related(r.heading, r.kind, r.get_kind_display(), r.target)
        for r in authority.relations.select_related("target").order_by("pk")
    ]
    named = {r.target.pk for r in found if r.target is not None}
    for back in (
        AuthorityRelation.objects.filter(target=authority)
        .exclude(authority_id__in=named)
        .select_related("authority")
        .order_by("pk")
    ):
        found.append(
            Related(back.authority.heading, back.kind, back.get_kind_display(), back.authority)
        )
    return found


def linked_records(authority: Authority) -> QuerySet[BibRecord]:
    """The catalogue records with a heading controlled by `authority`, by title."""
    return (
        BibRecord.objects.filter(heading_links__authority=authority)
        .distinct()
        .order_by("title_sort_key", "pk")
    )


def record_authorities(bib: BibRecord) -> list[tuple[str, Authority]]:
    """The authorities controlling the headings of `bib`, with the field of each."""
    return [
        (link.tag, link.authority)
        for link in HeadingLink.objects.filter(bib=bib)
        .select_related("authority")
        .order_by("tag", "pk")
    ]


# Whether the network has any authority record: until it has, no record has a heading link,
# and the index and the record services skip their queries about them (a loan that rewrites a
# document costs no more than before authorities existed). Kept in process memory; the first
# authority another process creates is seen here within the cache's minute.
_ANY_AUTHORITY = cache.TableCache(lambda: Authority.objects.exists(), models=[Authority])


def any_authority() -> bool:
    """Whether any authority record exists (from process memory, see `_ANY_AUTHORITY`)."""
    return _ANY_AUTHORITY.get()


def heading_forms(bib_ids: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Every form (heading and variants) of the authorities linked to each record of
    `bib_ids`: names (persons, bodies) and subjects. One query (none while the network has
    no authority): the search index adds them to a record's words, so a search for "Nguyễn
    Tất Thành" finds the books of Hồ Chí Minh."""
    found: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    if not bib_ids or not any_authority():
        return found
    rows = (
        HeadingLink.objects.filter(bib_id__in=bib_ids)
        .values_list("bib_id", "authority__kind", "authority__names__form")
        .order_by("bib_id", "authority_id", "authority__names__id")
        .distinct()
    )
    for bib_id, kind, form in rows:
        if form:
            names, subjects = found[bib_id]
            (subjects if kind == AuthorityKind.SUBJECT else names).append(form)
    return found
