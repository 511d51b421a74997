"""Refusals of the catalogue."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound, PermissionDenied


class CatalogRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "restriction_unknown": _("Choose why the copy is restricted from the list."),
        "restriction_note_too_long": _(
            "The note on the restriction is at most %(limit)s characters."
        ),
        "duplicate_barcode": _(
            "Barcode %(barcode)s is already used by another copy in the network."
        ),
        "duplicate_accession_number": _(
            "Accession number %(number)s is already used in the register of %(library)s."
        ),
        "register_other_library": _("The register %(prefix)s belongs to another library."),
        "shelf_location_other_library": _(
            "The shelf location %(name)s belongs to another library."
        ),
        "invalid_choice": _("%(field)s: %(value)s is not one of %(allowed)s."),
        "no_register": _(
            "%(library)s has no accession register yet. Create one first (e.g. prefix VV)."
        ),
        "invalid_barcode": _(
            "A barcode is 1 to 64 letters, digits, dots or hyphens, without spaces: %(barcode)s"
        ),
        "invalid_status_change": _("A copy that is %(current)s cannot become %(target)s."),
        "same_status": _("The copy is already %(current)s."),
        "withdrawal_needs_decision": _(
            "Withdrawing a copy needs the number of the weeding decision (TT 02/2020 Art. 28)."
        ),
        "duplicate_prefix": _("%(library)s already has a register with prefix %(prefix)s."),
        "invalid_prefix": _("A register prefix is 1 to 12 capital letters or digits: %(prefix)s"),
        "invalid_register_digits": _("A register's numbers have from 1 to %(max)s digits."),
        "invalid_price": _(
            "The price must be a whole number of đồng from 0 to %(max)s, not %(value)s."
        ),
        "accession_number_too_large": _(
            "Accession number %(number)s is past the largest a register can hold (%(max)s)."
        ),
        "accession_number_jump": _(
            "Accession number %(number)s is %(ahead)s numbers past the next free number of register %(prefix)s, %(next)s. Check it: if it is right, confirm it and the register will continue from %(after)s."
        ),
        "accession_number_other_register": _(
            "Accession number %(number)s does not belong to register %(prefix)s: write it like %(example)s, or choose its own register."
        ),
        "no_copy_selected": _("Select at least one copy, then print the labels."),
        "too_many_labels": _(
            "At most %(max)s labels at once: select fewer copies, or print a range of the register."
        ),
        "range_too_large": _(
            "This range has %(count)s copies; one print holds at most %(max)s labels: print it in smaller ranges."
        ),
        "no_copy_in_range": _(
            "Register %(prefix)s has no copy numbered from %(first)s to %(last)s."
        ),
        "record_has_items": _(
            "This record still has %(count)s copies; withdraw or move them first."
        ),
        "no_title": _("A catalogue record needs a title (MARC 245 $a)."),
        "record_has_subscriptions": _(
            "This record is a newspaper or magazine with %(count)s subscriptions; it stays while they do."
        ),
        "merge_into_itself": _("A record cannot be merged into itself: choose another one."),
        "merge_serial": _(
            "This record is a newspaper or magazine title with its own issues and subscriptions: it cannot be merged away. Merge the other record into it instead."
        ),
        "record_still_referenced": _(
            "The record cannot be merged: %(what)s still refer to it. Nothing was changed."
        ),
        "batch_of_other_library": _("The intake batch belongs to another library."),
        "duplicate_decision_number": _(
            "This library has already recorded a decision numbered %(number)s."
        ),
        "withdraw_other_library": _(
            "Copy %(barcode)s belongs to another library: a decision withdraws only its own library's copies."
        ),
        "cannot_withdraw": _("Copy %(barcode)s is %(current)s and cannot be withdrawn now."),
    }


class CatalogForbidden(PermissionDenied):
    """The user sees the record or copy but may not change it: it is another library's."""

    status = 403
    messages: ClassVar[Messages] = {
        **PermissionDenied.messages,
        "record_of_another_library": _(
            "This record is shared by the whole network and was catalogued by %(library)s: only its cataloguers and those of the provincial library may change it. Add your copies to the record as it is, or ask them to correct it."
        ),
        "record_without_library": _(
            "This record is shared by the whole network: only the provincial library's cataloguers may change it. Add your copies to the record as it is, or ask them to correct it."
        ),
        "item_of_another_library": _(
            "This copy belongs to %(library)s: only its own cataloguers may change it."
        ),
        "catalog_role_required": _(
            "Only cataloguers and library administrators can do this; your role at your library does not include cataloguing."
        ),
        "authority_provincial_only": _(
            "Authority records are shared by the whole network: only the provincial library's cataloguers may create or change them. Ask them to add or correct the heading."
        ),
    }


