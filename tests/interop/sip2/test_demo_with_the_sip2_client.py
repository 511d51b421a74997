"""A self-check machine at Bình's school, driven by the registry's `Sip2` client, against the
small demo: login, status, the reader, the copy, lend, renew, take back, end the session."""

from __future__ import annotations

import logging

import pytest
from Sip2.wrapper import Sip2Wrapper

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation.models import Hold, Loan, LoanStatus
from libnet.core.models import AuditEntry
from libnet.demo import readers
from libnet.interop.sip2 import services, transactions, wire
from libnet.network.models import Library
from tests.interop.sip2.conftest import PASSWORD, call

pytestmark = pytest.mark.django_db

SCHOOL = readers.BINH_SCHOOL


@pytest.fixture
def school_machine(small_demo):
    """The self-check machine of Tân Lập lower-secondary school's library."""
    school = Library.objects.get(code=SCHOOL)
    return services.add_sip_account(
        name="thcs-tanlap-1", library=school, password=PASSWORD, by=None
    )


@pytest.fixture
def free_book(small_demo) -> Item:
    """A book on the school's shelf that no reader is waiting for."""
    held = Hold.objects.filter(closed_at__isnull=True).values("bib_id")
    return (
        Item.objects.filter(
            home_library__code=SCHOOL, status=ItemStatus.AVAILABLE, item_type="book"
        )
        .exclude(bib_id__in=held)
        .select_related("bib")
        .order_by("barcode")
        .first()
    )


def test_binh_borrows_renews_and_returns_a_book_at_his_schools_machine(
    school_machine, free_book, client_factory, server_errors
):
    """The whole visit of a reader at a machine, each step through the circulation services,
    each answer in the layout the client reads, Vietnamese on the screen."""
    client = client_factory(SCHOOL)
    login = call(
        client, client.sip_login_request(school_machine.name, PASSWORD), client.sip_login_response
    )
    assert login["fixed"]["Ok"] == "1"
    status = call(client, client.sip_sc_status_request(), client.sip_sc_status_response)
    assert status["fixed"]["OnlineStatus"] == "Y"
    assert status["fixed"]["CheckoutOk"] == "Y"
    assert status["fixed"]["ProtocolVersion"] == "2.00"
    assert status["variable"]["BX"] == [transactions.SUPPORTED_MESSAGES]
    assert status["variable"]["AM"] == ["Thư viện Trường THCS Tân Lập"]

    client.patron, client.patronpwd = readers.BINH_CARD, readers.BINH_PIN
    patron = call(client, client.sip_patron_status_request(), client.sip_patron_status_response)
    assert patron["fixed"]["PatronStatus"] == " " * 14  # may borrow, renew, hold
    assert patron["variable"]["AE"] == ["Phạm Văn Bình"]
    assert patron["variable"]["BL"] == ["Y"]
    assert patron["variable"]["CQ"] == ["Y"]

    loans_before = Loan.objects.filter(
        patron__card_number=readers.BINH_CARD, library__code=SCHOOL, closed_at__isnull=True
    )
    info = call(
        client,
        client.sip_patron_information_request("charged", "1", "10"),
        client.sip_patron_information_response,
    )
    assert int(info["fixed"]["ChargedItemsCount"]) == loans_before.count()
    assert sorted(info["variable"].get("AU", [])) == sorted(
        loans_before.values_list("item__barcode", flat=True)
    )

    item = call(
        client,
        client.sip_item_information_request(free_book.barcode),
        client.sip_item_information_response,
    )
    assert item["fixed"]["CirculationStatus"] == "03"  # available
    assert item["variable"]["AJ"] == [free_book.bib.title]

    lent = call(
        client, client.sip_checkout_request(free_book.barcode), client.sip_checkout_response
    )
    assert lent["fixed"]["Ok"] == "1"
    loan = Loan.objects.get(item=free_book, closed_at__isnull=True)
    assert lent["variable"]["AH"] == [wire.due_date(loan.due_on)]
    assert lent["variable"]["AF"] == [
        f"Đã mượn: {free_book.bib.title}. Hạn trả: {loan.due_on:%d/%m/%Y}."
    ]
    assert loan.lent_by == school_machine.user

    renewed = call(client, client.sip_renew_request(free_book.barcode), client.sip_renew_response)
    assert (renewed["fixed"]["Ok"], renewed["fixed"]["RenewalOk"]) == ("1", "Y")
    loan.refresh_from_db()
    assert loan.renewals == 1
    assert renewed["variable"]["AH"] == [wire.due_date(loan.due_on)]

    returned = call(
        client, client.sip_checkin_request(free_book.barcode), client.sip_checkin_response
    )
    assert returned["fixed"]["Ok"] == "1"
    assert returned["fixed"]["Alert"] == "N"  # back on this library's shelf
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED
    free_book.refresh_from_db()
    assert free_book.status == ItemStatus.AVAILABLE

    ended = call(
        client, client.sip_end_patron_session_request(), client.sip_end_patron_session_response
    )
    assert ended["fixed"]["EndSession"] == "Y"

    # Audited with the machine as actor, at the school.
    actions = set(
        AuditEntry.objects.filter(
            actor=school_machine.user, library_id=school_machine.library_id
        ).values_list("action", flat=True)
    )
    assert {"loan.checkout", "loan.renew", "loan.checkin"} <= actions


def test_the_sip2_wrapper_signs_the_machine_and_binh_in(school_machine, sip2_server, tmp_path):
    """The client's own wrapper: device login with its status check, then a reader's login,
    which it judges by the valid-patron and valid-password flags."""
    logger = logging.getLogger("tests.sip2-wrapper")
    logger.addHandler(logging.NullHandler())
    wrapper = Sip2Wrapper(
        {
            "hostName": "127.0.0.1",
            "hostPort": sip2_server.port,
            "tlsEnable": False,
            "institutionId": SCHOOL,
            "logfile_path": str(tmp_path),
            "log": logger,
        }
    )
    try:
        assert wrapper.login_device(school_machine.name, PASSWORD) is True
        assert wrapper.login_patron(readers.BINH_CARD, readers.BINH_PIN) is True
        assert wrapper.login_patron(readers.BINH_CARD, "9999") is False  # wrong PIN
    finally:
        wrapper.disconnect()
