"""Staff pages for readers, under /staff/readers/, by area: the list and issuing a card
(`readers`), one reader's page and what the issuing library does with the card
(`reader_page`), class lists, their import and the school-year rollover (`classes`).

Thin: parse → access → one service → render. Every reader is looked up through
patrons.access: a reader who never used one of the user's libraries is 404, like one that
does not exist.
"""

from libnet.patrons.views.classes import (
    class_cards,
    class_detail,
    classes,
    import_confirm,
    import_pupils,
    rollover,
)
from libnet.patrons.views.reader_page import (
    block,
    card_pdf,
    change_class,
    detail,
    erase,
    export,
    record_consent,
    renew,
    set_pin,
    unblock,
    withdraw_consent,
)
from libnet.patrons.views.readers import issue, issue_fields, patron_list

__all__ = [
    "block",
    "card_pdf",
    "change_class",
    "class_cards",
    "class_detail",
    "classes",
    "detail",
    "erase",
    "export",
    "import_confirm",
    "import_pupils",
    "issue",
    "issue_fields",
    "patron_list",
    "record_consent",
    "renew",
    "rollover",
    "set_pin",
    "unblock",
    "withdraw_consent",
]
