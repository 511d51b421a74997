"""The serials' two indicators (counted by catalog/stats_sources.py)."""

from django.db import migrations

# (code, name_vi, name_en, unit_vi, unit_en, form code, source, definition), as 0002.
INDICATORS = [
    ("serial_titles_subscribed", "Tên báo, tạp chí bổ sung", "Serial titles subscribed", "tên",
     "titles", "20", "TT 18/2014 Art. 13 (tên ấn phẩm định kỳ); Bộ VHTTDL: báo, tạp chí bổ sung "
     "tính theo tên",
     "Serial titles a library subscribes to, counted on the first day of the subscription: a "
     "title renewed for a new year counts again that year."),
    ("serial_issues_received", "Số báo, tạp chí nhận về", "Serial issues received", "số",
     "issues", "21", "", "Issues of newspapers and magazines checked in at the library, "
     "counted once per issue however many copies of it came."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    order = 200
    for code, name_vi, name_en, unit_vi, unit_en, form, source, text in INDICATORS:
        order += 10
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
    dependencies = [("planning", "0005_indicators_added_by_source")]

    operations = [migrations.RunPython(seed, unseed)]
