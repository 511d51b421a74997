"""Template filters of the pages' text."""

from __future__ import annotations

from django import template

from libnet.digital.text_selectors import RecordPageHits

register = template.Library()


@register.filter
def page_hits_of(found: dict[int, RecordPageHits] | None, record_id: int) -> RecordPageHits | None:
    """The hits on the digitised pages of record `record_id` in a result list's `page_hits`."""
    return (found or {}).get(record_id)
