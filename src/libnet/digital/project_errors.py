"""Refusals of digitisation projects: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class ProjectNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "project_not_found": _("No digitisation project with this number in your libraries."),
        "project_item_not_found": _("This project has no such item."),
    }


class ProjectRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "name_required": _("Give the project a name."),
        "text_too_long": _("The text is too long: at most %(limit)s characters."),
        "dates_reversed": _("The project cannot end before it starts."),
        "target_pages_invalid": _("The target number of pages must be a whole number from 0."),
        "project_closed": _("The project is closed: reopen nothing, start a new project."),
        "state_out_of_order": _("A project goes planned → in progress → closed; it is %(state)s."),
        "item_required": _(
            "Choose a catalogue record, a copy by its barcode, or describe the document."
        ),
        "copy_of_another_library": _(
            "The copy %(barcode)s belongs to %(library)s: a project digitises its own library's documents."
        ),
        "already_in_project": _("This document is already in the project."),
        "condition_required": _("Describe the document's condition."),
        "step_out_of_order": _(
            "The document is at “%(state)s”: the next step is “%(next)s”, taken in order."
        ),
        "already_published": _("The document is already published: there is no further step."),
        "unfit_to_scan": _("The document is not fit to scan: %(condition)s"),
        "object_required": _(
            "Link the digital object with the scanned pages before marking the document scanned."
        ),
        "object_has_no_pages": _("The digital object has no pages yet: upload the scans first."),
        "object_of_another_library": _("The digital object belongs to another library."),
        "object_already_linked": _("This digital object is already linked to another document."),
        "access_for_readers": _(
            "Publish for readers: open to everyone or in the library only, not staff only."
        ),
    }
