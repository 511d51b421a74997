"""Every answer of `libnet sip2` decodes with pysip2's strict models: the layouts are SIP2's.

pysip2 checks each fixed field's width and shape, each required field, and the checksum over
the bytes; a layout that drifts from the spec fails to decode here. The commune's machine
serves Hoàng Văn Tú at Tân Lập.
"""

from __future__ import annotations

import datetime as dt

import pysip2
import pytest
from django.utils import translation

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Loan, LoanStatus
from libnet.core import clock
from libnet.interop.sip2 import transactions, wire
from tests.factories import HoldFactory, LoanFactory
from tests.interop.sip2.conftest import PASSWORD, now18

pytestmark = pytest.mark.django_db

AO = "SL-TANLAP"


def login(client, name="tanlap-1", password=PASSWORD) -> pysip2.LoginResponse:
    return client.call(
        pysip2.LoginRequest(
            uid_algorithm="0", pwd_algorithm="0", login_user_id=name, login_password=password
        )
    )


def checkout(barcode: str, card: str, **fields) -> pysip2.CheckoutRequest:
    return pysip2.CheckoutRequest(
        sc_renewal_policy=fields.pop("sc_renewal_policy", "N"),
        no_block="N",
        transaction_date=now18(),
        nb_due_date=now18(),  # pysip2 refuses a blank one; libnet ignores it
        institution_id=fields.pop("institution_id", AO),
        patron_identifier=card,
        item_identifier=barcode,
        terminal_password="",
        **fields,
    )


def checkin(barcode: str) -> pysip2.CheckinRequest:
    return pysip2.CheckinRequest(
        no_block="N",
        transaction_date=now18(),
        return_date=now18(),
        current_location="Quầy tự mượn",
        institution_id=AO,
        item_identifier=barcode,
        terminal_password="",
    )


def renew(barcode: str, card: str) -> pysip2.RenewRequest:
    return pysip2.RenewRequest(
        third_party_allowed="N",
        no_block="N",
        transaction_date=now18(),
        nb_due_date=now18(),
        institution_id=AO,
        patron_identifier=card,
        item_identifier=barcode,
    )


def patron_information(card: str, summary: str = " " * 10, pin: str | None = None):
    return pysip2.PatronInformationRequest(
        language="001",
        transaction_date=now18(),
        summary=summary,
        institution_id=AO,
        patron_identifier=card,
        patron_password=pin,
    )


def test_before_login_the_machine_is_told_it_is_off_line(codec_client, commune_machine):
    status = codec_client.call(
        pysip2.SCStatusRequest(status_code="0", max_print_width="080", protocol_version="2.00")
    )
    assert isinstance(status, pysip2.ACSStatusResponse)
    assert (status.online_status, status.checkout_ok) == ("N", "N")
    assert status.screen_message == (
        "Máy chưa đăng nhập vào libnet. Xin nhờ thủ thư kiểm tra tài khoản SIP2 của máy.",
    )
    refused = codec_client.call(checkout("TL0000101", "TANLAP2026000007"))
    assert isinstance(refused, pysip2.CheckoutResponse)
    assert refused.ok == "0"


def test_the_status_of_a_signed_in_machine_names_its_library(codec_client, commune_machine):
    assert login(codec_client).ok == "1"
    status = codec_client.call(
        pysip2.SCStatusRequest(status_code="0", max_print_width="040", protocol_version="2.00")
    )
    assert status.online_status == "Y"
    assert (status.checkin_ok, status.checkout_ok, status.acs_renewal_policy) == ("Y", "Y", "Y")
    assert status.offline_ok == "N"  # offline loans would skip the rules
    assert status.institution_id == AO
    assert status.library_name == "Thư viện xã Tân Lập"
    assert status.supported_messages == transactions.SUPPORTED_MESSAGES
    assert status.terminal_location == "tanlap-1"


