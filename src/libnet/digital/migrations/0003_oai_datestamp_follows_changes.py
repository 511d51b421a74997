"""The OAI-PMH datestamp of a digital object follows its changes; until now it was its
publication moment, which is where each published object starts."""

from django.db import migrations, models


def from_publication(apps, schema_editor):
    DigitalObject = apps.get_model("digital", "DigitalObject")
    DigitalObject.objects.filter(published_at__isnull=False).update(
        oai_datestamp=models.F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [("digital", "0002_add_page_ocr_at")]

    operations = [
        migrations.AddField(
            model_name="digitalobject",
            name="oai_datestamp",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(from_publication, migrations.RunPython.noop),
    ]
