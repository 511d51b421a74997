"""A display's themed list (proposed from the shelves of the organiser's subtree, edited,
printed as a list and a bibliography, sent in a rotation batch), a contest's rounds,
entrants, prizes and certificates, an event's photos and documents, and the contest and
exhibition figures. Staff of another library get 404 everywhere."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from libnet.catalog import services as catalog_services
from libnet.catalog.errors import RecordListRefused
from libnet.catalog.models import ItemStatus, RecordListEntry
from libnet.events import contests, services
from libnet.events.models import ContestEntrant, EventAttachment
from libnet.planning import periods
from libnet.planning import selectors as planning_selectors
from libnet.rotation import services as rotation_services
from libnet.rotation.models import BatchItem
from tests.events.conftest import plan
from tests.factories import NOW, make_marc
from tests.rotation.test_documents import pdf_text

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def shelves(lan, province):
    """Hồ Chí Minh and local history books on the shelves of the provincial and commune
    libraries (one copy on loan), and a novel that is not about the theme."""
    provincial, commune = province["provincial"], province["commune"]
    records = {
        "nhat_ky": catalog_services.create_record(
            marc_record=make_marc(
                title="Nhật ký trong tù", author="Hồ Chí Minh", year=2019,
                subjects=("Hồ Chí Minh", "Thơ"),
            ),
            by=lan.user, library=provincial,
        ),
        "duong_kach_menh": catalog_services.create_record(
            marc_record=make_marc(
                title="Đường kách mệnh", author="Hồ Chí Minh", year=2020,
                subjects=("Hồ Chí Minh", "Cách mạng"),
            ),
            by=lan.user, library=provincial,
        ),
        "so_do": catalog_services.create_record(
            marc_record=make_marc(title="Số đỏ", author="Vũ Trọng Phụng", year=2016,
                                  subjects=("Tiểu thuyết",)),
            by=lan.user, library=provincial,
        ),
    }  # fmt: skip

    def add(bib, library, barcode, status=ItemStatus.AVAILABLE):
        return catalog_services.add_item(
            bib=bib, library=library, by=lan.user, barcode=barcode,
            accession_number=f"VV.{barcode[-4:]}", call_number="335.4346 H450C", status=status,
            acquired_on=dt.date(2025, 1, 5), price_vnd=50000,
        )  # fmt: skip

    copies = {
        "nhat_ky": add(records["nhat_ky"], provincial, "TVT0000101"),
        "nhat_ky_loan": add(records["nhat_ky"], provincial, "TVT0000102", ItemStatus.ON_LOAN),
        "duong": add(records["duong_kach_menh"], commune, "TANLAP000101"),
        "so_do": add(records["so_do"], provincial, "TVT0000103"),
    }
    return {"records": records, "copies": copies}


@pytest.fixture
def exhibition(lan, province):
    return plan(
        province["provincial"], kind="exhibition", by=lan.user,
        title="Trưng bày sách về Chủ tịch Hồ Chí Minh", day=dt.date(2026, 5, 19),
    )  # fmt: skip


def test_copies_are_proposed_by_subject_without_diacritics_from_the_subtrees_shelves(
    client, lan, shelves, exhibition
):
    client.force_login(lan.user)
    url = f"/staff/events/{exhibition.pk}/display/"
    page = client.get(url, {"subject": "ho chi minh"}).content.decode()
    proposal = page.split('id="proposal"')[1].split("</table>")[0]
    assert "TVT0000101" in proposal  # the provincial library's copy on the shelf
    assert "TANLAP000101" in proposal  # the commune's, below it
    assert "TVT0000102" not in proposal  # on loan
    assert "TVT0000103" not in proposal  # another subject
    ids = [shelves["copies"]["nhat_ky"].pk, shelves["copies"]["duong"].pk]
    client.post(url, {"action": "add", "item": [str(i) for i in ids]})
    exhibition.refresh_from_db()
    entries = list(RecordListEntry.objects.filter(record_list_id=exhibition.display_list_id))
    assert [entry.item_id for entry in entries] == ids
    # Proposed again: what is already in the list is left out.
    page = client.get(url, {"subject": "ho chi minh"}).content.decode()
    assert "Không có bản sách nào trên giá phù hợp" in page


def test_the_list_is_reordered_annotated_and_printed_as_a_list_and_a_bibliography(
    client, lan, shelves, exhibition, tmp_path
):
    from libnet.events import displays

    copies = shelves["copies"]
    displays.add_copies(
        event=exhibition, item_ids=[copies["nhat_ky"].pk, copies["duong"].pk], by=lan.user
    )
    exhibition.refresh_from_db()
    second = RecordListEntry.objects.get(item=copies["duong"])
    client.force_login(lan.user)
    url = f"/staff/events/{exhibition.pk}/display/"
    client.post(url, {"action": "up", "entry": str(second.pk)})
    client.post(
        url, {"action": "note", "entry": str(second.pk), "note": "Tác phẩm lý luận đầu tiên"}
    )
    order = RecordListEntry.objects.filter(record_list_id=exhibition.display_list_id)
    assert [entry.item_id for entry in order.order_by("position")] == [
        copies["duong"].pk,
        copies["nhat_ky"].pk,
    ]
    listing = pdf_text(client.get(f"{url}list.pdf").content, tmp_path, "display-list")
    assert "DANH MỤC TRƯNG BÀY" in listing
    assert listing.index("TANLAP000101") < listing.index("TVT0000101")
    bibliography = pdf_text(
        client.get(f"{url}bibliography.pdf").content, tmp_path, "display-bibliography"
    )
    assert "THƯ MỤC" in bibliography
    assert "Hồ Chí Minh. Đường kách mệnh" in bibliography
    assert "Tác phẩm lý luận đầu tiên" in bibliography
    # Vietnamese alphabetical order of the descriptions: both begin "Hồ Chí Minh.", then
    # Đường before Nhật.
    assert bibliography.index("Đường kách mệnh") < bibliography.index("Nhật ký trong tù")
    client.post(url, {"action": "remove", "entry": str(second.pk)})
    assert order.count() == 1


def test_the_lists_copies_go_out_in_a_rotation_batch_each_by_rotations_rules(
    client, lan, province, shelves, exhibition
):
    from libnet.events import displays

    copies = shelves["copies"]
    # A title goes out in rotation only from a library holding 3 copies (TT 05/2022).
    catalog_services.add_item(
        bib=shelves["records"]["nhat_ky"], library=province["provincial"], by=lan.user,
        barcode="TVT0000104", accession_number="VV.0104", acquired_on=dt.date(2025, 1, 5),
    )  # fmt: skip
    displays.add_copies(
        event=exhibition, item_ids=[copies["nhat_ky"].pk, copies["duong"].pk], by=lan.user
    )
    batch = rotation_services.create_batch(
        from_library=province["provincial"], to_library=province["commune"],
        planned_start=dt.date(2026, 5, 20), planned_end=dt.date(2026, 8, 20), by=lan.user, at=NOW,
    )  # fmt: skip
    client.force_login(lan.user)
    response = client.post(
        f"/staff/events/{exhibition.pk}/display/", {"action": "batch", "batch": str(batch.pk)}
    )
    page = response.content.decode()
    assert list(BatchItem.objects.filter(batch=batch).values_list("item_id", flat=True)) == [
        copies["nhat_ky"].pk
    ]
    # The commune's own copy is not the provincial library's to send.
    assert "TANLAP000101</strong>: Bản TANLAP000101 không thuộc" in page


def test_a_copy_outside_the_organisers_subtree_is_refused_and_nothing_added(lan, province, shelves):
    from libnet.events import displays
    from libnet.events.errors import DisplayRefused
    from tests.factories import ItemFactory

    commune_show = plan(province["commune"], kind="exhibition", title="Trưng bày sách xã")
    outsider = ItemFactory(home_library=province["provincial"])
    with pytest.raises(RecordListRefused) as refused:
        displays.add_copies(event=commune_show, item_ids=[outsider.pk], by=None)
    assert refused.value.code == "copy_of_other_library"
    assert not RecordListEntry.objects.exists()
    with pytest.raises(DisplayRefused):
        displays.propose_copies(event=commune_show)


@pytest.fixture
def contest(minh, province):
    return plan(
        province["commune"], kind="contest", by=minh.user,
        title="Hội thi Kể chuyện theo sách", day=dt.date(2026, 4, 21),
    )  # fmt: skip


def test_a_contest_with_rounds_scores_and_prizes_prints_its_certificates(
    client, minh, contest, tmp_path
):
    client.force_login(minh.user)
    url = f"/staff/events/{contest.pk}/contest/"
    client.post(url, {"action": "round", "name": "Vòng sơ khảo", "held_on": "2026-04-10"})
    client.post(url, {"action": "round", "name": "Vòng chung khảo"})
    client.post(
        url, {"action": "entrant", "name": "Phạm Thu Hà", "unit": "Lớp 7A, Trường THCS Tân Lập"}
    )
    client.post(
        url,
        {"action": "entrant", "name": "Lớp 6B", "unit": "Trường THCS Tân Lập", "is_class": "on"},
    )
    first_round = contest.rounds.get(number=1)
    ha = ContestEntrant.objects.get(name="Phạm Thu Hà")
    client.post(
        url,
        {
            "action": "score",
            "round": first_round.pk,
            "entrant": ha.pk,
            "score": "9,5",
            "advanced": "on",
        },
    )
    assert str(ha.scores.get().score) == "9.50"
    bad = client.post(
        url, {"action": "score", "round": first_round.pk, "entrant": ha.pk, "score": "1e9"}
    )
    assert bad.status_code == 400
    assert "Điểm là một số từ 0 đến 9999,99" in bad.content.decode()
    client.post(url, {"action": "prize", "entrant": ha.pk, "prize": "Giải Nhất", "rank": "1"})
    page = client.get(url).content.decode()
    assert 'id="certificates"' in page
    text = pdf_text(client.get(f"{url}certificates.pdf").content, tmp_path, "certificates")
    assert "GIẤY KHEN" in text
    assert "Phạm Thu Hà" in text
    assert "Giải Nhất Hội thi Kể chuyện theo sách" in " ".join(text.split())
    assert "Lớp 6B" not in text  # no prize, no certificate


def test_rounds_and_prizes_are_for_contests_only(client, minh, province):
    talk = plan(province["commune"], kind="talk", by=minh.user)
    client.force_login(minh.user)
    response = client.post(
        f"/staff/events/{talk.pk}/contest/", {"action": "round", "name": "Vòng 1"}
    )
    assert response.status_code == 400
    assert "dành cho hội thi" in response.content.decode()
    assert not talk.rounds.exists()


def test_contests_and_exhibitions_are_counted_among_the_events_held(minh, lan, province):
    commune = province["commune"]
    held = plan(commune, kind="contest", by=minh.user, day=dt.date(2026, 4, 21))
    services.report_event(event=held, adults=10, children=60, by=minh.user, at=NOW)
    show = plan(commune, kind="exhibition", by=minh.user, day=dt.date(2026, 4, 23))
    services.hold_event(event=show, by=minh.user, at=NOW)
    plan(commune, kind="exhibition", by=minh.user, day=dt.date(2026, 4, 25))  # only planned
    report = planning_selectors.report_object(commune, periods.parse("2026-04"))
    figures = {
        code: report["indicators"][code]["computed"]
        for code in ("events", "contests", "exhibitions")
    }
    assert figures == {"events": 2, "contests": 1, "exhibitions": 1}


def test_photos_and_documents_are_kept_with_their_checksum_and_a_wrong_file_is_refused(
    client, minh, contest, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(minh.user)
    url = f"/staff/events/{contest.pk}/files/"
    photo = SimpleUploadedFile("anh-hoi-thi.png", PNG, content_type="image/png")
    assert client.post(url, {"file": photo, "caption": "Lễ trao giải"}).status_code == 302
    kept = EventAttachment.objects.get()
    assert (kept.kind, kept.caption, kept.size) == ("photo", "Lễ trao giải", len(PNG))
    assert (tmp_path / kept.path).read_bytes() == PNG
    download = client.get(f"{url}{kept.pk}/")
    assert download.content == PNG
    assert download["Content-Type"] == "image/png"
    fake = SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png")
    refused = client.post(url, {"file": fake})
    assert refused.status_code == 400
    assert "JPEG, PNG" in refused.content.decode()
    assert EventAttachment.objects.count() == 1
    assert len(list(tmp_path.rglob("*.*"))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}{kept.pk}/remove/")
    assert not EventAttachment.objects.exists()
    assert not (tmp_path / kept.path).exists()


def test_other_library_staff_get_404_on_every_display_contest_and_file_page(
    client, an, lan, minh, contest, exhibition, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from libnet.events import attachments

    kept = attachments.attach_file(
        event=contest, upload=SimpleUploadedFile("a.png", PNG), by=minh.user
    )
    ContestEntrant.objects.create(
        event=contest, name="Phạm Thu Hà", prize="Giải Nhất", prize_rank=1
    )
    client.force_login(an.user)  # the school's librarian: neither event is hers
    for event in (contest, exhibition):
        base = f"/staff/events/{event.pk}"
        for path in ("/display/", "/display/list.pdf", "/display/bibliography.pdf", "/contest/",
                     "/contest/certificates.pdf", "/files/"):  # fmt: skip
            assert client.get(base + path).status_code == 404, path
        assert client.post(base + "/display/", {"action": "add", "item": "1"}).status_code == 404
        assert client.post(base + "/contest/", {"action": "round", "name": "X"}).status_code == 404
        assert client.post(base + "/files/", {"file": io.BytesIO(PNG)}).status_code == 404
    assert client.get(f"/staff/events/{contest.pk}/files/{kept.pk}/").status_code == 404
    assert client.post(f"/staff/events/{contest.pk}/files/{kept.pk}/remove/").status_code == 404
    assert EventAttachment.objects.count() == 1
    assert not contest.rounds.exists()
    assert contests.CONTEST == "contest"


# "²" passes str.isdigit() but int() refuses it; 25 digits fit no id column.
NOT_IDS = ("²", "abc", "9" * 25)


def test_a_display_action_naming_an_entry_or_a_batch_that_is_no_id_is_refused_not_a_500(
    client, lan, shelves, exhibition
):
    from libnet.events import displays

    copies = shelves["copies"]
    displays.add_copies(event=exhibition, item_ids=[copies["nhat_ky"].pk], by=lan.user)
    exhibition.refresh_from_db()
    client.force_login(lan.user)
    url = f"/staff/events/{exhibition.pk}/display/"
    for value in NOT_IDS:
        for action in ("up", "down", "note"):
            response = client.post(url, {"action": action, "entry": value, "note": "x"})
            assert response.status_code == 400, (action, value)
        response = client.post(url, {"action": "batch", "batch": value})
        assert response.status_code == 400, value
        assert client.post(url, {"action": "add", "item": value}).status_code == 302
        assert client.post(url, {"action": "remove", "entry": value}).status_code == 302
    entries = RecordListEntry.objects.filter(record_list_id=exhibition.display_list_id)
    assert [(entry.item_id, entry.note) for entry in entries] == [(copies["nhat_ky"].pk, "")]


def test_a_contest_round_entrant_or_certificate_that_is_no_id_is_refused_not_a_500(
    client, minh, contest
):
    contest_round = contests.add_round(event=contest, name="Vòng 1", by=minh.user)
    entrant = ContestEntrant.objects.create(
        event=contest, name="Phạm Thu Hà", prize="Giải Nhất", prize_rank=1
    )
    client.force_login(minh.user)
    url = f"/staff/events/{contest.pk}/contest/"
    for value in NOT_IDS:
        response = client.post(
            url, {"action": "score", "round": value, "entrant": entrant.pk, "score": "9"}
        )
        assert response.status_code == 400, value
        response = client.post(
            url, {"action": "score", "round": contest_round.pk, "entrant": value, "score": "9"}
        )
        assert response.status_code == 400, value
        response = client.post(url, {"action": "prize", "entrant": value, "prize": "Giải Ba"})
        assert response.status_code == 400, value
        response = client.get(f"{url}certificates.pdf", {"entrant": value})
        assert response.status_code == 404, value
    assert not contest_round.scores.exists()
    entrant.refresh_from_db()
    assert entrant.prize == "Giải Nhất"


def test_a_contest_round_held_on_a_day_typed_wrong_or_out_of_range_is_refused(
    client, minh, contest
):
    """A day typed wrong is refused with what to type, never dropped; a day far out of the
    years libnet takes is refused as every other date is."""
    client.force_login(minh.user)
    url = f"/staff/events/{contest.pk}/contest/"
    for typed in ("31/02/2026", "0001-01-01", "9999-12-31"):
        response = client.post(url, {"action": "round", "name": "Vòng 1", "held_on": typed})
        assert response.status_code == 400, typed
    assert not contest.rounds.exists()
