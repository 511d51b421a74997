"""What a machine may not do, and bad input: each answer is SIP2's, nothing is written, the
server logs no error and goes on serving."""

from __future__ import annotations

import time

import pysip2
import pytest
from django.utils import translation

from libnet.catalog.models import ItemStatus
from libnet.circulation.errors import CheckoutRefused
from libnet.circulation.models import Loan
from libnet.core.models import SignInFailure
from libnet.interop.sip2 import services, session, wire
from libnet.patrons.models import PatronLibrary
from tests.factories import NOW, LoanFactory
from tests.interop.sip2.conftest import PASSWORD, RawClient, now18, written

pytestmark = pytest.mark.django_db

AO = "SL-TANLAP"


def checksum(prefix: str) -> str:
    return f"{-sum(prefix.encode()) & 0xFFFF:04X}"


_sequence = iter(range(10**6))


def frame(message: str, sequence: int | None = None) -> bytes:
    """A request with error detection, as most machines send it: the sequence number goes
    up by one at each message (a frame sent again keeps its number)."""
    if sequence is None:
        sequence = next(_sequence) % 10
    prefix = f"{message}AY{sequence}AZ"
    return (prefix + checksum(prefix)).encode() + b"\r"


def login_frame(name: str = "tanlap-1", password: str = PASSWORD) -> bytes:
    return frame(f"9300CN{name}|CO{password}|CPQuầy tự mượn|")


def checkout_frame(card: str, barcode: str, *, institution: str = AO, pin: str = "") -> bytes:
    pin_field = f"AD{pin}|" if pin else ""
    return frame(f"11NN{now18()}{' ' * 18}AO{institution}|AA{card}|AB{barcode}|AC|{pin_field}")


def checkin_frame(barcode: str) -> bytes:
    return frame(f"09N{now18()}{now18()}APQuầy|AO{AO}|AB{barcode}|AC|")


def renew_frame(card: str, barcode: str) -> bytes:
    return frame(f"29NN{now18()}{' ' * 18}AO{AO}|AA{card}|AB{barcode}|")


def decode(answer: bytes) -> pysip2.SIPMessage:
    return pysip2.decode_message(answer, encoding="utf-8").message


def still_serving(port: int) -> bool:
    """A new machine is still answered: the server did not fall over."""
    client = RawClient(port)
    try:
        answer = client.exchange(b"9900802.00\r")
        return answer.startswith(b"98N")
    finally:
        client.close()


@pytest.fixture
def signed_in(raw_client, commune_machine) -> RawClient:
    assert decode(raw_client.exchange(login_frame())).ok == "1"
    return raw_client


def test_a_wrong_password_signs_no_machine_in(raw_client, commune_machine, tu, book, server_errors):
    before = written()
    assert decode(raw_client.exchange(login_frame(password="sai-mat-khau"))).ok == "0"
    refused = decode(raw_client.exchange(checkout_frame(tu.card_number, book.barcode)))
    assert isinstance(refused, pysip2.CheckoutResponse)
    assert refused.ok == "0"
    assert refused.screen_message == (
        "Máy chưa đăng nhập vào libnet. Xin nhờ thủ thư kiểm tra tài khoản SIP2 của máy.",
    )
    assert decode(raw_client.exchange(login_frame(name="khong-co-may-nay"))).ok == "0"
    assert written() == before


def test_a_machine_is_locked_after_five_wrong_passwords(raw_client, commune_machine):
    for _ in range(5):
        assert decode(raw_client.exchange(login_frame(password="doan-mo-123"))).ok == "0"
    assert decode(raw_client.exchange(login_frame())).ok == "0"  # even the right one, now
    assert SignInFailure.objects.exists()


def test_wrong_passwords_through_the_tls_proxy_lock_one_machine_not_all(
    raw_client, commune_machine, settings
):
    """Behind stunnel or nginx every machine comes from 127.0.0.1: a machine set up with a
    wrong password locks its own name, and the others still sign in."""
    settings.LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT = {"failures": 3, "minutes": 15}
    for _ in range(5):
        wrong = login_frame(name="tanlap-2", password="doan-mo-123")
        assert decode(raw_client.exchange(wrong)).ok == "0"
    assert decode(raw_client.exchange(login_frame())).ok == "1"