class SerialRefused(LibnetError):
    """A refusal about serial titles, subscriptions, issues and claims: nothing was written."""

    status = 400
    messages: ClassVar[Messages] = {
        "invalid_issn": _(
            "%(value)s is not a valid ISSN: an ISSN is eight characters, like 0866-7020, and its last one is a check digit."
        ),
        "duplicate_issn": _("ISSN %(issn)s is already the serial title %(title)s."),
        "record_already_serial": _("This catalogue record is already the serial title %(title)s."),
        "period_order": _(
            "The subscription ends on %(ends_on)s, before it starts on %(starts_on)s."
        ),
        "period_too_long": _(
            "A subscription runs at most %(max)s days: record one subscription per year."
        ),
        "out_of_range": _("%(field)s must be a whole number from %(min)s to %(max)s."),
        "shelf_location_other_library": _(
            "The shelf location %(name)s belongs to another library."
        ),
        "issue_not_expected": _("Issue %(issue)s is already %(state)s."),
        "duplicate_issue": _("%(title)s already has an issue number %(number)s on %(day)s."),
        "unreadable_scan": _(
            "%(code)s is neither an ISSN nor the barcode of a newspaper or magazine (977…)."
        ),
        "not_subscribed": _("%(library)s has no subscription to a serial with ISSN %(issn)s."),
        "issue_not_found": _(
            "%(title)s has no expected issue %(issue)s. Check the number or the date (dd/mm/yyyy), or add the issue by hand."
        ),
        "nothing_to_receive": _("Every issue of %(title)s has been received."),
        "too_many_barcodes": _("%(count)s barcodes for %(copies)s copies: give one per copy."),
        "not_late": _("Issue %(issue)s is not late yet: it may be claimed from %(day)s."),
        "already_claimed": _("Issue %(issue)s is already claimed."),
        "claim_closed": _("This claim is already closed."),
        "nothing_selected": _("Select at least one issue."),
        "nothing_to_claim": _("Select at least one claim to send."),
        "issue_not_received": _(
            "Issue %(issue)s is %(state)s: only received issues are bound or discarded."
        ),
        "issues_of_several_titles": _(
            "The issues bound together must be of one title at one library."
        ),
        "issue_has_copies": _(
            "Issue %(issue)s was added as catalogue copies: withdraw those copies through the weeding list instead."
        ),
        "note_required": _("Say why the issues are discarded (a decision number or a reason)."),
    }


class RecordListRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "title_required": _("Give the list a title, in at most 300 characters."),
        "introduction_too_long": _("The introduction is at most 20,000 characters."),
        "note_too_long": _("A note is at most 5,000 characters."),
        "kind_unknown": _("%(kind)s is not a kind of list."),
        "not_in_list": _("This entry is not in the list."),
        "copy_of_other_library": _(
            "Copy %(barcode)s is held outside %(library)s and the libraries below it."
        ),
    }


class CataloguingRefused(LibnetError):
    """A refusal of the cataloguing form or the label sheets: nothing was written."""

    status = 400
    messages: ClassVar[Messages] = {
        "invalid_isbn": _(
            "%(isbn)s is not a valid ISBN: check the digits on the back cover (10 or 13 digits, the last one may be X)."
        ),
        "invalid_issn": _("%(issn)s is not a valid ISSN: 8 characters, e.g. 0866-7519."),
        "unknown_scheme": _("%(scheme)s is not a classification scheme of this library."),
        "invalid_class_number": _(
            "%(number)s is not a class number of %(scheme)s (e.g. %(example)s): check it in the table."
        ),
        "invalid_quantity": _("Give a number of copies from 1 to %(max)s."),
        "record_too_long": _(
            "The text is too long for a MARC record: one field holds at most %(max)s bytes, about 3,000 Vietnamese letters. Shorten the longest text (the summary, the notes)."
        ),
        "invalid_label_sheet": _(
            "The labels do not fit on the page: %(columns)s × %(rows)s labels of %(width)s × %(height)s mm with these margins and pitch need a larger page."
        ),
    }


class DuplicateRecord(LibnetError):
    """The network already has a record for this book: add the copy to it instead."""

    status = 409
    messages: ClassVar[Messages] = {
        "duplicate_record": _(
            "The network already has this book: “%(title)s” (record %(existing_id)s). Add your copy to that record instead, or save a new record if it is another edition."
        ),
    }

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "existing_id": self.params.get("existing_id")}


class AuthorityRefused(LibnetError):
    """A refusal about an authority record (heading, variants, import): nothing was written."""

    status = 400
    messages: ClassVar[Messages] = {
        "no_heading": _("An authority record needs a heading."),
        "heading_without_letters": _(
            "“%(heading)s” has no letter or digit: a heading is a name or a subject, e.g. Nguyễn Du."
        ),
        "heading_too_long": _("A heading is at most %(max)s characters long."),
        "duplicate_heading": _(
            "%(heading)s is already the heading of another authority record: open that record instead."
        ),
        "heading_is_variant": _(
            "%(heading)s is already a variant form of the authority %(other)s: open that record, or remove the variant there first."
        ),
        "not_an_authority": _(
            "Not an authority record this catalogue keeps: it has no personal name (100), corporate name (110, 111) or subject (150, 151, 155) heading (found: %(found)s)."
        ),
    }


class AuthorityNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "authority_not_found": _("No authority record with this identifier."),
    }
