"""SIP2's bytes: frames, checksums summed either way, fields, dates, text for any screen."""

from __future__ import annotations

import datetime as dt

import pysip2
import pytest
from Sip2.sip2 import Sip2

from libnet.interop.sip2 import wire
from libnet.interop.sip2.wire import Response

LOGIN = "9300CNtanlap-1|COmật-khẩu|CPTầng 1|AY0AZ"


def checksum_of(prefix: str, *, over: str) -> str:
    total = sum(prefix.encode()) if over == "bytes" else sum(map(ord, prefix))
    return f"{-total & 0xFFFF:04X}"


@pytest.mark.parametrize(
    ("data", "frames", "left"),
    [
        (b"990302.00\r", [b"990302.00"], b""),  # the spec's terminator
        (b"990302.00\r\n9900802.00\n", [b"990302.00", b"9900802.00"], b""),  # CRLF, LF
        (b"990302.00\r\r\n\n", [b"990302.00"], b""),  # blank lines are no frames
        (b"990302.00\r2300", [b"990302.00"], b"2300"),  # the rest waits for more bytes
    ],
)
def test_frames_end_with_cr_lf_or_crlf(data, frames, left):
    buffer = bytearray(data)
    assert list(wire.split_frames(buffer)) == frames
    assert bytes(buffer) == left


@pytest.mark.parametrize("over", ["bytes", "characters"])
def test_a_checksum_summed_over_bytes_or_over_characters_is_accepted(over):
    """Vietnamese text makes the two sums differ; either is read, and remembered."""
    data = (LOGIN + checksum_of(LOGIN, over=over)).encode()
    frame = wire.read_frame(data)
    assert (frame.sequence, frame.has_checksum, frame.sums) == ("0", True, over)
    assert frame.body == LOGIN.removesuffix("AY0AZ").encode()


def test_the_sip2_clients_own_checksum_is_accepted():
    """The `Sip2` client sums characters, and writes fewer than four digits when it can."""
    client = Sip2()
    for location in ("Tầng 1", "Kho mở", "x" * 40):
        prefix = f"9300CNtanlap-1|COpass|CP{location}|AY3AZ"
        frame = wire.read_frame((prefix + client._crc_calc(prefix)).encode())
        assert frame.sequence == "3"


def test_a_checksum_of_fewer_than_four_digits_is_read_as_a_number():
    prefix = next(
        candidate
        for candidate in (f"990302.00AO{'A' * n}|AY1AZ" for n in range(2000))
        if int(checksum_of(candidate, over="bytes"), 16) < 0x1000
    )
    short = format(int(checksum_of(prefix, over="bytes"), 16), "X")
    assert len(short) < 4
    assert wire.read_frame((prefix + short).encode()).has_checksum


@pytest.mark.parametrize(
    "data",
    [
        (LOGIN + "0000").encode(),  # a checksum that matches neither sum
        (LOGIN + checksum_of(LOGIN, over="bytes")).encode().replace(b"tanlap", b"tanlaq"),
    ],
)
def test_a_checksum_that_matches_neither_sum_is_refused(data):
    with pytest.raises(wire.ChecksumMismatch):
        wire.read_frame(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"9",
        b"hello world",
        b"\xff\xfe\x00\x01garbage",  # bytes that are no text, a NUL among them
        b"AB990302.00",
    ],
)
def test_a_frame_without_a_command_is_malformed(data):
    with pytest.raises(wire.Malformed):
        wire.read_frame(data)


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ("42000", "unknown command"),
        ("11YN20261207    100000", "fixed field nb_due_date"),  # cut in the fixed part
        ("11YN20261207    100000" + " " * 18 + "AOSL-TANLAP|AATV1", "has no end"),  # cut in AA
        ("11XN20261207    100000" + " " * 18 + "AOSL-TANLAP|", "sc_renewal_policy"),
        ("17" + "2026120710000000000" + "AO|", "transaction_date"),  # a digit in ZZZZ's place
        ("17" + "20261207    100000" + "aoX|", "field identifier"),
    ],
)
def test_a_request_of_the_wrong_shape_is_malformed(message, problem):
    with pytest.raises(wire.Malformed, match=problem):
        wire.parse_request(wire.Frame(message.encode()))


def test_a_blank_due_date_is_a_due_date_the_machine_leaves_to_libnet():
    """One client sends 18 blanks for "no due date of my own" (pysip2 would refuse them)."""
    message = "11NN20261207    100000" + " " * 18 + "AOSL-TANLAP|AATV1|ABTL1|AC|"
    request = wire.parse_request(wire.Frame(message.encode()))
    assert request.fixed["nb_due_date"] == " " * 18
    assert (request.get("AA"), request.get("AB"), request.get("AC")) == ("TV1", "TL1", "")
    assert request.get("AD") is None


def test_a_frame_that_is_not_utf8_is_read_as_cp850():
    frame = wire.Frame(b"17" + b"20261207    100000AOSL|ABcaf\x82|")
    assert wire.parse_request(frame).get("AB") == "café"


def test_an_answer_carries_the_sequence_number_and_a_checksum_pysip2_verifies():
    answer = Response("36", "Y" + "20261207    100000").add("AO", "SL-TANLAP").add("AA", "TV1")
    answer.add("AF", "Cảm ơn | hẹn gặp lại")
    data = wire.encode(answer, sequence="7", checksum=True)
    assert data.endswith(b"\r")
    assert pysip2.verify_checksum(data[:-1])
    decoded = pysip2.decode_message(data, encoding="utf-8")
    assert decoded.sequence_number == 7
    assert decoded.message.screen_message == ("Cảm ơn / hẹn gặp lại",)  # no stray delimiter


def test_an_answer_summed_over_characters_checks_by_characters():
    answer = Response("36", "Y" + "20261207    100000").add("AF", "Đã trả")
    data = wire.encode(answer, sequence="1", checksum=True, sums="characters")
    body = data[:-1].decode()
    assert int(body[-4:], 16) == int(checksum_of(body[:-4], over="characters"), 16)


def test_a_long_screen_message_is_sent_in_pieces_of_255_bytes_at_most():
    sentence = "Bản sách này thuộc thư viện khác. " * 20
    answer = Response("36", "Y" + "20261207    100000").add("AO", "SL-TANLAP").add("AA", "TV1")
    data = wire.encode(answer.add("AF", sentence))
    pieces = pysip2.decode_message(data, encoding="utf-8").message.screen_message
    assert len(pieces) > 2
    assert all(len(piece.encode()) <= 255 for piece in pieces)
    assert " ".join(pieces) == sentence.strip()


def test_a_long_title_is_cut_between_characters():
    data = wire.encode(Response("36", "Y" + "20261207    100000").add("AO", "Đ" * 200))
    value = data.decode().split("AO", 1)[1].split("|")[0]
    assert value == "Đ" * 127  # 254 bytes: a 128th would need 256


def test_a_screen_without_utf8_gets_ascii_without_diacritics():
    answer = Response("24", " " * 14 + "000" + "20261207    100000").add("AE", "Đỗ Thị Chi")
    answer.add("AF", "Thẻ này đang bị khóa — xin gặp thủ thư.")
    data = wire.encode(answer, plain_text=True)
    assert data.isascii()
    assert b"AEDo Thi Chi|" in data
    assert b"AFThe nay dang bi khoa ? xin gap thu thu.|" in data


def test_sip2_dates_are_vietnams_local_time():
    moment = dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)  # 00:30 the next day in Vietnam
    assert wire.timestamp(moment) == "20260303    003000"
    assert wire.due_date(dt.date(2026, 3, 16)) == "20260316    235959"
