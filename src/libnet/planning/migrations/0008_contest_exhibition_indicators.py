"""Seed the figures of contests and exhibitions: among the events held, the contests (hội
thi) and the displays and exhibitions (trưng bày, triển lãm). Entered by hand like the other
event figures until a library records its events in libnet; counted by
libnet.events.stats_sources from then on."""

from django.db import migrations

# (code, name_vi, name_en, unit_vi, unit_en, form code, order, source, definition)
INDICATORS = [
    ("contests", "Hội thi tổ chức", "Contests held", "cuộc", "contests", "24", 240,
     "Kế hoạch phối hợp Văn hóa – Giáo dục: hội thi, cuộc thi về sách và văn hóa đọc",
     "Contests held by the library (counted on their start day), among the events held."),
    ("exhibitions", "Trưng bày, triển lãm tài liệu", "Displays and exhibitions held", "cuộc",
     "exhibitions", "25", 250, "TT 18/2014 Art. 12: trưng bày, triển lãm tài liệu",
     "Book displays and exhibitions held by the library (counted on their start day), among "
     "the events held."),
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
                "derivation": "manual",
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
    dependencies = [("planning", "0007_seed_donation_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
