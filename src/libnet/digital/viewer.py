"""The reader's view of a digital object: the viewer (OpenSeadragon, shipped under
static/libnet/vendor/, driven by static/libnet/digital-viewer.js) opening the object's IIIF
manifest, on the OPAC page of its record or, for an object described in Dublin Core, on its
own page /digital/<object id>."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from libnet.catalog.models import BibRecord
from libnet.digital import access
from libnet.digital.iiif import presentation
from libnet.digital.models import Access, DigitalObject


@require_safe
def object_page(request: HttpRequest, object_id: int) -> HttpResponse:
    """An object without a catalogue record, described in Dublin Core, read in the viewer; an
    object with a record is read on the record's page."""
    digital_object = access.get_object(request, object_id)
    if digital_object.record_id is not None:
        return redirect("opac:record", record_id=digital_object.record_id)
    context = {
        "digital_object": digital_object,
        "description": presentation.description(digital_object),
        "viewers": [viewer_entry(digital_object)],
    }
    return render(request, "digital/public_object.html", context)


def viewer_entry(digital_object: DigitalObject) -> dict[str, object]:
    return {
        "object": digital_object,
        "manifest_url": reverse("iiif:manifest", args=[digital_object.pk]),
    }


def record_objects(request: HttpRequest, record: BibRecord) -> list[DigitalObject]:
    """The digital objects of `record` with pages that the asker may see, in one query when
    they are all public (the OPAC's record page counts its queries)."""
    objects = list(
        DigitalObject.objects.filter(record=record, pages__isnull=False)
        .distinct()
        .order_by("pk")
        .select_related("library")
    )
    if all(digital_object.access == Access.PUBLIC for digital_object in objects):
        return objects
    visible = set(
        access.visible_objects(request)
        .filter(pk__in=[digital_object.pk for digital_object in objects])
        .values_list("pk", flat=True)
    )
    return [digital_object for digital_object in objects if digital_object.pk in visible]
