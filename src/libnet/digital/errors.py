"""Refusals of the digital library: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import Messages, NotFound, ValidationFailed


class DigitalObjectNotFound(NotFound):
    # An object the asker may not see does not exist for them (no probing of drafts or of
    # what is read only in the library).
    messages: ClassVar[Messages] = {
        "digital_object_not_found": _("No digital object with this number is open to you."),
        "digital_page_not_found": _("This digital object has no such page."),
    }


class DigitalInvalid(ValidationFailed):
    """A description, an access or a page order the digital library cannot take."""

    messages: ClassVar[Messages] = {
        "title_required": _(
            "Give the object a title: choose a catalogue record or fill in the Dublin Core title."
        ),
        "bad_dublin_core": _(
            "“%(element)s” is not a Dublin Core element. Use title, creator, subject, description, publisher, contributor, date, type, format, identifier, source, language, relation, coverage or rights."
        ),
        "bad_access": _("Choose who may see the object: public, in the library only, or staff."),
        "bad_page_order": _(
            "The new order must list every page of the object exactly once. Reload the page and try again."
        ),
        "bad_network": _(
            "“%(network)s” is not a network address. Write it as 192.168.10.0/24 (or one address)."
        ),
        "network_too_wide": _(
            "“%(network)s” covers too many addresses for a reading room (at most /16 in IPv4, /48 in IPv6)."
        ),
        "network_exists": _("This library already has the network %(network)s."),
        "collection_code_taken": _(
            "This library already has a collection with the code “%(code)s”."
        ),
        "collection_name_required": _(
            "Give the collection a name and a code (letters, digits, -)."
        ),
        "collection_in_other_library": _(
            "The collection “%(name)s” belongs to another library: an object goes only into its own library's collections."
        ),
        "label_too_long": _("A page label has at most %(max)s characters."),
    }


class FileRefused(ValidationFailed):
    """An uploaded file not kept (each refused alone: the others of the upload are kept)."""

    messages: ClassVar[Messages] = {
        "empty_file": _("%(name)s: the file is empty; nothing was saved for it."),
        "unknown_type": _(
            "%(name)s: not a TIFF, JPEG or PNG image nor a PDF; nothing was saved for it."
        ),
        "multi_page_tiff": _(
            "%(name)s: a TIFF of %(frames)s pages; send one file per page or a PDF. Nothing was saved for it."
        ),
        "image_too_large": _(
            "%(name)s: the image is too large to process (%(pixels)s million pixels); nothing was saved for it."
        ),
        "unreadable_pdf": _(
            "%(name)s: the PDF cannot be read (damaged or protected); nothing was saved for it."
        ),
        "empty_pdf": _("%(name)s: the PDF has no pages; nothing was saved for it."),
    }
