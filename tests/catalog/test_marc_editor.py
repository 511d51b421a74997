"""The full MARC editor, deleting a record and merging two, through the staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog import editor, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import BibRecord, Item, RecordTombstone
from libnet.circulation.models import Hold, HoldStatus
from libnet.core import audit
from libnet.rotation.models import IllRequest
from libnet.weeding.models import ContentFlag
from tests.factories import NOW, HoldFactory, ItemFactory, LoanFactory, PatronFactory, make_marc


def as_post(record: editor.EditorRecord, action: str = "save") -> dict[str, str]:
    """The form the editor page sends for `record` when `action` is pressed."""
    data = {"action": action, "leader": record.leader}
    for position, value, _known in record.leader_positions():
        data[f"leader-{position.key}"] = value
    for i, marc_field in enumerate(record.fields):
        data[f"field-{i}-tag"] = marc_field.tag
        if marc_field.tag == "008":
            data[f"field-{i}-layout"] = editor.layout_008(record.leader)
            for position, value, _known in marc_field.positions(record.leader):
                data[f"field-{i}-p{position.key}"] = value
        elif marc_field.is_control:
            data[f"field-{i}-data"] = marc_field.data or ""
        else:
            data[f"field-{i}-ind1"] = editor.show_blank(marc_field.ind1)
            data[f"field-{i}-ind2"] = editor.show_blank(marc_field.ind2)
            for j, (code, value) in enumerate(marc_field.subfields):
                data[f"field-{i}-sf-{j}-code"] = code
                data[f"field-{i}-sf-{j}-value"] = value
    return data


def _record(lan, title="Số đỏ", **kwargs) -> BibRecord:
    return services.create_record(
        marc_record=make_marc(title=title, **kwargs), by=lan.user, library=lan.library
    )


def _field(record: editor.EditorRecord, tag: str) -> editor.EditorField:
    return next(f for f in record.fields if f.tag == tag)


@pytest.fixture
def so_do(lan):
    """Số đỏ, catalogued by the provincial library."""
    return _record(lan)


def test_editor_round_trips_a_record_unchanged(so_do):
    """The page's form read back gives the record it was drawn from."""
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    assert editor.EditorRecord.from_post(as_post(record)).as_marc_json() == so_do.marc_json


def test_the_editor_writes_the_leader_positions_marc_21_fixes_whatever_the_page_sent(so_do):
    post = as_post(editor.EditorRecord.from_marc_json(so_do.marc_json))
    post["leader"] = "00000nam a9900000 i 45zz"
    leader = editor.EditorRecord.from_post(post).as_marc_json()["leader"]
    assert (leader[10:12], leader[20:24]) == ("22", "4500")