def test_lending_renewing_and_taking_back_answer_in_sip2s_layouts(
    codec_client, commune_machine, tu, book, server_errors
):
    login(codec_client)
    info = codec_client.call(
        pysip2.ItemInformationRequest(
            transaction_date=now18(), institution_id=AO, item_identifier=book.barcode
        )
    )
    assert isinstance(info, pysip2.ItemInformationResponse)
    assert (info.circulation_status, info.title_identifier) == ("03", "Đất rừng phương Nam")
    assert (info.permanent_location, info.current_location, info.media_type) == (AO, AO, "001")

    lent = codec_client.call(checkout(book.barcode, "tanlap2026000007", patron_password="2468"))
    assert isinstance(lent, pysip2.CheckoutResponse)
    assert (lent.ok, lent.renewal_ok, lent.desensitize) == ("1", "N", "Y")
    loan = Loan.objects.get(item=book, closed_at__isnull=True)
    assert lent.patron_identifier == "TANLAP2026000007"  # the card's one form
    assert lent.due_date == wire.due_date(loan.due_on)

    on_loan = codec_client.call(
        pysip2.ItemInformationRequest(
            transaction_date=now18(), institution_id=AO, item_identifier=book.barcode
        )
    )
    assert (on_loan.circulation_status, on_loan.due_date) == ("04", wire.due_date(loan.due_on))

    renewed = codec_client.call(renew(book.barcode, tu.card_number))
    assert isinstance(renewed, pysip2.RenewResponse)
    assert (renewed.ok, renewed.renewal_ok) == ("1", "Y")
    loan.refresh_from_db()
    assert renewed.due_date == wire.due_date(loan.due_on)

    returned = codec_client.call(checkin(book.barcode))
    assert isinstance(returned, pysip2.CheckinResponse)
    assert (returned.ok, returned.resensitize, returned.alert) == ("1", "Y", "N")
    assert returned.permanent_location == AO
    assert returned.screen_message == ("Đã trả: Đất rừng phương Nam. Xin cảm ơn.",)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED

    ended = codec_client.call(
        pysip2.EndPatronSessionRequest(
            transaction_date=now18(), institution_id=AO, patron_identifier=tu.card_number
        )
    )
    assert isinstance(ended, pysip2.EndSessionResponse)
    assert ended.end_session == "Y"


def test_a_copy_scanned_again_by_its_reader_is_renewed_when_the_machine_renews_so(
    codec_client, commune_machine, tu, book
):
    login(codec_client)
    codec_client.call(checkout(book.barcode, tu.card_number))
    again = codec_client.call(checkout(book.barcode, tu.card_number, sc_renewal_policy="Y"))
    assert (again.ok, again.renewal_ok) == ("1", "Y")
    assert Loan.objects.get(item=book, closed_at__isnull=True).renewals == 1
    refused = codec_client.call(checkout(book.barcode, tu.card_number))  # renewal policy N
    assert (refused.ok, refused.screen_message) == (
        "0",
        ("Bản sách TL0000101 đang được cho mượn. Xin đưa bản sách cho thủ thư.",),
    )


def test_patron_information_counts_this_librarys_loans_and_lists_what_is_asked(
    codec_client, commune_machine, tu, book, province
):
    """Loans elsewhere are neither counted nor listed (Luật Thư viện Art. 8)."""
    today = clock.today()
    LoanFactory(item=book, patron=tu, due_on=today - dt.timedelta(days=3))  # overdue
    on_time = LoanFactory(
        item__home_library=province["commune"], patron=tu, due_on=today + dt.timedelta(days=9)
    )
    LoanFactory(item__home_library=province["provincial"], patron=tu)  # lent elsewhere
    hold = HoldFactory(patron=tu, pickup_library=province["commune"])
    login(codec_client)

    charged = codec_client.call(patron_information(tu.card_number, "  Y       "))
    assert isinstance(charged, pysip2.PatronInformationResponse)
    assert charged.patron_status == " " * 14
    assert charged.language == "000"  # SIP2 has no code for Vietnamese
    assert (charged.charged_items_count, charged.overdue_items_count) == ("0002", "0001")
    assert (charged.hold_items_count, charged.unavailable_holds_count) == ("0000", "0001")
    assert charged.personal_name == "Hoàng Văn Tú"
    assert sorted(charged.charged_items) == sorted([book.barcode, on_time.item.barcode])
    assert (charged.home_address, charged.email_address, charged.home_phone_number) == (
        None,
        None,
        None,
    )
    overdue = codec_client.call(patron_information(tu.card_number, " Y        "))
    assert overdue.overdue_items == (book.barcode,)
    waiting = codec_client.call(patron_information(tu.card_number, "     Y    "))
    assert waiting.unavailable_hold_items == (hold.bib.title,)
    first = codec_client.call(
        pysip2.PatronInformationRequest(
            language="000",
            transaction_date=now18(),
            summary="  Y       ",
            institution_id=AO,
            patron_identifier=tu.card_number,
            start_item="1",
            end_item="1",
        )
    )
    assert len(first.charged_items) == 1


