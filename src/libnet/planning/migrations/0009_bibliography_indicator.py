"""Seed the figure of compiled bibliographies: published bibliographies (TT 18/2014 Art.
11–12: new acquisitions, subject and local-studies bibliographies, article indexes, press
digests), counted by libnet.bibliographies.stats_sources on the day they are published."""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("planning", "Indicator").objects.update_or_create(
        code="bibliographies_published",
        defaults={
            "name_vi": "Thư mục biên soạn, công bố",
            "name_en": "Bibliographies published",
            "unit_vi": "thư mục",
            "unit_en": "bibliographies",
            "derivation": "computed",
            "aggregation": "sum",
            "form_code": "26",
            "source": "TT 18/2014 Art. 11–12: biên soạn thư mục",
            "definition": "Bibliographies (new acquisitions, subject, local studies, article "
            "indexes, press digests) the library published on the catalogue, on the day "
            "published.",
            "order": 260,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("planning", "Indicator").objects.filter(
        code="bibliographies_published"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0008_contest_exhibition_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
