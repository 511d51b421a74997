"""The forms Mẫu 01–07b of a round, read back with pdftotext."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.weeding import services
from tests.factories import NOW
from tests.rotation.test_documents import pdf_text

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def decided(provincial, shelf, lan):
    """A round of the provincial library, decided: 2 damaged copies, one to scrap."""
    weeding_round = services.open_round(
        library=provincial, plan="Thanh lọc kho mở tầng 2", by=lan.user, at=NOW
    )
    services.advance_round(
        weeding_round=weeding_round, to="approved", reference="12/QĐ-SVHTTDL", by=lan.user, at=NOW
    )
    services.add_copies(
        weeding_round=weeding_round, copies=[(shelf[0], "damaged")], by=lan.user, at=NOW
    )
    services.add_copies(
        weeding_round=weeding_round,
        copies=[(shelf[1], "damaged")],
        disposal="scrap",
        by=lan.user,
        at=NOW,
    )
    services.advance_round(weeding_round=weeding_round, to="listed", by=lan.user, at=NOW)
    services.set_council(
        weeding_round=weeding_round,
        members=[("Nguyễn Văn Hải", "Chủ tịch", "Giám đốc Thư viện tỉnh")],
        by=lan.user,
        at=NOW,
    )
    services.advance_round(
        weeding_round=weeding_round, to="council", reference="05/QĐ-TV", by=lan.user, at=NOW
    )
    services.advance_round(weeding_round=weeding_round, to="minutes", by=lan.user, at=NOW)
    services.decide_round(
        weeding_round=weeding_round, number="15/QĐ-TV", decided_on=DAY, by=lan.user, at=NOW
    )
    return weeding_round


def form_text(client, lan, weeding_round, code, tmp_path) -> str:
    client.force_login(lan.user)
    response = client.get(reverse("weeding:form_pdf", args=[weeding_round.pk, code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content, tmp_path, f"weeding-{code}").split())


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "01",
            [
                "Mẫu số 01",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "TỜ TRÌNH",
                "Thư viện tỉnh Sông Lam đề nghị được thanh lọc",
                "hiện có 40 bản",
                "không quá 4 bản (10 %)",
                "ngày 02 tháng 3 năm 2026",
            ],
        ),
        ("02", ["ĐỀ ÁN THANH LỌC", "Thanh lọc kho mở tầng 2", "Điều 21"]),
        ("03", ["Số: 12/QĐ-SVHTTDL", "Về việc phê duyệt đề án thanh lọc"]),
        (
            "04",
            [
                "DANH MỤC TÀI NGUYÊN THÔNG TIN ĐỀ NGHỊ THANH LỌC",
                "Sách 1 ",
                "Bán giấy vụn",
                "Tổng cộng: 2 bản.",
            ],
        ),
        ("05", ["Số: 05/QĐ-TV", "Nguyễn Văn Hải", "Chủ tịch"]),
        ("06a", ["BIÊN BẢN", "Hội đồng đề nghị thanh lọc 2 bản", "Chủ tịch Hội đồng"]),
        ("06b", ["Kèm theo Biên bản họp Hội đồng thẩm định", "Sách 2 "]),
        (
            "07a",
            [
                "Số: 15/QĐ-TV",
                "Thanh lọc 2 bản tài liệu của Thư viện tỉnh Sông Lam",
                "Hủy: 1 bản",
                "“đã thanh lọc”",
            ],
        ),
        ("07b", ["Kèm theo Quyết định số 15/QĐ-TV", "Sách 1 ", "Sách 2 ", "Hủy"]),
    ],
)
def test_each_form_says_what_the_round_did(client, lan, decided, code, expected, tmp_path):
    text = form_text(client, lan, decided, code, tmp_path)
    for phrase in expected:
        assert phrase in text, (phrase, text[:600])


def test_a_step_not_yet_done_leaves_the_date_to_be_written_by_hand(
    client, lan, provincial, shelf, tmp_path
):
    weeding_round = services.open_round(library=provincial, plan="", by=lan.user, at=NOW)
    text = form_text(client, lan, weeding_round, "07a", tmp_path)
    assert "ngày …… tháng …… năm ……" in text
