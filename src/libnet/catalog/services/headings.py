"""Link the headings of catalogue records (1XX, 6XX, 7XX) to the authorities that control them.

`link_headings` is called by the record services (add_records, replace_record) for the
records they write, before the index is told, so a record is searchable by the variant forms
of its headings from the moment it is saved. `link_all_records` does the same for the
records already in the catalogue, a chunk at a time (after an authority import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import pymarc
from django.db import transaction
from django.db.models import Q

from libnet.catalog import authority_marc, authority_selectors, changes, marc
from libnet.catalog.models import AuthorityName, BibRecord, HeadingLink
from libnet.core import bulk

# Keys asked for in one query (SQLite allows 32,766 parameters, each key is asked twice).
_KEYS_PER_QUERY = 2000
LINK_CHUNK = 500


def link_headings(records: Sequence[tuple[int, pymarc.Record]], *, replace: bool = False) -> int:
    """Link the headings of `records` (record id, its MARC) to their authorities; return
    how many links were written. `replace`: the records had links already (a replaced
    record), which are written again from its MARC as it is now.

    A heading links to the authority of its kind whose heading or variant has its key; else
    to the only one whose first part ($a) has the key of the heading's first part. A heading
    two authorities could claim (two people of one name, no dates) stays unlinked.
    """
    # A catalogue without authorities (most imports, until a file of them comes) has no
    # links either: nothing to read or write.
    if not records or not authority_selectors.any_authority():
        return 0
    headings = {bib_id: authority_marc.bib_headings(record) for bib_id, record in records}
    if replace:
        HeadingLink.objects.filter(bib_id__in=[bib_id for bib_id, _record in records]).delete()
    keys = sorted(
        {key for found in headings.values() for h in found for key in (h.key, h.short_key) if key}
    )
    if not keys:
        return 0
    by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_short_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[start : start + _KEYS_PER_QUERY]
        for authority_id, kind, key, short_key in AuthorityName.objects.filter(
            Q(key__in=chunk) | Q(short_key__in=chunk)
        ).values_list("authority_id", "authority__kind", "key", "short_key"):
            by_key[(kind, key)].add(authority_id)
            if short_key:
                by_short_key[(kind, short_key)].add(authority_id)
    if not by_key:
        return 0
    links: dict[tuple[int, int, str], HeadingLink] = {}
    for bib_id, found in headings.items():
        for heading in found:
            matches = by_key.get((heading.kind, heading.key)) or (
                by_short_key.get((heading.kind, heading.short_key), set())
                if heading.short_key
                else set()
            )
            if len(matches) == 1:
                (authority_id,) = matches
                links.setdefault(
                    (bib_id, authority_id, heading.tag),
                    HeadingLink(bib_id=bib_id, authority_id=authority_id, tag=heading.tag),
                )
    bulk.insert_rows(list(links.values()))
    return len(links)


def link_all_records(
    *, bib_ids: Sequence[int] | None = None, on_progress: Callable[[int], None] | None = None
) -> int:
    """Link the headings of every catalogue record (or of `bib_ids`) again, a chunk of
    records per transaction (joining the caller's, if any); return how many links there
    are now. The index is told of the records whose links changed."""
    ids = (
        list(bib_ids)
        if bib_ids is not None
        else list(BibRecord.objects.order_by("pk").values_list("pk", flat=True))
    )
    total = done = 0
    for chunk in bulk.chunks(ids, LINK_CHUNK):
        with transaction.atomic():
            before = set(
                HeadingLink.objects.filter(bib_id__in=chunk).values_list("bib_id", "authority_id")
            )
            records = [
                (bib_id, marc.record_from_json(marc_json))
                for bib_id, marc_json in BibRecord.objects.filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "marc_json")
            ]
            total += link_headings(records, replace=True)
            after = set(
                HeadingLink.objects.filter(bib_id__in=chunk).values_list("bib_id", "authority_id")
            )
            changes.records_changed({bib_id for bib_id, _authority in before ^ after})
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)
    return total
