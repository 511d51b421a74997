"""core.plain_sql: rows read and written by plain SQL are what the ORM reads and writes, its
errors are Django's, and the statements it runs are the ones a test counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from libnet.catalog.models import Item, ItemStatus, ItemType
from libnet.circulation.models import Loan
from libnet.core import plain_sql
from libnet.core.models import AuditEntry
from tests.factories import NOW, BibRecordFactory, ItemFactory, LoanFactory, ShelfLocationFactory

pytestmark = pytest.mark.django_db


def _columns(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


@pytest.fixture
def shelved_copy(province):
    shelf = ShelfLocationFactory(library=province["commune"], code="KD", is_closed_stack=True)
    return ItemFactory(
        home_library=province["commune"],
        shelf_location=shelf,
        price_vnd=125_000,
        acquired_on=dt.date(2024, 9, 5),
        notes="Bìa rách nhẹ",
    )


def test_a_row_read_by_plain_sql_is_the_instance_the_orm_reads(shelved_copy):
    shape = plain_sql.shape(Item)
    with plain_sql.cursor() as cursor:
        cursor.execute(
            f"SELECT {shape.select} FROM {plain_sql.table(Item)} WHERE {plain_sql.column(Item, 'id')} = %s",
            [shelved_copy.pk],
        )
        built = shape.build(cursor.fetchone())
    assert _columns(built) == _columns(Item.objects.get(pk=shelved_copy.pk))
    assert built.created_at.tzinfo is not None  # an aware moment, as the ORM gives it
    assert built._state.adding is False
    assert built._state.db == "default"


def test_a_null_id_from_an_outer_join_builds_nothing():
    shape = plain_sql.shape(Item, ["id", "barcode"])
    assert shape.build([None, None]) is None


def test_select_in_reads_the_named_columns_of_several_rows(province):
    copies = [ItemFactory(home_library=province["commune"]) for _ in range(3)]
    ids = [copy.pk for copy in copies]
    with plain_sql.cursor() as cursor:
        cursor.execute(
            plain_sql.select_in(Item, ["id", "barcode"]) + plain_sql.placeholders(len(ids)), ids
        )
        rows = sorted(cursor.fetchall())
    assert rows == sorted((copy.pk, copy.barcode) for copy in copies)


def test_insert_writes_the_row_the_orm_reads_back_and_sets_its_id(province):
    copy = ItemFactory(home_library=province["commune"], status=ItemStatus.ON_LOAN)
    patron_loan = LoanFactory.build(item=copy, library=province["commune"])
    patron_loan.patron.save()
    loan = Loan(
        item_id=copy.pk,
        patron_id=patron_loan.patron.pk,
        library_id=province["commune"].pk,
        loaned_at=NOW,
        due_on=dt.date(2026, 3, 16),
    )
    plain_sql.insert(loan)
    assert loan.pk is not None
    assert loan._state.adding is False
    assert _columns(Loan.objects.get(pk=loan.pk)) == _columns(loan)


def test_update_changes_only_the_named_columns_and_counts_the_rows(shelved_copy, province):
    changed = plain_sql.update(
        Item,
        shelved_copy.pk,
        {"status": ItemStatus.IN_TRANSIT, "current_library_id": province["school"].pk},
    )
    assert changed == 1
    stored = Item.objects.get(pk=shelved_copy.pk)
    assert (stored.status, stored.current_library_id) == ("in_transit", province["school"].pk)
    assert stored.notes == "Bìa rách nhẹ"
    assert plain_sql.update(Item, 987654, {"status": ItemStatus.AVAILABLE}) == 0


def test_json_dates_and_text_choices_are_written_as_the_orm_writes_them(province):
    entry = AuditEntry(
        at=NOW,
        action="record.create",
        subject_type="catalog.item",
        subject_id="7",
        after={"tên": "Số đỏ", "giá": str(Decimal("125000"))},
    )
    plain_sql.insert(entry)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.at, stored.after, stored.before) == (NOW, entry.after, None)
    copy = ItemFactory(home_library=province["commune"])
    plain_sql.update(Item, copy.pk, {"item_type": ItemType.MAP})  # a TextChoices member
    assert Item.objects.values_list("item_type", flat=True).get(pk=copy.pk) == "map"


def test_a_constraint_refusal_is_djangos_integrity_error(province):
    first = ItemFactory(home_library=province["commune"])
    second = ItemFactory(home_library=province["commune"])
    with pytest.raises(IntegrityError), transaction.atomic():
        plain_sql.update(Item, second.pk, {"barcode": first.barcode})


def test_a_percent_sign_in_a_statement_is_kept():
    with plain_sql.cursor() as cursor:
        cursor.execute("SELECT '50%%', %s", ["Đ"])
        assert tuple(cursor.fetchone()) == ("50%", "Đ")


def test_new_builds_what_the_constructor_builds():
    bib = BibRecordFactory()
    made = plain_sql.new(Item, bib_id=bib.pk, barcode="N1", created_at=NOW, updated_at=NOW)
    constructed = Item(bib_id=bib.pk, barcode="N1", created_at=NOW, updated_at=NOW)
    assert _columns(made) == _columns(constructed)
    assert made._state.adding is True
    with pytest.raises(TypeError):
        plain_sql.new(Item, bib_id=bib.pk, no_such_field=1)


def test_the_statements_run_are_counted_as_they_run(shelved_copy, django_assert_num_queries):
    """A test that counts queries counts the production path: on SQLite the driver's own
    cursor, each statement logged as Django's debug cursor logs it."""
    with CaptureQueriesContext(connection) as captured, plain_sql.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert isinstance(cursor, plain_sql._DriverCursor)
        cursor.execute(
            plain_sql.select_in(Item, ["barcode"]) + plain_sql.placeholders(1), [shelved_copy.pk]
        )
        assert cursor.fetchone()[0] == shelved_copy.barcode
        cursor.executemany(
            f"UPDATE {plain_sql.table(Item)} SET notes = %s WHERE id = %s",
            [("a", shelved_copy.pk), ("b", shelved_copy.pk)],
        )
    assert len(captured.captured_queries) == 2
    assert str(shelved_copy.pk) in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1):
        plain_sql.update(Item, shelved_copy.pk, {"notes": "c"})


