"""Refusals of the cooperation programme: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound, PermissionDenied


class ProgrammeNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "programme_not_found": _(
            "No cooperation programme with this number that you are a party to."
        ),
        "party_not_found": _(
            "No library or managing body with the code %(code)s that you work for."
        ),
        "school_not_found": _("No school library with the code %(code)s."),
        "activity_not_found": _(
            "No %(kind)s number %(id)s that concerns this programme (its parties or its schools)."
        ),
        "review_not_found": _("This programme has no review for %(period)s yet."),
    }


class ProgrammeSideDenied(PermissionDenied):
    messages: ClassVar[Messages] = {
        "culture_side_only": _("Only the culture side of the programme may do this."),
        "education_side_only": _(
            "Only the education side of the programme chooses its schools and writes its part."
        ),
        "programmes_page": _(
            "This page is for the officers of the managing bodies and the reporting staff of libraries, who run the cooperation programmes. Ask the administrator if your work needs it."
        ),
        "party_editor_only": _(
            "Only the officers of the two parties (a department's officer, or a library's reporting staff) may change the programme."
        ),
    }


class ProgrammeInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "title_required": _("Give the programme a title."),
        "parties_required": _("Choose both parties of the programme from the lists."),
        "ends_before_start": _("The programme cannot end before it starts."),
        "too_long": _("A programme runs at most %(years)s years."),
        "not_culture_party": _(
            "%(name)s cannot be the culture side: choose the Department of Culture or a public library."
        ),
        "not_education_party": _(
            "%(name)s cannot be the education side: choose the Department of Education, a commune office or a school."
        ),
        "not_a_school": _("%(name)s is not a school library."),
        "not_this_school": _(
            "The education side is the school %(school)s: the programme serves that school only."
        ),
        "unknown_activity_kind": _("Choose the kind of activity from the list (%(codes)s)."),
        "unknown_measure": _("Choose the measure from the list (%(codes)s)."),
        "bad_target": _("A target is a whole number from 0 to %(limit)s."),
        "text_too_long": _("A text of the programme is longer than %(limit)s characters."),
        "unknown_review_kind": _("A review is mid-term or final."),
        "period_required": _("A mid-term review covers a period: give one, such as 2026-H1."),
        "period_outside": _(
            "%(period)s is outside the programme (%(start)s–%(end)s): choose a period it covers."
        ),
    }
