"""Network-wide loan rules (library blank); libraries override them in the admin.

TT 18/2014 Art. 7 and house rules (TT 13/2016): reference works are read in place;
periodicals lend for a shorter time; children borrow fewer items; pupils keep textbooks
for the school year.
"""

from django.db import migrations

RULES = [
    # category, item type, home loan, days, max loans, renewals
    (None, "", True, 14, 5, 2),
    (None, "reference", False, 0, 5, 0),
    (None, "periodical", True, 7, 5, 1),
    (None, "map", False, 0, 5, 0),
    ("child", "", True, 14, 3, 2),
    ("pupil", "", True, 14, 3, 2),
    ("pupil", "textbook", True, 270, 10, 0),
    ("teacher", "textbook", True, 270, 20, 0),
]


def seed(apps, schema_editor):
    PatronCategory = apps.get_model("patrons", "PatronCategory")
    CirculationPolicy = apps.get_model("circulation", "CirculationPolicy")
    for code, item_type, home_loan, days, max_loans, renewals in RULES:
        category = PatronCategory.objects.filter(code=code).first() if code else None
        if code and category is None:
            continue
        CirculationPolicy.objects.get_or_create(
            library=None,
            patron_category=category,
            item_type=item_type,
            defaults={
                "home_loan_allowed": home_loan,
                "loan_days": days,
                "max_loans": max_loans,
                "max_renewals": renewals,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("circulation", "0001_initial"),
        ("patrons", "0002_seed_reader_categories"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
