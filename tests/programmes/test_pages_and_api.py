"""The programme through the pages and the API: both parties see it and each changes its own
parts; anyone else gets 404 on every page, paper and endpoint."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from libnet.core import tokens
from libnet.programmes import services
from libnet.programmes.models import Programme, ProgrammeReview
from tests.factories import NOW

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _pages(programme) -> list[str]:
    args = [programme.pk, "mid_term", "2026-H1"]
    return [
        reverse("programmes:detail", args=[programme.pk]),
        reverse("programmes:review", args=args),
        reverse("programmes:review_pdf", args=args),
        reverse("programmes:review_docx", args=args),
    ]


def test_both_parties_see_the_programme_and_its_review(client, programme, chi_officer, thu):
    for persona in (chi_officer, thu):
        client.force_login(persona.user)
        listing = client.get(reverse("programmes:list"))
        assert programme.title in listing.content.decode()
        for url in _pages(programme):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["minh", "an"])
def test_staff_of_neither_party_get_404_on_every_page_and_endpoint(
    request, client, programme, persona
):
    """Minh (a commune clerk) and An (the school's own librarian: the parties are the two
    departments, not the school) are not parties."""
    user = request.getfixturevalue(persona)
    client.force_login(user.user)
    for url in _pages(programme):
        assert client.get(url).status_code == 404, url
    for url, data in [
        (reverse("programmes:schools", args=[programme.pk]), {"school": "SL-THCS-TANLAP"}),
        (reverse("programmes:targets", args=[programme.pk]), {"target_copies_rotated": "9"}),
        (
            reverse("programmes:review", args=[programme.pk, "final", "all"]),
            {"culture_text": "x"},
        ),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert not ProgrammeReview.objects.exists()
    assert not programme.targets.exists()
    api = client.get(f"/api/v1/programmes/{programme.pk}", headers=bearer(user))
    assert (api.status_code, api.json()["code"]) == (404, "programme_not_found")
    assert client.get("/api/v1/programmes", headers=bearer(user)).json() == []


def test_only_the_education_side_chooses_the_schools(client, programme, chi_officer, thu, province):
    url = reverse("programmes:schools", args=[programme.pk])
    client.force_login(chi_officer.user)
    refused = client.post(url, {"school": ["SL-THCS-TANLAP"]})
    assert refused.status_code == 403
    assert "ngành giáo dục" in refused.content.decode().lower()
    client.force_login(thu.user)
    wrong = client.post(url, {"school": [province["commune"].code]})
    assert wrong.status_code == 400
    assert programme.schools.count() == 1  # nothing written
    assert client.post(url, {}).status_code == 302
    assert programme.schools.count() == 0


def test_each_side_writes_its_own_part_of_the_review(client, counted, chi_officer, thu):
    url = reverse("programmes:review", args=[counted.pk, "mid_term", "2026-H1"])
    client.force_login(thu.user)
    assert client.post(url, {"culture_text": "Không phải phần của Sở GD&ĐT"}).status_code == 403
    assert client.post(url, {"education_text": "Các trường phối hợp tốt."}).status_code == 302
    client.force_login(chi_officer.user)
    assert client.post(url, {"education_text": "Sửa phần của ngành giáo dục"}).status_code == 403
    assert (
        client.post(
            url,
            {
                "culture_text": "Thư viện tỉnh luân chuyển sách đúng kế hoạch.",
                "next_steps": "Mở rộng thêm 5 trường trong 6 tháng cuối năm.",
            },
        ).status_code
        == 302
    )
    review = ProgrammeReview.objects.get()
    assert (review.period, review.education_text, review.culture_text) == (
        "2026-H1",
        "Các trường phối hợp tốt.",
        "Thư viện tỉnh luân chuyển sách đúng kế hoạch.",
    )
    page = client.get(url).content.decode()
    assert "Sơ kết: 6 tháng đầu năm 2026" in page


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "review.pdf"
    path.write_bytes(content)
    if shutil.which("pdftoppm"):  # the first page, for a person to look at
        SCREENSHOTS.mkdir(exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(path),
                str(SCREENSHOTS / "programme-review"),
            ],
            check=True,
        )
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"[ \n]+", " ", text)


def test_the_review_paper_says_what_was_recorded_in_pdf_and_word(client, counted, thu, tmp_path):
    services.save_review(
        programme=counted,
        kind="mid_term",
        period="2026-H1",
        education_text="Các trường đã bố trí phòng đọc cho học sinh.",
        by=thu.user,
        at=NOW,
    )
    client.force_login(thu.user)
    args = [counted.pk, "mid_term", "2026-H1"]
    text = _pdf_text(client.get(reverse("programmes:review_pdf", args=args)).content, tmp_path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH SÔNG LAM",
        "SƠ KẾT",
        "6 tháng đầu năm 2026",
        "Bản sách luân chuyển",
        "Nói chuyện chuyên đề: Sách và tuổi học trò",
        "Các trường đã bố trí phòng đọc cho học sinh.",
        "ngày 02 tháng 3 năm 2026",
        "(ký, ghi rõ họ tên, đóng dấu)",
    ):
        assert expected in text, expected
    response = client.get(reverse("programmes:review_docx", args=args))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    words = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Các trường đã bố trí phòng đọc cho học sinh." in words
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Trường THCS Tân Lập" in cells or "Tân Lập" in cells
    # The figures: 3 copies in one batch, 42 uses, 43 participants.
    row = next(
        row for row in document.tables[1].rows if row.cells[1].text == "Bản sách luân chuyển"
    )
    assert row.cells[3].text == "3"


def test_api_lists_details_and_reviews_a_programme_for_a_party(client, counted, thu):
    listing = client.get("/api/v1/programmes", headers=bearer(thu)).json()
    assert [item["id"] for item in listing] == [counted.pk]
    assert listing[0]["education"]["code"] == "SL-SGDDT"
    detail = client.get(f"/api/v1/programmes/{counted.pk}", headers=bearer(thu)).json()
    assert [school["code"] for school in detail["schools"]] == ["SL-THCS-TANLAP"]
    assert {activity["kind"] for activity in detail["activities"]} == {"rotation_batch", "event"}
    assert "education_text" in detail["editable"]
    assert "culture_text" not in detail["editable"]
    review = client.get(
        f"/api/v1/programmes/{counted.pk}/reviews/mid_term",
        {"period": "2026-H1"},
        headers=bearer(thu),
    ).json()
    figures = {row["measure"]: row["value"] for row in review["measures"]}
    assert (
        figures["copies_rotated"],
        figures["uses_at_schools"],
        figures["event_participants"],
    ) == (3, 42, 43)
    bad = client.get(
        f"/api/v1/programmes/{counted.pk}/reviews/mid_term",
        {"period": "2030-H1"},
        headers=bearer(thu),
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "period_outside")


def test_a_new_programme_without_its_parties_is_a_clear_400_and_nothing_is_recorded(
    client, chi_officer
):
    client.force_login(chi_officer.user)
    before = Programme.objects.count()
    response = client.post(
        reverse("programmes:new"),
        {"title": "Phối hợp đọc sách", "starts_on": "01/01/2026", "ends_on": "31/12/2026"},
    )
    assert response.status_code == 400
    assert "Chọn cả hai bên" in response.content.decode()
    assert Programme.objects.count() == before


def test_a_target_that_is_no_whole_number_is_a_clear_400_and_nothing_is_saved(
    client, programme, chi_officer
):
    """ "²" passes str.isdigit() but int() refuses it."""
    client.force_login(chi_officer.user)
    url = reverse("programmes:targets", args=[programme.pk])
    for value in ("²", "abc", "-3", "9" * 25):
        response = client.post(url, {"target_copies_rotated": value})
        assert response.status_code == 400, value
    assert not programme.targets.exists()
