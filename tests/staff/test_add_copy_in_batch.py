"""The add-copy page puts the copy in an intake batch of its library (the general register's
Part I): one of the library's recent batches, or one opened with the copy, or none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.catalog import services as catalog_services
from libnet.catalog.models import IntakeBatch, Item

pytestmark = pytest.mark.django_db


def _form(library, register, **extra):
    return {
        "library": library.pk,
        "register": register.pk,
        "accession_number": "",
        "barcode": "",
        "call_number": "895.9223 VU",
        "item_type": "book",
        "source": "purchase",
        "price_vnd": "",
        "acquired_on": "",
        "notes": "",
        **extra,
    }


def test_the_form_offers_the_librarys_recent_batches_only(
    client, minh, an, record, province, commune_register
):
    ours = catalog_services.open_intake_batch(
        library=province["commune"],
        source="donation",
        received_on=dt.date(2026, 2, 1),
        supplier="Hội khuyến học xã",
        by=minh.user,
    )
    catalog_services.open_intake_batch(
        library=province["school"],
        source="purchase",
        received_on=dt.date(2026, 2, 1),
        supplier="Công ty sách trường học",
        by=an.user,
    )
    client.force_login(minh.user)
    page = client.get(reverse("staff:item_add", args=[record.pk])).content.decode()
    assert f'value="{ours.pk}"' in page
    assert "Hội khuyến học xã" in page
    assert "Công ty sách trường học" not in page


def test_minh_adds_a_copy_to_a_batch_and_it_takes_the_batchs_source_and_date(
    client, minh, record, province, commune_register
):
    batch = catalog_services.open_intake_batch(
        library=province["commune"],
        source="donation",
        received_on=dt.date(2026, 2, 1),
        by=minh.user,
    )
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        _form(province["commune"], commune_register, intake_batch=batch.pk),
    )
    assert response.status_code == 302
    item = Item.objects.get(bib=record)
    assert (item.intake_batch, item.source, item.acquired_on) == (
        batch,
        "donation",
        dt.date(2026, 2, 1),
    )


def test_minh_opens_a_batch_with_the_copy(client, minh, record, province, commune_register):
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        _form(
            province["commune"],
            commune_register,
            new_batch="on",
            batch_received_on="2026-02-20",
            batch_source="deposit",
            batch_document_number="LC-2026-03",
            batch_supplier="Nhà xuất bản Sông Lam",
        ),
    )
    assert response.status_code == 302
    batch = IntakeBatch.objects.get()
    assert (batch.library, batch.source, batch.document_number, batch.supplier) == (
        province["commune"],
        "deposit",
        "LC-2026-03",
        "Nhà xuất bản Sông Lam",
    )
    assert Item.objects.get(bib=record).intake_batch == batch


def test_a_refused_copy_leaves_no_new_batch_behind(
    client, minh, record, province, commune_register, school_item
):
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        _form(
            province["commune"],
            commune_register,
            barcode=school_item.barcode,  # taken
            new_batch="on",
            batch_received_on="2026-02-20",
            batch_source="purchase",
        ),
    )
    assert response.status_code == 200
    assert "Mã vạch" in response.content.decode()
    assert not IntakeBatch.objects.exists()
    assert not Item.objects.filter(bib=record).exists()


def test_a_new_batch_needs_its_day_and_not_a_chosen_batch_too(
    client, minh, record, province, commune_register
):
    batch = catalog_services.open_intake_batch(
        library=province["commune"],
        source="purchase",
        received_on=dt.date(2026, 2, 1),
        by=minh.user,
    )
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        _form(province["commune"], commune_register, new_batch="on", intake_batch=batch.pk),
    )
    page = response.content.decode()
    assert response.status_code == 200  # the form again, with why
    assert "Chọn một đợt nhập có sẵn hoặc mở đợt mới" in page
    assert "Ghi ngày nhận đợt tài liệu" in page
    assert IntakeBatch.objects.count() == 1
    assert not Item.objects.filter(bib=record).exists()


def test_a_batch_of_another_library_is_not_offered_and_is_refused(
    client, minh, an, record, province, commune_register
):
    theirs = catalog_services.open_intake_batch(
        library=province["school"], source="purchase", received_on=dt.date(2026, 2, 1), by=an.user
    )
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        _form(province["commune"], commune_register, intake_batch=theirs.pk),
    )
    assert response.status_code == 200  # the form again, with why
    assert not Item.objects.filter(bib=record).exists()
