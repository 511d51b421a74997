"""Refusals of the IIIF doors: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class ImageRequestRefused(LibnetError):
    # IIIF Image API 3.0 §7: a request the syntax does not allow, or a region or size that
    # cannot be made from the image, is a 400 Bad Request.
    status = 400
    messages: ClassVar[Messages] = {
        "iiif_bad_region": _(
            "The region “%(value)s” is not one of full, square, x,y,w,h or pct:x,y,w,h inside the image."
        ),
        "iiif_bad_size": _(
            "The size “%(value)s” is not one of max, w,, ,h, pct:n, w,h or !w,h, or it is too large (add ^ to enlarge, within %(max_area)s pixels)."
        ),
        "iiif_bad_rotation": _(
            "The rotation “%(value)s” is not an angle from 0 to 360, optionally after ! to mirror."
        ),
        "iiif_bad_quality": _(
            "The quality “%(value)s” is not one of default, color, gray, bitonal."
        ),
        "iiif_bad_format": _("The format “%(value)s” is not one of jpg, png, webp."),
    }


class CollectionNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "library_not_found": _("No library with this code."),
        "digital_collection_not_found": _("This library has no digital collection with this code."),
    }