def test_a_card_not_valid_at_the_machines_library_is_refused(
    signed_in, pupil, book, province, server_errors
):
    """A school's card at the commune's machine: no joint-card agreement covers both. A
    reader the commune has never met is unknown there; one who reads there is told why."""
    before = written()
    unknown = decode(signed_in.exchange(checkout_frame(pupil.card_number, book.barcode)))
    assert unknown.screen_message == (
        "Không có bạn đọc nào với số thẻ HS2026000200 được mượn ở thư viện này. Xin gặp thủ thư.",
    )
    PatronLibrary.objects.create(patron=pupil, library=province["commune"], first_used_at=NOW)
    refused = decode(signed_in.exchange(checkout_frame(pupil.card_number, book.barcode)))
    assert refused.ok == "0"
    with translation.override("vi"):  # the desk's refusal, word for word
        assert refused.screen_message == (
            CheckoutRefused(
                "card_not_valid_here",
                home_library="Thư viện Trường THCS Tân Lập",
                library="Thư viện xã Tân Lập",
            ).message,
        )
    assert written() == before


def test_another_librarys_copy_is_not_lent_at_the_machine(
    signed_in, tu, school_book, server_errors
):
    before = written()
    refused = decode(signed_in.exchange(checkout_frame(tu.card_number, school_book.barcode)))
    assert refused.ok == "0"
    assert refused.title_identifier == school_book.bib.title
    assert refused.screen_message == (
        "Bản sách TH0000101 thuộc thư viện khác, không mượn được ở máy này. Xin đưa bản sách "
        "cho thủ thư.",
    )
    returned = decode(signed_in.exchange(checkin_frame(school_book.barcode)))
    assert (returned.ok, returned.alert) == ("0", "Y")  # staff look at the copy
    assert written() == before


def test_a_machine_acts_for_its_own_library_only(signed_in, tu, book, server_errors):
    """The institution (AO) is the library's code; another library's is refused."""
    before = written()
    refused = decode(
        signed_in.exchange(checkout_frame(tu.card_number, book.barcode, institution="SL-TVT"))
    )
    assert refused.ok == "0"
    assert refused.institution_id == AO
    assert refused.screen_message == (
        "Máy này thuộc Thư viện xã Tân Lập (mã SL-TANLAP), không thuộc SL-TVT. Xin nhờ thủ thư"
        " kiểm tra mã thư viện (AO) đặt trên máy.",
    )
    assert written() == before
    # A blank AO is the machine's own library.
    lent = decode(signed_in.exchange(checkout_frame(tu.card_number, book.barcode, institution="")))
    assert lent.ok == "1"


def test_a_loan_of_another_library_or_another_reader_is_not_renewed(
    signed_in, tu, province, server_errors
):
    elsewhere = LoanFactory(item__home_library=province["provincial"], patron=tu)
    someone_else = LoanFactory(item__home_library=province["commune"])
    before = written()
    refused = decode(signed_in.exchange(renew_frame(tu.card_number, elsewhere.item.barcode)))
    assert (refused.ok, refused.screen_message) == (
        "0",
        (
            f"Bản sách {elsewhere.item.barcode} do thư viện khác cho mượn: xin gia hạn ở thư "
            "viện đó.",
        ),
    )
    refused = decode(signed_in.exchange(renew_frame(tu.card_number, someone_else.item.barcode)))
    assert refused.screen_message == (
        f"Bản sách {someone_else.item.barcode} không được mượn bằng thẻ này.",
    )
    assert written() == before


def test_a_wrong_pin_refuses_the_loan_and_counts_against_the_card(
    signed_in, tu, book, server_errors
):
    before_loans = Loan.objects.count()
    for _ in range(5):
        refused = decode(
            signed_in.exchange(checkout_frame(tu.card_number, book.barcode, pin="0000"))
        )
        assert refused.screen_message == ("Mã PIN không đúng. Xin thử lại, hoặc hỏi thủ thư.",)
    locked = decode(signed_in.exchange(checkout_frame(tu.card_number, book.barcode, pin="2468")))
    assert locked.ok == "0"
    assert locked.screen_message[0].startswith("Thẻ này đã nhập sai mã PIN quá nhiều lần.")
    assert Loan.objects.count() == before_loans


def test_a_wrong_checksum_is_answered_with_96_and_nothing_happens(
    signed_in, tu, book, server_errors
):
    before = written()
    good = checkout_frame(tu.card_number, book.barcode)
    bad = good[:-5] + (b"0000" if good[-5:-1] != b"0000" else b"1111") + b"\r"
    answer = signed_in.exchange(bad)
    assert answer[:4] == b"96AZ"
    assert pysip2.verify_checksum(answer[:-1])
    assert written() == before
    assert decode(signed_in.exchange(good)).ok == "1"  # the machine sends it again


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe\x01\x02garbage\r",
        b"GET / HTTP/1.1\r\n",
        "Xin chào máy chủ\r".encode(),
        b"42" + b"x" * 50 + b"\r",  # a command SIP2 does not have
        b"11YN" + b"\r",  # a checkout cut short in its fixed part
    ],
)
def test_garbage_is_answered_with_96_and_nothing_happens(
    signed_in, sip2_server, garbage, server_errors
):
    before = written()
    assert signed_in.exchange(garbage).startswith(b"96")
    assert written() == before
    assert still_serving(sip2_server.port)