def test_cataloguer_corrects_a_title_and_the_history_shows_it(client, lan, so_do):
    client.force_login(lan.user)
    url = reverse("marc_editor:edit", args=[so_do.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Thông tin về nhan đề" in page.content.decode()  # 245's name from the table
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    _field(record, "245").subfields[0][1] = "Số đỏ : tiểu thuyết /"
    response = client.post(url, as_post(record))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:record", args=[so_do.pk])
    so_do.refresh_from_db()
    assert so_do.title == "Số đỏ : tiểu thuyết"
    assert [e.action for e in audit.entries_for(so_do)][:1] == ["record.replace"]
    assert str(audit.action_label("record.replace")) in client.get(url).content.decode()


def test_a_summary_pasted_longer_than_a_marc_field_holds_is_refused_and_nothing_saved(
    client, lan, so_do
):
    """A summary of 4,000 Vietnamese letters is 12,000 bytes: past ISO 2709's 9,999 for a
    field. Saved, the record would be exported as a file no one can read."""
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    record.fields.append(editor.EditorField(tag="520", subfields=[["a", "ệ" * 4000]]))
    response = client.post(reverse("marc_editor:edit", args=[so_do.pk]), as_post(record))
    assert response.status_code == 422
    so_do.refresh_from_db()
    assert "520" not in {next(iter(f)) for f in so_do.marc_json["fields"]}
    assert not audit.entries_for(so_do).filter(action="record.replace").exists()


def test_a_save_with_an_error_saves_nothing_and_marks_the_field(client, lan, so_do):
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    title = _field(record, "245")
    title.ind1 = "9"
    title.subfields[0][1] = "Đổi mà không lưu"
    response = client.post(reverse("marc_editor:edit", args=[so_do.pk]), as_post(record))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Chỉ thị 1 của trường 245 không thể là “9”" in body
    assert 'aria-invalid="true"' in body
    so_do.refresh_from_db()
    assert so_do.title == "Số đỏ"
    assert not audit.entries_for(so_do).filter(action="record.replace").exists()


def test_a_warning_does_not_stop_a_save(client, lan, so_do):
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    record.fields.append(editor.EditorField(tag="123", subfields=[["a", "địa phương"]]))
    response = client.post(reverse("marc_editor:edit", args=[so_do.pk]), as_post(record))
    assert response.status_code == 302
    so_do.refresh_from_db()
    assert {"123": {"ind1": " ", "ind2": " ", "subfields": [{"a": "địa phương"}]}} in (
        so_do.marc_json["fields"]
    )


@pytest.mark.parametrize(
    ("action", "expected_tags"),
    [
        ("add-field-0", ["008", "", "082", "100", "245", "264", "650", "650"]),
        ("remove-field-1", ["008", "100", "245", "264", "650", "650"]),
        ("up-2", ["008", "100", "082", "245", "264", "650", "650"]),
        ("down-2", ["008", "082", "245", "100", "264", "650", "650"]),
    ],
)
def test_fields_are_added_removed_and_moved_without_saving(
    client, lan, so_do, action, expected_tags
):
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    response = client.post(
        reverse("marc_editor:edit", args=[so_do.pk]),
        as_post(record, action),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    drawn = [f.tag for f in _drawn(response)]
    assert drawn == expected_tags
    assert "autofocus" in response.content.decode()
    so_do.refresh_from_db()
    assert so_do.marc_json == record.as_marc_json()  # nothing saved


def _drawn(response) -> list[editor.EditorField]:
    """The fields of the editor as drawn, read back from the page's inputs."""
    import re

    html = response.content.decode()
    post = {}
    for name, value in re.findall(r'<input name="([^"]+)" id="[^"]+" value="([^"]*)"', html):
        post[name] = value
    return editor.EditorRecord.from_post(post).fields


def test_subfields_are_added_and_removed(client, lan, so_do):
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    index = record.fields.index(_field(record, "245"))
    url = reverse("marc_editor:edit", args=[so_do.pk])
    added = _drawn(client.post(url, as_post(record, f"add-sf-{index}-0")))[index]
    assert [code for code, _ in added.subfields] == ["a", "", "c"]
    removed = _drawn(client.post(url, as_post(record, f"remove-sf-{index}-1")))[index]
    assert [code for code, _ in removed.subfields] == ["a"]


def test_the_008_is_edited_by_position(client, lan, so_do):
    client.force_login(lan.user)
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    data = as_post(record)
    index = record.fields.index(_field(record, "008"))
    data[f"field-{index}-p33"] = "1"  # literary form: fiction
    data[f"field-{index}-p22"] = "j"  # juvenile
    assert client.post(reverse("marc_editor:edit", args=[so_do.pk]), data).status_code == 302
    so_do.refresh_from_db()
    fixed = next(f["008"] for f in so_do.marc_json["fields"] if "008" in f)
    assert (len(fixed), fixed[22], fixed[33]) == (40, "j", "1")


def test_new_record_is_created_for_the_cataloguers_library_then_copies(client, minh, province):
    client.force_login(minh.user)
    url = reverse("marc_editor:new")
    assert client.get(url).status_code == 200
    record = editor.EditorRecord.new_book()
    _field(record, "245").subfields[0][1] = "Sổ tay nuôi ong ở Tân Lập"
    response = client.post(url, as_post(record))
    bib = BibRecord.objects.get(title="Sổ tay nuôi ong ở Tân Lập")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:item_add", args=[bib.pk])
    assert bib.created_at_library == province["commune"]


def test_new_record_without_a_title_is_refused_on_the_field(client, minh):
    client.force_login(minh.user)
    response = client.post(reverse("marc_editor:new"), as_post(editor.EditorRecord.new_book()))
    assert response.status_code == 422
    assert "Trường con $a của trường 245 đang để trống" in response.content.decode()
    assert not BibRecord.objects.exists()


def test_a_school_librarian_cannot_change_the_provincial_librarys_record(client, an, so_do):
    """An catalogues at her school; Số đỏ was catalogued by the provincial library."""
    client.force_login(an.user)
    page = client.get(reverse("marc_editor:edit", args=[so_do.pk])).content.decode()
    assert "do Thư viện tỉnh Sông Lam biên mục" in page  # said before she types anything
    record = editor.EditorRecord.from_marc_json(so_do.marc_json)
    _field(record, "245").subfields[0][1] = "Đổi tên"
    response = client.post(reverse("marc_editor:edit", args=[so_do.pk]), as_post(record))
    assert response.status_code == 403
    assert "Thư viện tỉnh Sông Lam" in response.content.decode()
    response = client.post(reverse("marc_editor:delete", args=[so_do.pk]))
    assert response.status_code == 403
    other = _record_by(an, "Tắt đèn")
    response = client.post(
        reverse("marc_editor:merge", args=[other.pk]), {"survivor": so_do.pk, "confirm": "1"}
    )
    assert response.status_code == 403
    so_do.refresh_from_db()
    assert so_do.title == "Số đỏ"
    assert BibRecord.objects.filter(pk=other.pk).exists()


def _record_by(persona, title) -> BibRecord:
    return services.create_record(
        marc_record=make_marc(title=title), by=persona.user, library=persona.library
    )


def test_a_reader_desk_clerk_without_cataloguing_gets_no_editor(client, chi, so_do):
    client.force_login(chi.user)
    assert client.get(reverse("marc_editor:edit", args=[so_do.pk])).status_code in (403, 404)


def test_a_record_without_copies_is_deleted_and_leaves_a_tombstone(client, lan, so_do):
    client.force_login(lan.user)
    response = client.post(reverse("marc_editor:delete", args=[so_do.pk]))
    assert response.status_code == 302
    assert not BibRecord.objects.filter(pk=so_do.pk).exists()
    assert RecordTombstone.objects.get(record_id=so_do.pk).survivor_id is None


def test_a_record_with_copies_is_not_deleted(client, lan, so_do):
    ItemFactory(bib=so_do, home_library=lan.library)
    client.force_login(lan.user)
    page = client.get(reverse("marc_editor:edit", args=[so_do.pk])).content.decode()
    assert "không thể xoá" in page
    response = client.post(reverse("marc_editor:delete", args=[so_do.pk]))
    assert response.status_code == 400
    assert "Biểu ghi này còn 1 bản" in response.content.decode()
    assert BibRecord.objects.filter(pk=so_do.pk).exists()


def test_merge_moves_copies_loans_holds_ill_requests_and_flags_to_the_survivor(
    client, lan, province, so_do
):
    duplicate = _record(lan, title="Số đỏ (bản nhập trùng)")
    copy = ItemFactory(bib=duplicate, home_library=lan.library)
    loan = LoanFactory(item__bib=duplicate, item__home_library=province["commune"])
    reader = PatronFactory(home_library=lan.library)
    hold = HoldFactory(bib=duplicate, patron=reader)
    twin_reader = PatronFactory(home_library=lan.library)
    HoldFactory(bib=so_do, patron=twin_reader)
    twin_hold = HoldFactory(bib=duplicate, patron=twin_reader)
    ill = IllRequest.objects.create(
        patron=reader,
        home_library=province["commune"],
        bib=duplicate,
        lending_library=lan.library,
        requested_at=NOW,
    )
    flag = ContentFlag.objects.create(
        library=lan.library, bib=duplicate, reason="Lỗi thời", flagged_at=NOW
    )
    client.force_login(lan.user)
    url = reverse("marc_editor:merge", args=[duplicate.pk])
    preview = client.post(url, {"survivor": so_do.pk})
    assert preview.status_code == 200
    assert "Số đỏ (bản nhập trùng)" in preview.content.decode()
    response = client.post(url, {"survivor": so_do.pk, "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:record", args=[so_do.pk])
    assert not BibRecord.objects.filter(pk=duplicate.pk).exists()
    assert RecordTombstone.objects.get(record_id=duplicate.pk).survivor_id == so_do.pk
    assert Item.objects.get(pk=copy.pk).bib_id == so_do.pk
    loan.refresh_from_db()
    assert loan.item.bib_id == so_do.pk
    assert Hold.objects.get(pk=hold.pk).bib_id == so_do.pk
    twin_hold.refresh_from_db()
    assert (twin_hold.bib_id, twin_hold.status) == (so_do.pk, HoldStatus.CANCELLED)
    assert IllRequest.objects.get(pk=ill.pk).bib_id == so_do.pk
    assert ContentFlag.objects.get(pk=flag.pk).bib_id == so_do.pk
    merge = audit.entries_for(so_do).get(action="record.merge")
    assert merge.after["copies"] == 2
    assert merge.after["circulation"] == 2


def test_a_record_cannot_be_merged_into_itself(client, lan, so_do):
    client.force_login(lan.user)
    response = client.post(
        reverse("marc_editor:merge", args=[so_do.pk]), {"survivor": so_do.pk, "confirm": "1"}
    )
    assert response.status_code == 400
    assert BibRecord.objects.filter(pk=so_do.pk).exists()


@pytest.mark.parametrize("typed", ["²", "١٢", "12a", "99999999999999999999"])
def test_a_survivor_number_that_is_no_record_number_is_refused_on_the_merge_page(
    client, lan, so_do, typed
):
    """A superscript or Arabic-Indic digit passes str.isdigit: the page says what to type
    (400), never a server error, and nothing is merged."""
    client.force_login(lan.user)
    url = reverse("marc_editor:merge", args=[so_do.pk])
    assert client.get(url, {"survivor": typed}).status_code == 400
    response = client.post(url, {"survivor": typed, "confirm": "1"})
    assert response.status_code == 400
    assert BibRecord.objects.filter(pk=so_do.pk).exists()


def test_merge_refuses_when_a_row_no_app_moves_still_points_at_the_record(lan, so_do, monkeypatch):
    """An app that forgot its handler makes the merge fail, with nothing written."""
    from libnet.catalog import merged_records

    duplicate = _record(lan, title="Số đỏ 2")
    HoldFactory(bib=duplicate)
    ItemFactory(bib=duplicate, home_library=lan.library)
    monkeypatch.setattr(merged_records, "_handlers", {})
    with pytest.raises(CatalogRefused) as refused:
        services.merge_records(survivor=so_do, merged=duplicate, by=lan.user)
    assert refused.value.code == "record_still_referenced"
    assert Item.objects.filter(bib=duplicate).count() == 1


def test_merge_moves_saved_list_entries_and_the_records_as_received(lan, province, so_do):
    """A bibliography that named the duplicate names the survivor (once, where it named both);
    a display's copy entry follows its copy; the lossless copy of an import is kept."""
    from libnet.catalog.models import RecordListEntry
    from libnet.interop.models import ReceivedRecord

    duplicate = _record(lan, title="Số đỏ (bản nhập trùng)")
    copy = ItemFactory(bib=duplicate, home_library=lan.library)
    both = services.create_list(library=lan.library, kind="bibliography", title="Cả hai", by=None)
    services.add_to_list(record_list=both, records=[so_do, duplicate], by=None)
    only = services.create_list(library=lan.library, kind="bibliography", title="Một", by=None)
    services.add_to_list(record_list=only, records=[duplicate], by=None)
    show = services.create_list(library=lan.library, kind="display", title="Trưng bày", by=None)
    services.add_to_list(record_list=show, copies=[copy], by=None)
    received = ReceivedRecord.objects.create(bib=duplicate, received=b"00000", received_at=NOW)
    services.merge_records(survivor=so_do, merged=duplicate, by=lan.user)
    assert list(both.entries.values_list("bib_id", flat=True)) == [so_do.pk]
    assert list(only.entries.values_list("bib_id", flat=True)) == [so_do.pk]
    assert list(show.entries.values_list("bib_id", "item_id")) == [(so_do.pk, copy.pk)]
    received.refresh_from_db()
    assert received.bib_id == so_do.pk
    assert not RecordListEntry.objects.filter(bib_id=duplicate.pk).exists()
