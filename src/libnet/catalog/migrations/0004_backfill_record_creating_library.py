"""Records without a creating library get one: who may change a shared record depends on it.

First the library of the record's "record.create" audit entry (the import or page that made
it); failing that, the owner of its oldest copy, which in practice catalogued it. Records
with neither stay without one: only the provincial library's cataloguers may change those.
"""

from django.db import migrations

_CHUNK = 1000


def backfill_creating_library(apps, schema_editor):
    BibRecord = apps.get_model("catalog", "BibRecord")
    Item = apps.get_model("catalog", "Item")
    AuditEntry = apps.get_model("core", "AuditEntry")
    Library = apps.get_model("network", "Library")
    library_ids = set(Library.objects.values_list("id", flat=True))
    missing = list(
        BibRecord.objects.filter(created_at_library__isnull=True).values_list("id", flat=True)
    )
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start : start + _CHUNK]
        found: dict[int, int] = {}
        for subject_id, library_id in (
            AuditEntry.objects.filter(
                subject_type="catalog.bibrecord",
                subject_id__in=[str(pk) for pk in chunk],
                action="record.create",
                library_id__isnull=False,
            )
            .order_by("at", "id")
            .values_list("subject_id", "library_id")
        ):
            if library_id in library_ids:
                found.setdefault(int(subject_id), library_id)
        rest = [pk for pk in chunk if pk not in found]
        for bib_id, library_id in (
            Item.objects.filter(bib_id__in=rest)
            .order_by("bib_id", "created_at", "id")
            .values_list("bib_id", "home_library_id")
        ):
            found.setdefault(bib_id, library_id)
        for bib_id, library_id in found.items():
            BibRecord.objects.filter(pk=bib_id).update(created_at_library_id=library_id)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_bound_numeric_fields"),
        ("core", "0002_audit_entry_keeps_two_indexes"),
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill_creating_library, migrations.RunPython.noop, elidable=True)
    ]