def test_a_frame_longer_than_the_server_reads_is_dropped_with_one_96(
    signed_in, sip2_server, server_errors
):
    signed_in.send(b"17" + b"A" * 20_000)
    signed_in.send(b"|\r")
    assert signed_in.answer().startswith(b"96")
    assert signed_in.exchange(b"9900802.00\r").startswith(b"98Y")


def test_a_message_cut_in_half_is_never_carried_out(
    sip2_server, commune_machine, tu, book, server_errors
):
    """The machine sends half a checkout and goes away: nothing is lent."""
    before = written()
    client = RawClient(sip2_server.port)
    client.exchange(login_frame())
    whole = checkout_frame(tu.card_number, book.barcode)
    client.send(whole[: len(whole) // 2])
    client.close()
    time.sleep(0.1)
    assert written() == before
    assert still_serving(sip2_server.port)


def test_a_message_in_two_pieces_is_carried_out_once(signed_in, tu, book, server_errors):
    whole = checkout_frame(tu.card_number, book.barcode)
    signed_in.send(whole[:20])
    time.sleep(0.05)
    signed_in.send(whole[20:])
    assert decode(signed_in.answer()).ok == "1"
    assert Loan.objects.filter(item=book).count() == 1


def test_a_request_sent_again_gets_the_same_answer_and_is_done_once(
    signed_in, tu, book, server_errors
):
    """The machine did not get its answer and sends the same frame (same sequence number)."""
    request = checkout_frame(tu.card_number, book.barcode)
    first = signed_in.exchange(request)
    assert signed_in.exchange(request) == first
    assert signed_in.exchange(b"97AZFEF5\r") == first  # "send your last answer again"
    assert Loan.objects.filter(item=book).count() == 1


def test_a_machine_disabled_while_connected_is_signed_out(
    signed_in, commune_machine, tu, book, server_errors
):
    services.change_sip_account(account=commune_machine, is_active=False, by=None)
    before = written()
    refused = decode(signed_in.exchange(checkout_frame(tu.card_number, book.barcode)))
    assert refused.ok == "0"
    assert decode(signed_in.exchange(login_frame())).ok == "0"
    assert written() == before


def test_an_unexpected_failure_is_a_refusal_logged_for_the_administrator(
    signed_in, tu, book, monkeypatch, caplog
):
    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(session.transactions.circulation_services, "checkout_item", broken)
    before = written()
    refused = decode(signed_in.exchange(checkout_frame(tu.card_number, book.barcode)))
    assert refused.ok == "0"
    assert refused.screen_message == (
        "libnet không làm xong việc này và chưa thay đổi gì. Xin gặp thủ thư.",
    )
    assert b"Traceback" not in wire.encode(wire.Response("12"))  # nothing of it on the wire
    assert written() == before
    assert any(record.exc_info for record in caplog.records if record.name == "libnet.sip2")


def test_a_plain_text_machine_gets_no_diacritics(raw_client, province, tu, book, server_errors):
    services.add_sip_account(
        name="tanlap-2", library=province["commune"], password=PASSWORD, plain_text=True, by=None
    )
    assert decode(raw_client.exchange(login_frame(name="tanlap-2"))).ok == "1"
    answers = [
        raw_client.exchange(frame(f"23000{now18()}AO{AO}|AA{tu.card_number}|AC|AD|")),
        raw_client.exchange(checkout_frame(tu.card_number, book.barcode)),
        raw_client.exchange(checkin_frame(book.barcode)),
        raw_client.exchange(checkout_frame("KHONGCO", book.barcode)),
    ]
    assert all(answer.isascii() for answer in answers)
    assert decode(answers[0]).personal_name == "Hoang Van Tu"
    assert decode(answers[1]).screen_message[0].startswith("Da muon: Dat rung phuong Nam. Han tra:")
    assert decode(answers[2]).screen_message == ("Da tra: Dat rung phuong Nam. Xin cam on.",)
    assert book.bib.title == "Đất rừng phương Nam"  # the catalogue keeps its diacritics
    book.refresh_from_db()
    assert book.status == ItemStatus.AVAILABLE
