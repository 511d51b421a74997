"""`{% record_viewer bib %}`: the viewer of a record's digital copies on its OPAC page."""

from __future__ import annotations

from typing import Any

from django import template

from libnet.catalog.models import BibRecord
from libnet.digital import viewer

register = template.Library()


@register.inclusion_tag("digital/_viewers.html", takes_context=True)
def record_viewer(context: template.Context, record: BibRecord) -> dict[str, Any]:
    """The viewers of the digital objects of `record` the asker may see (none: nothing shown)."""
    objects = viewer.record_objects(context["request"], record)
    return {"viewers": [viewer.viewer_entry(digital_object) for digital_object in objects]}
