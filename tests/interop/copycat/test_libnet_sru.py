"""Another province running libnet is a copy cataloguing target: its SRU server (interop/sru),
live, answers copy cataloguing's SRU client in each SRU version, and the record found comes
in without the other province's copies (its 852 fields)."""

from __future__ import annotations

import pytest

from libnet.interop.copycat import services
from libnet.interop.models import CopyTarget
from tests.search.conftest import KIEU_ISBN, _build_catalogue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
def test_another_libnet_answers_by_title_author_and_isbn(live_server, version):
    _build_catalogue()
    target = CopyTarget(name="Tỉnh bạn", sru_url=f"{live_server.url}/sru", sru_version=version)
    for field, term in (("title", "Truyện Kiều"), ("author", "Nguyễn Du"), ("isbn", KIEU_ISBN)):
        answer = services.search_target(target=target, protocol="sru", field=field, term=term)
        titles = [found.record["245"]["a"] for found in answer.records if found.record]
        assert any(title.startswith("Truyện Kiều") for title in titles), (field, titles)


def test_a_record_from_another_libnet_comes_without_its_copies(live_server):
    _build_catalogue()
    target = CopyTarget(name="Tỉnh bạn", sru_url=f"{live_server.url}/sru", sru_version="2.0")
    answer = services.search_target(target=target, protocol="sru", field="isbn", term=KIEU_ISBN)
    record = next(found.record for found in answer.records if found.record)
    assert record.get_fields("852")  # the other province's copies, as its SRU server sends them
    prepared = services.prepare_record(record)
    assert not prepared.get_fields("852")
    assert prepared["245"]["a"] == record["245"]["a"]
