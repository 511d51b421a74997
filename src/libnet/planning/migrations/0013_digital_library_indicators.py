"""The digital library's figures: `digital_downloads` (pages or whole objects downloaded, per
day, for the object's library), and `pages_digitised` counted from digitisation projects
(the pages of the documents published, on the day published) for a library that has one;
a library with no project still enters it by hand. Counted by libnet.digital.stats_sources."""

from django.db import migrations

PAGES_BEFORE = "Pages digitised in the period (entered by hand monthly)."
PAGES_NOW = (
    "Pages of the documents a digitisation project of the library published, on the day "
    "published; entered by hand monthly by a library with no project."
)


def seed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    Indicator.objects.update_or_create(
        code="digital_downloads",
        defaults={
            "name_vi": "Lượt tải tài liệu số",
            "name_en": "Digital downloads",
            "unit_vi": "lượt",
            "unit_en": "downloads",
            "derivation": "computed",
            "aggregation": "sum",
            "form_code": "29",
            "source": "Luật Thư viện Art. 11.2.b: thư viện số về địa phương",
            "definition": "Pages or whole digital objects downloaded from the library's "
            "digital collection, on the day downloaded.",
            "order": 290,
        },
    )
    Indicator.objects.filter(code="pages_digitised").update(
        definition=PAGES_NOW, source="TT 02/2020 Art. 14: số hóa tài liệu"
    )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    Indicator.objects.filter(code="digital_downloads").delete()
    Indicator.objects.filter(code="pages_digitised").update(definition=PAGES_BEFORE, source="")


class Migration(migrations.Migration):
    dependencies = [("planning", "0012_seed_training_indicators")]

    operations = [migrations.RunPython(seed, unseed)]