def test_execute_wrappers_see_the_hot_statements(shelved_copy):
    seen = []

    def spy(execute, sql, params, many, context):
        seen.append((sql, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        plain_sql.update(Item, shelved_copy.pk, {"notes": "d"})
    assert len(seen) == 1
    sql, many = seen[0]
    assert sql.startswith("UPDATE")
    assert many is False


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the driver's cursor is SQLite's")
def test_one_driver_cursor_is_kept_and_lent_to_one_block_at_a_time():
    with plain_sql.cursor() as outer, plain_sql.cursor() as inner:
        assert inner is not outer
    with plain_sql.cursor() as again:
        assert again is outer


def test_for_update_locks_rows_where_the_database_can():
    clause = plain_sql.for_update(of=Item)
    if connection.features.has_select_for_update:
        assert clause.startswith(" FOR UPDATE")
    else:
        assert clause == ""


def test_a_cached_statement_is_built_once():
    built = []

    @plain_sql.cached_sql
    def statement():
        built.append(1)
        return "SELECT 1"

    assert statement() == statement() == "SELECT 1"
    assert built == [1]


def test_new_builds_what_the_constructor_builds_for_every_model():
    """new() works the defaults out once per model (a field without one has a fixed one:
    None, or "" for text); for every model of libnet without its own __init__ it gives the
    values Model() gives, but for defaults computed at each call (a moment, a token)."""
    from django.apps import apps
    from django.db import models
    from django.db.models.fields import NOT_PROVIDED

    compared = 0
    for model in apps.get_models():
        if (
            not model.__module__.startswith("libnet.")
            or model.__init__ is not models.Model.__init__
        ):
            continue
        computed = {
            each.attname
            for each in model._meta.concrete_fields
            if (each.has_default() and callable(each.default))
            or each.db_default is not NOT_PROVIDED
        }
        made, constructed = _columns(plain_sql.new(model)), _columns(model())
        assert made.keys() == constructed.keys(), model
        for name in made.keys() - computed:
            assert made[name] == constructed[name], (model, name)
            assert type(made[name]) is type(constructed[name]), (model, name)
        compared += 1
    assert compared > 50
