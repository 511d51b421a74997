"""Seed the two figures of training: courses held and people trained."""

from django.db import migrations

# (code, name_vi, name_en, unit_vi, unit_en, form code, order, source, definition); counted by
# libnet.training.stats_sources.
INDICATORS = [
    ("training_courses", "Lớp tập huấn, bồi dưỡng nghiệp vụ", "Training courses held", "lớp",
     "courses", "27", 270, "Provincial reports: training (tập huấn, bồi dưỡng nghiệp vụ)",
     "Training courses the library organised and finished, counted on their last day. "
     "Courses a managing body organises are in no library's figure."),
    ("people_trained", "Lượt người được tập huấn", "People trained", "người", "people", "28",
     280, "Provincial reports: training (tập huấn, bồi dưỡng nghiệp vụ)",
     "Participants who passed a training course the library organised, counted on the "
     "course's last day."),
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
    dependencies = [("planning", "0011_add_performance_evaluations")]

    operations = [migrations.RunPython(seed, unseed)]
