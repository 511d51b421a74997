"""Refusals of rotation and transfers: a stable code and a sentence citing the rule.

Clients match on the code; the message is English here and Vietnamese in locale/vi.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class RotationNotFound(NotFound):
    """A batch, transfer or ILL request that does not exist, or belongs to other libraries."""

    messages: ClassVar[Messages] = {
        **NotFound.messages,
        "batch_not_found": _("No rotation batch with this number in your libraries."),
        "transfer_not_found": _("No transfer with this number in your libraries."),
        "ill_request_not_found": _(
            "No inter-library loan request with this number in your libraries."
        ),
        "point_not_found": _("No deposit point with this code whose figures you may enter."),
    }


class BatchRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "same_library": _("A rotation batch goes to another library or rotation point."),
        "period_invalid": _("The planned end must come after the planned start."),
        "period_too_long": _(
            "A batch may stay at this point for at most %(months)s months, so until %(latest)s (TT 05/2022, Art. 6.2)."
        ),
        "batch_not_editable": _(
            "Copies can be added to or removed from a batch only while it is a draft."
        ),
        "not_owned_by_sender": _(
            "Copy %(barcode)s does not belong to %(library)s, the sending library."
        ),
        "in_mobile_stock": _(
            "Copy %(barcode)s is in the mobile-library stock and cannot rotate at the same time (TT 05/2022, Art. 6.2.b)."
        ),
        "already_claimed": _(
            "Copy %(barcode)s is already in another open batch, transfer or mobile trip (%(holder)s)."
        ),
        "not_on_shelf": _(
            "Copy %(barcode)s is not on the shelf of the sending library: it is %(status)s."
        ),
        "restricted": _(
            "Copy %(barcode)s is restricted material and may not rotate (Library Law Art. 7; TT 05/2022, Art. 6.2.b)."
        ),
        "read_in_place": _(
            "Copy %(barcode)s is for reading in the library only (closed stacks, reference shelf or reference book): %(point)s could not lend it, so it may not rotate (TT 18/2014, Art. 7; TT 05/2022, Art. 6.2.b)."
        ),
        "too_few_copies": _(
            "The library holds only %(count)s copies of “%(title)s”; a title may rotate only with at least %(minimum)s copies (TT 05/2022, Art. 6.2.b)."
        ),
        "invalid_transition": _("A batch that is %(state)s cannot be %(action)s."),
        "batch_empty": _("The batch has no copies; add copies before packing it."),
        "box_empty": _(
            "No copy is packed in box %(boxes)s of %(count)s: put copies in every box, or lower the number of boxes."
        ),
        "losses_not_confirmed": _(
            "%(count)s copies were not scanned back and would be recorded as lost (and go on the weeding list): confirm to close the batch."
        ),
        "missing_not_confirmed": _(
            "%(count)s copies were neither scanned nor ticked and would be recorded as missing on arrival: confirm to record the receipt."
        ),
        "not_in_batch": _("Copy %(barcode)s is not in this batch."),
        "items_on_loan": _(
            "%(count)s copies of this batch are still on loan at the point; check them in first."
        ),
        "box_invalid": _("The box number must be between 1 and %(boxes)s."),
        "boxes_out_of_range": _("A batch travels in 1 to %(maximum)s boxes."),
        "no_such_barcode": _("No copy with barcode %(barcode)s."),
        "plan_fixed": _(
            "The plan of a batch can be changed only before it is shipped; this batch is %(state)s."
        ),
    }


class UsageRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "point_runs_libnet": _(
            "%(library)s runs libnet: its loans are counted at its desk, not typed in."
        ),
        "month_in_future": _("Usage can be entered only for this month or earlier months."),
    }


class TransferRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "same_library": _("A transfer goes to another library."),
        "invalid_transition": _("A transfer that is %(state)s cannot be %(action)s."),
        "not_on_shelf": _("Copy %(barcode)s is not on the shelf of %(library)s: it is %(status)s."),
        "already_claimed": _(
            "Copy %(barcode)s is already in another open batch, transfer or mobile trip (%(holder)s)."
        ),
        "ill_at_home_library": _(
            "An inter-library loan is requested at the library that issued the reader's card (Decree 93/2020, Art. 27)."
        ),
        "ill_same_library": _("The lending library must be another library."),
        "ill_no_copy": _("%(library)s has no copy of this title on its shelf to lend."),
        "ill_wrong_copy": _(
            "Copy %(barcode)s is not a copy of the requested title at %(library)s."
        ),
        "ill_read_in_place": _(
            "Copy %(barcode)s is for reading in the library only (closed stacks, reference shelf or reference book, or restricted): the reader could not take it home. Choose another copy."
        ),
        "ill_invalid_state": _("This request is %(state)s; it cannot be %(action)s."),
        "ill_due_before_today": _("The due date set by the lender must be after today."),
    }
