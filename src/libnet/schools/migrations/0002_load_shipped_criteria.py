"""Load the criteria shipped with libnet (data/tt16_2022.json) as version 1, published.

Figures the file leaves empty are not confirmed in the text: the province fills them in a
later version (admin)."""

from django.db import migrations

from libnet.schools import criteria_file


def load(apps, schema_editor):
    CriteriaVersion = apps.get_model("schools", "CriteriaVersion")
    Criterion = apps.get_model("schools", "Criterion")
    if CriteriaVersion.objects.exists():
        return
    fields, rows = criteria_file.read()
    version = CriteriaVersion.objects.create(number=1, is_published=True, **fields)
    Criterion.objects.bulk_create(Criterion(version=version, **row) for row in rows)


def unload(apps, schema_editor):
    apps.get_model("schools", "CriteriaVersion").objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_create_standard")]

    operations = [migrations.RunPython(load, unload)]
