"""The province's default reporting line (DOMAIN §6) and the levels of existing schools."""

from django.db import migrations

# NĐ 150/2025: the commune Phòng Văn hóa – Xã hội manages kindergartens, primary and
# lower-secondary schools; upper-secondary schools stay with the provincial Sở GD&ĐT.
RULES = {
    "kindergarten": "commune_office",
    "primary": "commune_office",
    "lower_secondary": "commune_office",
    "upper_secondary": "education_department",
}
KIND_LEVELS = {
    "school_kindergarten": ["kindergarten"],
    "school_primary": ["primary"],
    "school_lower_secondary": ["lower_secondary"],
    "school_upper_secondary": ["upper_secondary"],
}


def seed(apps, schema_editor):
    ReportingRule = apps.get_model("network", "ReportingRule")
    Library = apps.get_model("network", "Library")
    for level, body_kind in RULES.items():
        ReportingRule.objects.get_or_create(level=level, defaults={"body_kind": body_kind})
    # A multi-level school's levels are not in its kind: they are set by hand.
    for kind, levels in KIND_LEVELS.items():
        Library.objects.filter(kind=kind).update(school_levels=levels)


class Migration(migrations.Migration):
    dependencies = [("network", "0002_add_managing_bodies_and_school_levels")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
