"""core.audit writes its entries as rows (no AuditEntry instances) that read back whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from libnet.core import audit
from libnet.core.models import AuditEntry
from tests.factories import BibRecordFactory, UserFactory

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 4, 21, 8, 30, tzinfo=dt.UTC)


def test_an_entry_outside_a_batch_is_written_at_once():
    bib = BibRecordFactory(title="Dế Mèn phiêu lưu ký")
    clerk = UserFactory(username="lan")
    audit.record(
        "record.update",
        subject=bib,
        by=clerk,
        at=AT,
        library_id=7,
        before={"title": "Dế mèn"},
        after={"title": "Dế Mèn phiêu lưu ký", "n": [1, 2]},
        note="sửa tên sách",
    )
    entry = AuditEntry.objects.get()
    assert (entry.at, entry.actor, entry.action, entry.library_id, entry.note) == (
        AT,
        clerk,
        "record.update",
        7,
        "sửa tên sách",
    )
    assert (entry.subject_type, entry.subject_id) == ("catalog.bibrecord", str(bib.pk))
    assert (entry.before, entry.after) == (
        {"title": "Dế mèn"},
        {"title": "Dế Mèn phiêu lưu ký", "n": [1, 2]},
    )


def test_a_batch_writes_its_entries_when_it_ends_and_an_anonymous_actor_is_none():
    bib = BibRecordFactory(title="Số đỏ")
    with transaction.atomic(), audit.batch():
        audit.record("record.create", subject=bib, by=AnonymousUser(), at=AT)
        audit.record("record.update", subject=bib, by=None, at=AT, after={"n": 1})
        assert not AuditEntry.objects.exists()
    entries = list(AuditEntry.objects.order_by("id"))
    assert [entry.action for entry in entries] == ["record.create", "record.update"]
    assert [entry.actor_id for entry in entries] == [None, None]
    assert [entry.before for entry in entries] == [None, None]


def _failing_service(bib: object) -> None:
    with transaction.atomic(), audit.batch():
        audit.record("record.create", subject=bib, by=None, at=AT)
        raise RuntimeError("the service failed")


def test_a_batch_that_fails_writes_nothing():
    bib = BibRecordFactory(title="Số đỏ")
    with pytest.raises(RuntimeError):
        _failing_service(bib)
    assert not AuditEntry.objects.exists()


def test_the_log_keeps_only_the_time_and_object_indexes():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEntry._meta.db_table)
    indexed = sorted(
        tuple(details["columns"])
        for details in constraints.values()
        if details["index"] and not details["primary_key"]
    )
    assert indexed == [("at",), ("subject_type", "subject_id")]
