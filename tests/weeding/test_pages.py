"""The weeding pages as Lan uses them, and what other libraries' staff get: 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import Item, ItemStatus
from libnet.weeding import services
from libnet.weeding.models import ContentFlag, RoundCopy, RoundState, WeedingRound
from tests.factories import NOW, BibRecordFactory
from tests.weeding.conftest import copies


@pytest.fixture
def weeding_round(provincial, shelf, lan) -> WeedingRound:
    return services.open_round(library=provincial, plan="Kho mở", by=lan.user, at=NOW)


def test_lan_opens_a_round_and_sees_the_cap(client, lan, provincial, shelf):
    client.force_login(lan.user)
    assert client.get(reverse("weeding:list")).status_code == 200
    response = client.post(
        reverse("weeding:new"), {"library": provincial.code, "plan": "Thanh lọc kho mở"}
    )
    weeding_round = WeedingRound.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("weeding:round", args=[weeding_round.pk])).content.decode()
    assert 'id="list-count">0 / 4<' in page


def test_lan_walks_a_round_through_its_steps_from_the_page(client, lan, weeding_round, provincial):
    six = copies(provincial, 6, prefix="SU")
    client.force_login(lan.user)
    url = reverse("weeding:step", args=[weeding_round.pk])
    assert client.post(url, {"to": "approved", "reference": "12/QĐ-SVHTTDL"}).status_code == 302
    page = client.get(reverse("weeding:round", args=[weeding_round.pk])).content.decode()
    assert f'value="{six[4].pk}"' in page  # the fifth copy is proposed as surplus
    client.post(reverse("weeding:add", args=[weeding_round.pk]), {"item": [six[4].pk, six[5].pk]})
    assert set(RoundCopy.objects.values_list("item__barcode", "criterion")) == {
        ("SU05", "surplus"),
        ("SU06", "surplus"),
    }
    assert client.post(url, {"to": "listed"}).status_code == 302
    client.post(
        reverse("weeding:council", args=[weeding_round.pk]),
        {"members": "Nguyễn Văn Hải; Chủ tịch; Giám đốc\nTrần Thị Lan; Thư ký"},
    )
    assert client.post(url, {"to": "council"}).status_code == 302
    assert client.post(url, {"to": "minutes"}).status_code == 302
    response = client.post(
        reverse("weeding:decision", args=[weeding_round.pk]),
        {"number": "20/QĐ-TV", "decided_on": "02/03/2026"},
    )
    assert response.status_code == 302
    six[4].refresh_from_db()
    assert six[4].status == ItemStatus.WITHDRAWN
    assert six[4].withdrawal_reference == "20/QĐ-TV"
    assert client.post(url, {"to": "published"}).status_code == 302
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.PUBLISHED


def test_a_step_out_of_order_is_refused_on_the_page_and_nothing_written(client, lan, weeding_round):
    client.force_login(lan.user)
    response = client.post(reverse("weeding:step", args=[weeding_round.pk]), {"to": "minutes"})
    assert response.status_code == 409
    assert 'id="round-error"' in response.content.decode()
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.REQUESTED
    assert weeding_round.steps.count() == 1


def test_a_copy_over_the_cap_is_refused_on_the_page(client, lan, weeding_round, shelf):
    services.add_copies(
        weeding_round=weeding_round, copies=[(c, "damaged") for c in shelf[:4]], by=lan.user
    )
    client.force_login(lan.user)
    response = client.post(
        reverse("weeding:add_barcode", args=[weeding_round.pk]),
        {"barcode": "sh010", "criterion": "damaged", "disposal": "destroy"},
    )
    assert response.status_code == 409
    assert weeding_round.copies.count() == 4


def test_lan_flags_a_record_for_its_content(client, lan, provincial):
    record = BibRecordFactory(title="Luật Đất đai 2003")
    client.force_login(lan.user)
    response = client.post(
        reverse("weeding:flags"),
        {"library": provincial.code, "record": record.pk, "reason": "Đã hết hiệu lực"},
    )
    assert response.status_code == 302
    flag = ContentFlag.objects.get()
    assert client.post(reverse("weeding:flag_clear", args=[flag.pk])).status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_at is not None


def test_other_library_staff_get_404_on_every_round_page_and_write(
    client, an, minh, weeding_round, lan, provincial
):
    flag = services.flag_content(
        library=provincial, bib=BibRecordFactory(), reason="Lỗi thời", by=lan.user, at=NOW
    )
    item = Item.objects.filter(home_library=provincial).first()
    services.add_copies(weeding_round=weeding_round, copies=[(item, "damaged")], by=lan.user)
    listed = weeding_round.copies.get()
    pk = weeding_round.pk
    for persona in (an, minh):
        client.force_login(persona.user)
        gets = [
            reverse("weeding:round", args=[pk]),
            reverse("weeding:form_pdf", args=[pk, "04"]),
        ]
        posts = [
            (reverse("weeding:step", args=[pk]), {"to": "approved", "reference": "1"}),
            (reverse("weeding:council", args=[pk]), {"members": "X"}),
            (reverse("weeding:add", args=[pk]), {"item": [item.pk]}),
            (
                reverse("weeding:add_barcode", args=[pk]),
                {"barcode": item.barcode, "criterion": "damaged", "disposal": "destroy"},
            ),
            (reverse("weeding:copy", args=[pk, listed.pk]), {"remove": "1"}),
            (reverse("weeding:decision", args=[pk]), {"number": "1", "decided_on": "02/03/2026"}),
            (reverse("weeding:flag_clear", args=[flag.pk]), {}),
        ]
        for url in gets:
            assert client.get(url).status_code == 404, url
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
        assert client.post(
            reverse("weeding:new"), {"library": provincial.code, "plan": "x"}
        ).status_code in (400, 403)
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.REQUESTED
    assert weeding_round.copies.count() == 1
    assert WeedingRound.objects.count() == 1


def test_every_form_is_a_pdf(client, lan, weeding_round):
    client.force_login(lan.user)
    for code in ("01", "02", "03", "04", "05", "06a", "06b", "07a", "07b"):
        response = client.get(reverse("weeding:form_pdf", args=[weeding_round.pk, code]))
        assert response.status_code == 200, code
        assert response.content.startswith(b"%PDF")
    assert client.get(reverse("weeding:form_pdf", args=[weeding_round.pk, "08"])).status_code == 404


def test_lan_changes_a_listed_copys_disposal_and_takes_another_off(
    client, lan, weeding_round, shelf
):
    services.add_copies(
        weeding_round=weeding_round, copies=[(c, "damaged") for c in shelf[:2]], by=lan.user
    )
    first, second = weeding_round.copies.order_by("pk")
    client.force_login(lan.user)
    url = reverse("weeding:copy", args=[weeding_round.pk, first.pk])
    response = client.post(
        url, {f"copy{first.pk}-disposal": "scrap", f"copy{first.pk}-criterion": "damaged"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.disposal == "scrap"
    client.post(reverse("weeding:copy", args=[weeding_round.pk, second.pk]), {"remove": "1"})
    assert list(weeding_round.copies.all()) == [first]


def test_a_round_opened_before_the_cycle_is_due_is_flagged_with_its_reason(
    client, lan, weeding_round, shelf, provincial
):
    from tests.weeding.test_rounds import walk_to_minutes

    walk_to_minutes(weeding_round, lan.user, shelf[:1])
    services.decide_round(
        weeding_round=weeding_round, number="40/QĐ-TV", decided_on=NOW.date(), by=lan.user
    )
    client.force_login(lan.user)
    listing = client.get(reverse("weeding:list")).content.decode()
    assert "02/03/2029" in listing  # the next round is due 3 years after the decision
    client.post(
        reverse("weeding:new"),
        {"library": provincial.code, "early_reason": "Sở yêu cầu sau lũ lụt"},
    )
    second = WeedingRound.objects.latest("pk")
    page = client.get(reverse("weeding:round", args=[second.pk])).content.decode()
    assert 'id="early-warning"' in page
    assert "Sở yêu cầu sau lũ lụt" in page
