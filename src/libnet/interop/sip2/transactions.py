"""What each SIP2 message does in libnet: the one place the wire meets circulation and patrons.

A machine is a desk that nobody staffs. It finds readers and copies through the getters a
desk uses (circulation.access, patrons.access), lends, takes back and renews through the
circulation services (the same rules, the same refusals, audited with the machine's user as
actor), and answers every refusal in the shape its message's answer has (ok 0, a Vietnamese
sentence in AF). Nothing is written for a refusal: the services write nothing when they
refuse, and the reads here write nothing at all.

What a machine sees of a reader is what the desk of its library sees (Luật Thư viện Art. 8):
the name, the card's state, and the loans and holds of this library; never a birth date,
an address, a phone or an e-mail (BD, BE, BF stay out), nor what the reader borrowed
elsewhere. The reason a card was blocked stays with the librarian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item, ItemStatus, ItemType
from libnet.circulation import access as circulation_access
from libnet.circulation import selectors as circulation_selectors
from libnet.circulation import services as circulation_services
from libnet.circulation.errors import CheckinRefused, CheckoutRefused, RenewalRefused
from libnet.circulation.models import HoldStatus, Loan
from libnet.core import clock, text, throttle
from libnet.core.errors import NotFound
from libnet.interop.models import SipAccount
from libnet.interop.sip2 import wire
from libnet.interop.sip2.errors import MachineRefused, machine_message
from libnet.interop.sip2.wire import Request, Response, flag, timestamp
from libnet.network.models import Library
from libnet.patrons import access as patrons_access
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons import services as patrons_services
from libnet.patrons.errors import CardRefused
from libnet.patrons.models import Patron, PatronStatus

# SIP2 has no code for Vietnamese: 000 is "unknown", whatever the machine asked for.
LANGUAGE = "000"
PROTOCOL_VERSION = "2.00"
# Messages a machine may send (BX), in SIP2's order: patron status, checkout, checkin, block
# patron, SC/ACS status, resend, login, patron information, end patron session, fee paid,
# item information, item status update, patron enable, hold, renew, renew all.
SUPPORTED_MESSAGES = "YYYNYYYYYNYNNNYN"
# How long the machine waits for an answer (tenths of a second) and how often it may resend.
TIMEOUT_PERIOD = "100"
RETRIES_ALLOWED = "003"
# Items listed in one patron information answer (BP/BQ choose which): a machine reads the
# answer in one go, and some read at most 4 kB.
MAX_LISTED_ITEMS = 50
UNKNOWN_PATRON_STATUS = "YYYY" + " " * 10
# The PIN counter is the OPAC sign-in's (opac/readers.py): guesses at a machine and in the
# OPAC add up for one card.
READER_CARD_SCOPE = "reader-card"

CIRCULATION_STATUS = {
    ItemStatus.PROCESSING: "06",  # in process
    ItemStatus.AVAILABLE: "03",  # available
    ItemStatus.ON_LOAN: "04",  # charged
    ItemStatus.IN_TRANSIT: "10",  # in transit between library locations
    ItemStatus.LOST: "12",  # lost
    ItemStatus.MISSING: "13",  # missing
}
OTHER_STATUS = "01"
ON_HOLD_SHELF = "08"
SECURITY_MARKER = "00"  # other: libnet does not know the copy's tag
FEE_TYPE = "01"  # other/unknown: libnet charges no fee at a machine
MEDIA_TYPE = {
    ItemType.BOOK: "001",
    ItemType.TEXTBOOK: "001",
    ItemType.REFERENCE: "001",
    ItemType.PERIODICAL: "002",
}
OTHER_MEDIA = "000"

BORROWED = _("Borrowed: %(title)s. Due back on %(due_on)s.")
RENEWED = _("Renewed: %(title)s. Due back on %(due_on)s.")
RETURNED = _("Returned: %(title)s. Thank you.")
NOT_ON_LOAN_STAYS = _("This copy was not on loan; it stays in the library.")
GOES_ELSEWHERE = _("Please give this copy to the librarian: it goes to %(library)s.")
RESERVED = _("Please give this copy to the librarian: a reader has reserved it.")
LATE_FINE = _("It came back late: a fine of %(fine)s VND. Please pay it at the desk.")


@dataclass(frozen=True)
class Machine:
    """The signed-in machine: its account, the user it acts as, and its library."""

    account: SipAccount

    @property
    def user(self) -> AbstractBaseUser:
        return self.account.user

    @property
    def library(self) -> Library:
        return self.account.library

    @property
    def plain_text(self) -> bool:
        return self.account.plain_text


Handler = Callable[[Machine, Request, dt.datetime], Response]


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _text(message: object, **params: object) -> str:
    value = str(message)
    return value % params if params else value


# --- refusals in the shape of each answer ---------------------------------------------------


def declined(
    request: Request,
    message: str,
    at: dt.datetime,
    *,
    institution: str = "",
    item: Item | None = None,
) -> Response:
    """The answer to `request` that says no, with `message` on the machine's screen.

    Every answer's required fields are there (blank when unknown, the request's own values
    echoed), so a machine reads a refusal as it reads any answer of that kind. `item`, when
    the copy is known, gives its barcode, title and home library.
    """
    now = timestamp(at)
    institution = institution or request.text("AO")
    barcode = item.barcode if item is not None else request.text("AB")
    title = item.bib.title if item is not None else request.text("AJ")
    command = request.command
    if command in ("23", "01", "25"):  # patron status (also for block patron), patron enable
        answer = "26" if command == "25" else "24"
        response = Response(answer, UNKNOWN_PATRON_STATUS + LANGUAGE + now)
        response.add("AO", institution).add("AA", request.text("AA")).add("AE", "")
        response.add("BL", "N").add("CQ", "N")
    elif command == "63":
        response = Response("64", UNKNOWN_PATRON_STATUS + LANGUAGE + now + "0000" * 6)
        response.add("AO", institution).add("AA", request.text("AA")).add("AE", "")
        response.add("BL", "N").add("CQ", "N")
    elif command in ("11", "29"):  # checkout, renew: not ok, no renewal, unknown media
        response = Response("12" if command == "11" else "30", "0NUN" + now)
        response.add("AO", institution).add("AA", request.text("AA"))
        response.add("AB", barcode).add("AJ", title).add("AH", "")
    elif command == "09":  # checkin: not ok, no resensitizing; staff look at the copy
        response = Response("10", "0NUY" + now).add("AO", institution).add("AB", barcode)
        response.add("AQ", item.home_library.code if item is not None else "")
        response.add("AJ", title or None)
    elif command == "17":
        response = Response("18", OTHER_STATUS + "01" + FEE_TYPE + now)
        response.add("AB", barcode).add("AJ", "")
    elif command == "35":
        response = Response("36", "N" + now).add("AO", institution).add("AA", request.text("AA"))
    elif command == "15":
        response = Response("16", "0N" + now).add("AO", institution).add("AA", request.text("AA"))
    elif command == "19":
        response = Response("20", "0" + now).add("AB", barcode)
    elif command == "37":
        response = Response("38", "N" + now).add("AO", institution).add("AA", request.text("AA"))
    elif command == "65":
        response = Response("66", "0" + "0000" + "0000" + now).add("AO", institution)
    else:  # login: 94 carries no message
        return Response("94", "0")
    return response.add("AF", message)


def institution_refusal(machine: Machine, request: Request) -> str | None:
    """Why the machine may not act for the institution (AO) it names, or None.

    AO is the library's code. A blank AO means the machine's own library (some machines
    leave it empty); another library's code is refused: a machine lends for its library only.
    """
    institution = text.identifier(request.text("AO"))
    if not institution or institution == machine.library.code:
        return None
    return MachineRefused(
        "other_institution",
        library=machine.library.name,
        code=machine.library.code,
        institution=request.text("AO").strip(),
    ).message


# --- SC status (99 → 98) ---------------------------------------------------------------------


def acs_status(machine: Machine | None, request: Request, at: dt.datetime) -> Response:
    """What libnet offers this machine: on line, lending, returns and renewals, no offline
    work (a machine's offline loans would skip the rules), and the messages of BX.

    Before a login, libnet is off line for the machine and says why.
    """
    now = timestamp(at)
    if machine is None:
        response = Response("98", "NNNNNN" + "000" + "000" + now + PROTOCOL_VERSION)
        response.add("AO", request.text("AO")).add("BX", "NNNNYYYNNNNNNNNN")
        return response.add("AF", MachineRefused("not_logged_in").message)
    response = Response("98", "YYYYNN" + TIMEOUT_PERIOD + RETRIES_ALLOWED + now + PROTOCOL_VERSION)
    response.add("AO", machine.library.code).add("AM", machine.library.name)
    response.add("BX", SUPPORTED_MESSAGES).add("AN", machine.account.name)
    return response


# --- readers ---------------------------------------------------------------------------------


@dataclass
class _Reader:
    """A card scanned at the machine, as the machine sees it."""

    patron: Patron | None
    card_number: str
    problems: list[str]  # why the card cannot borrow here now, for the screen
    card_usable: bool  # the card may renew this library's loans
    pin_given: bool
    pin_ok: bool

    @property
    def can_borrow(self) -> bool:
        return self.patron is not None and not self.problems

    @property
    def status(self) -> str:
        """SIP2's 14 patron flags: charge, renewal, recall and hold privileges denied, then
        card lost and the "too many" counts (libnet's rules count at the loan itself)."""
        if self.patron is None:
            return UNKNOWN_PATRON_STATUS
        # libnet has no recalls: nobody is denied one.
        denied = [not self.can_borrow, not self.card_usable, False, not self.can_borrow]
        return "".join("Y" if value else " " for value in denied) + " " * 10


def _pin_problem(patron: Patron, pin: str, at: dt.datetime) -> str | None:
    """Why the PIN typed at the machine is not accepted, or None when it is right."""
    rule = throttle.limit("LIBNET_READER_SIGN_IN_LIMIT", failures=5, minutes=15)
    until = throttle.locked_until(READER_CARD_SCOPE, patron.card_number, rule, at=at)
    if until is not None:
        minutes = max(1, int((until - at) / dt.timedelta(minutes=1) + 0.999))
        return MachineRefused("pin_locked", minutes=minutes).message
    try:
        right = (
            patrons_services.authenticate_reader(card_number=patron.card_number, pin=pin, at=at)
            is not None
        )
    except CardRefused:  # the right PIN of a child whose card waits for consent
        right = True
    if right:
        throttle.clear(READER_CARD_SCOPE, patron.card_number)
        return None
    throttle.record_failure(READER_CARD_SCOPE, patron.card_number, rule, at=at)
    return MachineRefused("wrong_pin").message


def _card_problem(patron: Patron, library: Library, today: dt.date) -> str | None:
    refusal = patrons_selectors.card_refusal(patron=patron, on=today)
    if refusal is None:
        return None
    params = {"expired_on": _day(patron.card_valid_until), **dict(refusal.params)}
    return machine_message(CheckoutRefused(refusal.code, **params))


def _find_reader(machine: Machine, request: Request, at: dt.datetime) -> _Reader:
    """The reader whose card the machine scanned (AA), with the PIN (AD) checked if typed."""
    card = request.text("AA")
    pin = request.text("AD")
    if not text.identifier(card):
        return _Reader(None, card, [MachineRefused("card_required").message], False, False, False)
    try:
        patron = patrons_access.get_patron_by_card_at_desk(machine.user, card, desk=machine.library)
    except NotFound:
        refusal = MachineRefused("unknown_card", card_number=text.identifier(card))
        return _Reader(None, card, [refusal.message], False, bool(pin), False)
    today = clock.local_date(at)
    problems: list[str] = []
    card_problem = _card_problem(patron, machine.library, today)
    if card_problem:
        problems.append(card_problem)
    elif not patrons_selectors.card_honoured_at(patron=patron, library=machine.library, on=today):
        problems.append(
            CheckoutRefused(
                "card_not_valid_here",
                home_library=patron.home_library.name,
                library=machine.library.name,
            ).message
        )
    pin_ok = False
    # A blocked or erased card is refused whatever the PIN: it is neither checked nor counted.
    if pin and patron.status == PatronStatus.ACTIVE:
        pin_problem = _pin_problem(patron, pin, at)
        pin_ok = pin_problem is None
        if pin_problem:
            problems.append(pin_problem)
    return _Reader(
        patron=patron,
        card_number=patron.card_number,
        problems=problems,
        card_usable=card_problem is None,
        pin_given=bool(pin),
        pin_ok=pin_ok,
    )


def _reader_name(reader: _Reader) -> str:
    return reader.patron.full_name if reader.patron is not None else ""


def patron_status(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """23 → 24: whether the card may borrow here, and whether the PIN typed is right."""
    reader = _find_reader(machine, request, at)
    response = Response("24", reader.status + LANGUAGE + timestamp(at))
    response.add("AO", machine.library.code).add("AA", reader.card_number)
    response.add("AE", _reader_name(reader)).add("BL", flag(reader.patron is not None))
    response.add("CQ", flag(reader.pin_ok))
    for problem in reader.problems:
        response.add("AF", problem)
    return response


def _item_range(request: Request) -> tuple[int, int]:
    """The items asked for (BP, BQ: first and last, from 1), at most MAX_LISTED_ITEMS."""

    def number(field_id: str, default: int) -> int:
        value = request.text(field_id).strip()
        return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else default

    start = number("BP", 1)
    end = number("BQ", start + MAX_LISTED_ITEMS - 1)
    return start, max(start, min(end, start + MAX_LISTED_ITEMS - 1))


def patron_information(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """63 → 64: the reader's counts at this library and the list the summary asks for.

    The summary's first Y picks the list: holds ready to collect (AS), overdue loans (AT),
    loans (AU), fines (AV: none), recalls (BU: none), holds waiting for a copy (CD). Copies
    are listed by barcode, waiting holds by title. A wrong PIN gets the counts, no list.
    """
    reader = _find_reader(machine, request, at)
    now = timestamp(at)
    if reader.patron is None:
        return declined(request, " ".join(reader.problems), at, institution=machine.library.code)
    today = clock.local_date(at)
    library_id = machine.library.pk
    loans = [
        loan
        for loan in circulation_selectors.open_loans(patron=reader.patron)
        if loan.library_id == library_id
    ]
    overdue = [loan for loan in loans if loan.due_on < today]
    holds = [
        hold
        for hold in circulation_selectors.open_holds(patron=reader.patron)
        if hold.pickup_library_id == library_id
    ]
    ready = [hold for hold in holds if hold.status == HoldStatus.READY]
    waiting = [hold for hold in holds if hold.status != HoldStatus.READY]
    counts = [len(ready), len(overdue), len(loans), 0, 0, len(waiting)]
    response = Response(
        "64",
        reader.status + LANGUAGE + now + "".join(f"{min(count, 9999):04d}" for count in counts),
    )
    response.add("AO", machine.library.code).add("AA", reader.card_number)
    response.add("AE", _reader_name(reader)).add("BL", "Y").add("CQ", flag(reader.pin_ok))
    summary = request.fixed.get("summary", "")
    wanted = summary.find("Y")
    if not (reader.pin_given and not reader.pin_ok) and 0 <= wanted <= 5:
        lists: list[tuple[str, list[str]]] = [
            ("AS", [hold.item.barcode if hold.item else hold.bib.title for hold in ready]),
            ("AT", [loan.item.barcode for loan in overdue]),
            ("AU", [loan.item.barcode for loan in loans]),
            ("AV", []),
            ("BU", []),
            ("CD", [hold.bib.title for hold in waiting]),
        ]
        field_id, values = lists[wanted]
        start, end = _item_range(request)
        for value in values[start - 1 : end]:
            response.add(field_id, value)
    for problem in reader.problems:
        response.add("AF", problem)
    return response


def end_patron_session(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """35 → 36: the reader is done. libnet keeps nothing per reader between messages."""
    response = Response("36", "Y" + timestamp(at))
    return response.add("AO", machine.library.code).add("AA", request.text("AA"))


# --- copies ----------------------------------------------------------------------------------


def _find_copy(machine: Machine, request: Request) -> Item | str:
    """The copy whose barcode the machine scanned (AB), or the sentence why there is none."""
    barcode = text.identifier(request.text("AB"))
    if not barcode:
        return MachineRefused("item_required").message
    try:
        return circulation_access.get_item_at_desk(machine.user, barcode, desk=machine.library)
    except NotFound:
        return MachineRefused("unknown_item", barcode=barcode).message


def item_information(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """17 → 18: the copy's state (SIP2's circulation status), its title, due date and where
    it belongs; never who has it."""
    item = _find_copy(machine, request)
    if isinstance(item, str):
        return declined(request, item, at)
    hold = circulation_selectors.hold_for_item(item=item)
    on_hold_shelf = hold is not None and hold.status == HoldStatus.READY
    status = CIRCULATION_STATUS.get(ItemStatus(item.status), OTHER_STATUS)
    if item.status == ItemStatus.ON_ROTATION and item.current_library_id == machine.library.pk:
        status = CIRCULATION_STATUS[ItemStatus.AVAILABLE]  # lent here like a copy of its own
    if on_hold_shelf:
        status = ON_HOLD_SHELF
    response = Response("18", status + SECURITY_MARKER + FEE_TYPE + timestamp(at))
    loan = (
        circulation_selectors.open_loan_for_item(item=item)
        if item.status == ItemStatus.ON_LOAN
        else None
    )
    if loan is not None:
        response.add("AH", wire.due_date(loan.due_on))
    if on_hold_shelf and hold is not None and hold.pickup_until is not None:
        response.add("CM", wire.due_date(hold.pickup_until))
    response.add("AB", item.barcode).add("AJ", item.bib.title)
    response.add("BG", item.home_library.code)
    response.add("CK", MEDIA_TYPE.get(ItemType(item.item_type), OTHER_MEDIA))
    response.add("AQ", item.home_library.code).add("AP", item.current_library.code)
    if item.status != ItemStatus.AVAILABLE:
        response.add("AF", str(ItemStatus(item.status).label))
    return response


def _lent(
    machine: Machine, request: Request, loan: Loan, at: dt.datetime, *, renewed: bool
) -> Response:
    """12 or 30, ok: the copy goes home with the reader until its due date."""
    item = loan.item
    title = item.bib.title
    # Checkout: the security tag may be switched off; a renewal leaves it as it is.
    fixed = "1" + flag(renewed) + "U" + ("N" if request.command == "29" else "Y")
    response = Response("30" if request.command == "29" else "12", fixed + timestamp(at))
    response.add("AO", machine.library.code)
    response.add("AA", loan.patron.card_number if loan.patron is not None else request.text("AA"))
    response.add("AB", item.barcode).add("AJ", title).add("AH", wire.due_date(loan.due_on))
    response.add("CK", MEDIA_TYPE.get(ItemType(item.item_type), OTHER_MEDIA))
    message = RENEWED if renewed else BORROWED
    return response.add("AF", _text(message, title=title, due_on=_day(loan.due_on)))


def _refused(
    machine: Machine, request: Request, at: dt.datetime, message: str, item: Item | None = None
) -> Response:
    return declined(request, message, at, institution=machine.library.code, item=item)


def checkout(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """11 → 12: lend the scanned copy to the reader, as the desk of the machine's library.

    A copy already lent here to the same reader is renewed instead when the machine's
    renewal policy allows it (the fixed field says Y), as SIP2 intends.
    """
    if request.get("BI") == "Y":
        return _refused(machine, request, at, MachineRefused("cancel_not_supported").message)
    if not text.identifier(request.text("AA")):
        return _refused(machine, request, at, MachineRefused("card_required").message)
    try:
        patron = circulation_access.get_reader_for_lending(
            machine.user,
            request.text("AA"),
            desk=machine.library,
        )
    except NotFound:
        refusal = MachineRefused("unknown_card", card_number=text.identifier(request.text("AA")))
        return _refused(machine, request, at, refusal.message)
    except CheckoutRefused as error:
        return _refused(machine, request, at, machine_message(error))
    pin = request.text("AD")
    if pin and patron.status == PatronStatus.ACTIVE and (problem := _pin_problem(patron, pin, at)):
        return _refused(machine, request, at, problem)
    item = _find_copy(machine, request)
    if isinstance(item, str):
        return _refused(machine, request, at, item)
    if request.fixed.get("sc_renewal_policy") == "Y":
        current = circulation_selectors.open_loan_for_item(item=item)
        if current is not None and current.patron_id == patron.pk:
            return _renew(machine, request, at, current, item)
    try:
        loan = circulation_services.checkout_item(
            item=item,
            patron=patron,
            desk=machine.library,
            by=machine.user,
            at=at,
        )
    except (CheckoutRefused, CatalogRefused) as error:
        return _refused(machine, request, at, machine_message(error), item)
    return _lent(machine, request, loan, at, renewed=False)


def checkin(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """09 → 10: take the copy back at the machine's library, wherever it was lent.

    The alert flag is Y when the copy must not go back on the shelf here: it travels to
    another library, or a reader's hold waits for it; the screen says to give it to the
    librarian. A refused return keeps the alert on too: staff look at the copy.
    """
    if request.get("BI") == "Y":
        return _refused(machine, request, at, MachineRefused("cancel_not_supported").message)
    item = _find_copy(machine, request)
    if isinstance(item, str):
        return _refused(machine, request, at, item)
    try:
        result = circulation_services.checkin_item(
            item=item,
            desk=machine.library,
            by=machine.user,
            at=at,
        )
    except (CheckinRefused, CatalogRefused) as error:
        return _refused(machine, request, at, machine_message(error), item)
    title = item.bib.title
    messages: list[str] = []
    if result.loan is None and result.transfer_to is None and result.hold is None:
        messages.append(str(NOT_ON_LOAN_STAYS))
    else:
        messages.append(_text(RETURNED, title=title))
    if result.fine_vnd:
        messages.append(_text(LATE_FINE, fine=f"{result.fine_vnd:,}".replace(",", ".")))
    alert = result.transfer_to is not None or result.hold is not None
    if result.hold is not None:
        messages.append(str(RESERVED))
    elif result.transfer_to is not None:
        messages.append(_text(GOES_ELSEWHERE, library=result.transfer_to.name))
    response = Response("10", "1" + "Y" + "U" + flag(alert) + timestamp(at))
    response.add("AO", machine.library.code).add("AB", item.barcode)
    response.add("AQ", item.home_library.code).add("AJ", title)
    response.add("CK", MEDIA_TYPE.get(ItemType(item.item_type), OTHER_MEDIA))
    for message in messages:
        response.add("AF", message)
    return response


def _renew(machine: Machine, request: Request, at: dt.datetime, loan: Loan, item: Item) -> Response:
    try:
        loan = circulation_access.get_loan_for_staff(machine.user, loan.pk)
    except NotFound:
        refusal = MachineRefused("lent_elsewhere", barcode=item.barcode)
        return _refused(machine, request, at, refusal.message, item)
    try:
        loan = circulation_services.renew_loan(loan=loan, by=machine.user, at=at)
    except RenewalRefused as error:
        return _refused(machine, request, at, machine_message(error), item)
    return _lent(machine, request, loan, at, renewed=True)


def renew(machine: Machine, request: Request, at: dt.datetime) -> Response:
    """29 → 30: renew the reader's loan of the scanned copy, if this library lent it.

    The copy is named by its barcode (AB); a renewal by title alone is not offered.
    """
    reader = _find_reader(machine, request, at)
    if reader.patron is None:
        return _refused(machine, request, at, " ".join(reader.problems))
    if reader.pin_given and not reader.pin_ok:
        return _refused(machine, request, at, reader.problems[-1])
    item = _find_copy(machine, request)
    if isinstance(item, str):
        return _refused(machine, request, at, item)
    loan = circulation_selectors.open_loan_for_item(item=item)
    if loan is None:
        refusal = MachineRefused("not_on_loan", barcode=item.barcode)
        return _refused(machine, request, at, refusal.message, item)
    if loan.patron_id != reader.patron.pk:
        refusal = MachineRefused("not_your_loan", barcode=item.barcode)
        return _refused(machine, request, at, refusal.message, item)
    return _renew(machine, request, at, loan, item)


HANDLERS: dict[str, Handler] = {
    "23": patron_status,
    "63": patron_information,
    "35": end_patron_session,
    "17": item_information,
    "11": checkout,
    "09": checkin,
    "29": renew,
}
