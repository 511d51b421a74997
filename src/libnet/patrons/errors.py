"""Refusals of the readers app: a stable code and a Vietnamese message each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound, PermissionDenied

if TYPE_CHECKING:
    from libnet.patrons.models import Patron


class PatronNotFound(NotFound):
    """No such reader, or one who never used a library of the caller (same answer for both)."""

    messages: ClassVar[Messages] = {
        **NotFound.messages,
        "patron_not_found": _("No reader with this card or identifier in your libraries."),
    }


class ReaderAccessDenied(PermissionDenied):
    """The reader is visible (they used one of the caller's libraries) but the card is another
    library's: changing, exporting and erasing are for the library that issued it."""

    messages: ClassVar[Messages] = {
        **PermissionDenied.messages,
        "issuing_library_only": _(
            "This reader's card was issued by %(library)s. Only that library (or one above it) "
            "may change, export or erase the reader's data; ask them."
        ),
    }


class CardRefused(LibnetError):
    """The card cannot be used now; circulation raises these at the desk too."""

    status = 409
    messages: ClassVar[Messages] = {
        "card_blocked": _("This card is blocked: %(reason)s. Unblock it before lending."),
        "card_expired": _("The card expired on %(expired_on)s. Renew it before borrowing."),
        "card_erased": _("This reader's data was erased on request; the card no longer exists."),
        "consent_missing": _(
            "This child's card cannot be used yet: the consents the age needs (the child's "
            "from 7, a parent's or guardian's under 16) are not recorded. Record them on the "
            "reader's page."
        ),
    }


class PatronRefused(LibnetError):
    """A reader or card change that breaks a rule; the message says what to do."""

    status = 400
    messages: ClassVar[Messages] = {
        "name_required": _("Type the reader's full name."),
        "birth_date_required": _(
            "A child's or pupil's card needs the date of birth: consent depends on age."
        ),
        "invalid_phone": _(
            "The phone number %(phone)s is not valid: a mobile has 10 digits starting with 0 "
            "(0912 345 678), a landline 11 starting with 02, or +84 instead of the 0; only "
            "digits, spaces and dots."
        ),
        "invalid_email": _("The email address %(email)s is not valid."),
        "invalid_gender": _("Gender must be female, male or other, not %(gender)s."),
        "unknown_category": _(
            "There is no reader category %(category)s. Known categories: %(known)s."
        ),
        "unknown_school": _("There is no school library with code %(school)s."),
        "school_needed": _("A %(category)s needs a school; choose the school library."),
        "invalid_class": _("A class is 1 to 20 letters or digits, e.g. 6A or 10A1, not %(value)s."),
        "invalid_card_number": _(
            "A card number is 3 to 32 capital letters, digits, dots or hyphens: %(card_number)s"
        ),
        "card_number_taken": _("Card number %(card_number)s is already used in the network."),
        "card_number_retired": _(
            "Card number %(card_number)s belonged to a reader whose data were erased; a card "
            "number is never given twice. Use another card."
        ),
        "card_number_exhausted": _(
            "No free card number is left for %(stem)s; give the card a number by hand."
        ),
        "invalid_pin": _("A PIN is 4 to 12 characters without spaces."),
        "block_reason_required": _("Say why the card is blocked; the reader will be told."),
        "already_blocked": _("The card is already blocked: %(reason)s"),
        "not_blocked": _("The card is not blocked."),
        "consent_giver_required": _("Type the name of the person giving consent."),
        "unknown_consent_purpose": _("Choose what the consent is for."),
        "consent_already_withdrawn": _("This consent was already withdrawn."),
        "open_loans": _(
            "The reader still has %(count)s items on loan. Take them back before erasing the data."
        ),
        "open_holds": _(
            "The reader still has %(count)s open holds. Cancel them before erasing the data."
        ),
        "not_a_school": _("%(library)s is not a school library."),
        "rollover_already_done": _(
            "The classes of %(library)s were already moved up on %(done_on)s this year."
        ),
        "invalid_final_grade": _("The final grade must be between 1 and 12."),
        "not_a_class_list": _(
            "This file is neither an Excel workbook (.xlsx) nor a CSV text file. Open the class "
            "list in Excel and save it as .xlsx or as “CSV UTF-8”."
        ),
        "letters_lost": _(
            "The names in this file have “?” where Vietnamese letters were: Excel lost them "
            "when it saved the list as CSV in the old Windows code page. Save it again as "
            ".xlsx or as “CSV UTF-8”, then upload that file."
        ),
        "old_excel_file": _(
            "This old Excel file (.xls) cannot be read: it is damaged, or it is not a "
            "spreadsheet. Open it in Excel and save it as .xlsx, then upload it again."
        ),
        "damaged_xlsx": _(
            "The Excel file cannot be opened: it is damaged or not really .xlsx. Open it in "
            "Excel and save it again as .xlsx or as “CSV UTF-8”."
        ),
        "consent_collector_required": _(
            "Say who collected the signed consent forms (for example the form teacher of 6A)."
        ),
        "no_name_column": _(
            "No column with the pupils' names was found. The header row needs a column "
            "“Họ và tên” (or “Full name”)."
        ),
        "file_too_large": _("The file is larger than %(limit)s MB; split the class lists."),
    }


class DuplicateReader(LibnetError):
    """The new reader looks like one already registered; staff confirm or use the old card."""

    status = 409
    messages: ClassVar[Messages] = {
        "possible_duplicate": _(
            "%(name)s may already have a card (%(card_numbers)s): same name and same date of "
            "birth or phone. Check, or confirm that this is another person."
        ),
    }

    def __init__(self, code: str, /, *, candidates: Sequence[Patron], **params: Any) -> None:
        super().__init__(code, **params)
        self.candidates = list(candidates)
