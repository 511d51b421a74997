"""Every write about readers: check → write → audit, in one transaction, keyword-only.

Audit entries name the card, never the person: an erased reader's name must not survive in
the audit log (Luật BVDLCN 2025), so `before`/`after` hold card numbers, dates and codes only.

By area: `cards` (numbers, issuing, renewing, category, blocking), `pin` (the OPAC's PIN and
sign-in), `consents`, `profile` (contacts, class, libraries used), `personal_data` (export
and erasure), `school_year` (the rollover); `checks` holds the checks they share.
"""

from libnet.patrons.services.cards import (
    block_patron,
    change_category,
    check_card_number,
    issue_card,
    renew_card,
    unblock_patron,
)
from libnet.patrons.services.checks import (
    BIRTH_DATE_LABEL,
    category_by_code,
    check_birth_date,
    clean_class,
    clean_phone,
)
from libnet.patrons.services.consents import ConsentGiven, record_consent, withdraw_consent
from libnet.patrons.services.personal_data import (
    ERASED_CARD_PREFIX,
    erase_patron,
    export_patron_data,
)
from libnet.patrons.services.pin import (
    MAX_PIN_LENGTH,
    MIN_PIN_LENGTH,
    authenticate_reader,
    set_pin,
)
from libnet.patrons.services.profile import change_class, note_library_use, update_contact
from libnet.patrons.services.school_year import ROLLOVER_ACTION, rollover_school_year

__all__ = [
    "BIRTH_DATE_LABEL",
    "ERASED_CARD_PREFIX",
    "MAX_PIN_LENGTH",
    "MIN_PIN_LENGTH",
    "ROLLOVER_ACTION",
    "ConsentGiven",
    "authenticate_reader",
    "block_patron",
    "category_by_code",
    "change_category",
    "change_class",
    "check_birth_date",
    "check_card_number",
    "clean_class",
    "clean_phone",
    "erase_patron",
    "export_patron_data",
    "issue_card",
    "note_library_use",
    "record_consent",
    "renew_card",
    "rollover_school_year",
    "set_pin",
    "unblock_patron",
    "update_contact",
    "withdraw_consent",
]
