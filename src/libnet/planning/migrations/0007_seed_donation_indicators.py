"""Seed the two figures of donations (xã hội hóa): donated books received, and passed on."""

from django.db import migrations

# (code, name_vi, name_en, unit_vi, unit_en, form code, order, source, definition); counted by
# libnet.donations.stats_sources.
INDICATORS = [
    ("donated_items_received", "Sách được tặng (tiếp nhận)", "Donated books received", "bản",
     "copies", "22", 220, "TT 18/2014 Art. 13 (bổ sung: tặng biếu); xã hội hóa",
     "Donated books (copies) received by the library on the day they were received, catalogued "
     "or not. A copy catalogued later is also counted, once, in Copies added."),
    ("donated_items_passed_on", "Sách tặng thư viện cơ sở", "Donated books passed on",
     "bản", "copies", "23", 230, "Provincial reports: books donated to base libraries",
     "Donated books the library gave on to commune and school libraries below it, on the day "
     "given. Not rotation: they do not come back."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    for code, name_vi, name_en, unit_vi, unit_en, form, order, source, text in INDICATORS:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "derivation": "computed",
                "aggregation": "sum",
                "form_code": form,
                "source": source,
                "definition": text,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("planning", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0006_serial_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
