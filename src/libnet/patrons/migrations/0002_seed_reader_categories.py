"""The reader categories every province starts with; fees are examples a province edits.

Luật Thư viện 2019 Art. 43 (DOMAIN §2.9): children, the elderly, war invalids, people with
disabilities and poor or near-poor households are exempt from the card fee.
"""

from django.db import migrations

CATEGORIES = [
    # code, Vietnamese name, English name, fee (VND), exempt, needs school, card months
    ("adult", "Người lớn", "Adult", 20000, False, False, 12),
    ("child", "Thiếu nhi", "Child", 0, True, False, 12),
    ("pupil", "Học sinh", "Pupil", 0, True, True, 12),
    ("student", "Sinh viên", "Student", 10000, False, False, 12),
    ("teacher", "Giáo viên", "Teacher", 0, False, True, 12),
    ("elderly", "Người cao tuổi", "Elderly person", 0, True, False, 24),
    ("disabled", "Người khuyết tật", "Person with a disability", 0, True, False, 24),
    ("war_invalid", "Thương binh", "War invalid", 0, True, False, 24),
    ("poor_household", "Hộ nghèo, cận nghèo", "Poor or near-poor household", 0, True, False, 12),
]


def seed(apps, schema_editor):
    PatronCategory = apps.get_model("patrons", "PatronCategory")
    for order, (code, name, name_en, fee, exempt, school, months) in enumerate(CATEGORIES):
        PatronCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "card_fee_vnd": fee,
                "is_fee_exempt": exempt,
                "needs_school": school,
                "card_months": months,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("patrons", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