def test_a_wrong_pin_gets_the_counts_and_no_list(codec_client, commune_machine, tu, book):
    LoanFactory(item=book, patron=tu)
    login(codec_client)
    answer = codec_client.call(patron_information(tu.card_number, "  Y       ", pin="1111"))
    assert (answer.valid_patron, answer.valid_patron_password) == ("Y", "N")
    assert answer.charged_items_count == "0001"
    assert answer.charged_items == ()
    assert answer.patron_status[0] == "Y"  # may not borrow with a wrong PIN
    assert answer.screen_message == ("Mã PIN không đúng. Xin thử lại, hoặc hỏi thủ thư.",)
    right = codec_client.call(patron_information(tu.card_number, "  Y       ", pin="2468"))
    assert (right.valid_patron_password, right.charged_items) == ("Y", (book.barcode,))


def test_an_unknown_card_is_no_valid_patron(codec_client, commune_machine):
    login(codec_client)
    status = codec_client.call(
        pysip2.PatronStatusRequest(
            language="000",
            transaction_date=now18(),
            institution_id=AO,
            patron_identifier="KHONGCO123",
            terminal_password="",
            patron_password="",
        )
    )
    assert isinstance(status, pysip2.PatronStatusResponse)
    assert (status.valid_patron, status.patron_status) == ("N", "YYYY" + " " * 10)
    information = codec_client.call(patron_information("KHONGCO123"))
    assert (information.valid_patron, information.charged_items_count) == ("N", "0000")


def test_copies_in_other_states_report_sip2s_circulation_status(
    codec_client, commune_machine, tu, province
):
    from tests.factories import ItemFactory

    login(codec_client)
    cases = {
        ItemStatus.IN_TRANSIT: "10",
        ItemStatus.PROCESSING: "06",
        ItemStatus.LOST: "12",
        ItemStatus.MISSING: "13",
        ItemStatus.DAMAGED: "01",
        ItemStatus.WITHDRAWN: "01",
    }
    for status, expected in cases.items():
        item = ItemFactory(home_library=province["commune"], status=status)
        info = codec_client.call(
            pysip2.ItemInformationRequest(
                transaction_date=now18(), institution_id=AO, item_identifier=item.barcode
            )
        )
        assert info.circulation_status == expected, status
        with translation.override("vi"):  # the machine's screen speaks Vietnamese
            assert info.screen_message == (str(ItemStatus(status).label),)
    unknown = codec_client.call(
        pysip2.ItemInformationRequest(
            transaction_date=now18(), institution_id=AO, item_identifier="KHONGCO"
        )
    )
    assert (unknown.circulation_status, unknown.title_identifier) == ("01", "")


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        (
            pysip2.HoldRequest(
                hold_mode="+",
                transaction_date="20261207    100000",
                institution_id=AO,
                patron_identifier="TANLAP2026000007",
                title_identifier="Số đỏ",
            ),
            pysip2.HoldResponse,
        ),
        (
            pysip2.RenewAllRequest(
                transaction_date="20261207    100000",
                institution_id=AO,
                patron_identifier="TANLAP2026000007",
            ),
            pysip2.RenewAllResponse,
        ),
        (
            pysip2.FeePaidRequest(
                transaction_date="20261207    100000",
                fee_type="01",
                payment_type="00",
                currency_type="VND",
                fee_amount="5000",
                institution_id=AO,
                patron_identifier="TANLAP2026000007",
            ),
            pysip2.FeePaidResponse,
        ),
        (
            pysip2.BlockPatronRequest(
                card_retained="N",
                transaction_date="20261207    100000",
                institution_id=AO,
                blocked_card_message="thẻ bị bỏ quên",
                patron_identifier="TANLAP2026000007",
                terminal_password="",
            ),
            pysip2.PatronStatusResponse,
        ),
        (
            pysip2.ItemStatusUpdateRequest(
                transaction_date="20261207    100000",
                institution_id=AO,
                item_identifier="TL0000101",
                item_properties="",
            ),
            pysip2.ItemStatusUpdateResponse,
        ),
        (
            pysip2.PatronEnableRequest(
                transaction_date="20261207    100000",
                institution_id=AO,
                patron_identifier="TANLAP2026000007",
            ),
            pysip2.PatronEnableResponse,
        ),
    ],
)
def test_messages_libnet_does_not_offer_get_their_refusal(
    codec_client, commune_machine, tu, message, answer
):
    """Holds, fees, blocking a card: BX says N, and each is answered "no" in its own layout."""
    login(codec_client)
    refused = codec_client.call(message)
    assert isinstance(refused, answer)
    assert refused.screen_message == ("Việc này không làm được ở máy. Xin gặp thủ thư.",)
