"""Catalogue data around the personas: a record with copies at the commune and the province."""

from __future__ import annotations

import pytest

from libnet.catalog import services
from libnet.interop.models import JobStatus, MarcImportJob
from tests.factories import NOW, BibRecordFactory, ItemFactory, RegisterFactory, make_marc


@pytest.fixture
def record(lan, province):
    """Số đỏ, catalogued by the province, with a proper MARC record (245, 082, 650…)."""
    return services.create_record(
        marc_record=make_marc(title="Số đỏ", isbn="978-604-1-00001-8"),
        by=lan.user,
        library=province["provincial"],
    )


@pytest.fixture
def commune_register(province):
    return RegisterFactory(library=province["commune"], prefix="VV", name="Sách tiếng Việt")


@pytest.fixture
def provincial_register(province):
    return RegisterFactory(library=province["provincial"], prefix="DV", name="Sách đọc tại chỗ")


@pytest.fixture
def school_register(province):
    return RegisterFactory(library=province["school"], prefix="STK", name="Sách tham khảo")


@pytest.fixture
def commune_item(record, province, commune_register):
    """A copy of Số đỏ at Tân Lập commune library (Minh's)."""
    return ItemFactory(
        bib=record,
        home_library=province["commune"],
        register=commune_register,
        accession_number="VV.000001",
        accession_sequence=1,
        barcode="TANLAP0000001",
        call_number="895.9223 V500T",
        price_vnd=85000,
    )


@pytest.fixture
def provincial_items(record, province, provincial_register):
    """Three copies of Số đỏ at the provincial library."""
    return [
        ItemFactory(
            bib=record,
            home_library=province["provincial"],
            register=provincial_register,
            accession_number=f"DV.{n:06d}",
            accession_sequence=n,
            barcode=f"TVT{n:07d}",
        )
        for n in (1, 2, 3)
    ]


@pytest.fixture
def school_item(province, school_register):
    return ItemFactory(
        bib=BibRecordFactory(title="Dế Mèn phiêu lưu ký"),
        home_library=province["school"],
        register=school_register,
        accession_number="STK.000001",
        accession_sequence=1,
    )


@pytest.fixture
def commune_job(minh, province):
    """A finished import into the commune library, filled in as the worker would."""
    return MarcImportJob.objects.create(
        library=province["commune"],
        created_by=minh.user,
        original_name="sach-moi-2026.mrc",
        stored_path="/nonexistent/sach-moi-2026.mrc",
        file_size=1000,
        bytes_read=1000,
        status=JobStatus.DONE,
        counts={
            "records_read": 12,
            "created": 10,
            "updated": 0,
            "skipped": 1,
            "failed": 1,
            "items_created": 15,
        },
        report="record 7 @ byte 4120 (001 VN-TL-7): invalid UTF-8 in 245 $a, skipped",
        created_at=NOW,
        finished_at=NOW,
    )
