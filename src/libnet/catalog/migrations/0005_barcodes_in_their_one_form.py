"""Barcodes in the one form every lookup uses (core.text.identifier: NFKC, trimmed, capitals).

Copies typed or imported before could keep "tv0001" or a full-width digit; a desk that scans
it looks for "TV0001" and would not find it. A barcode whose normal form is already another
copy's stays as it is (the two must be told apart by hand).
"""

import unicodedata

from django.db import migrations


def _identifier(text: str) -> str:
    # core.text.identifier as of this migration.
    return unicodedata.normalize("NFKC", text).strip().upper()


def barcodes_in_their_one_form(apps, schema_editor):
    Item = apps.get_model("catalog", "Item")
    changes = [
        (pk, _identifier(barcode))
        for pk, barcode in Item.objects.values_list("pk", "barcode").iterator(chunk_size=5000)
        if _identifier(barcode) != barcode
    ]
    if not changes:
        return
    wanted = [barcode for _pk, barcode in changes]
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        taken.update(
            Item.objects.filter(barcode__in=wanted[start : start + 500]).values_list(
                "barcode", flat=True
            )
        )
    for pk, barcode in changes:
        if barcode and barcode not in taken:
            Item.objects.filter(pk=pk).update(barcode=barcode)
            taken.add(barcode)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_backfill_record_creating_library")]

    operations = [
        migrations.RunPython(barcodes_in_their_one_form, migrations.RunPython.noop, elidable=True)
    ]
