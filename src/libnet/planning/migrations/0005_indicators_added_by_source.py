"""Seed the copies and titles added by source of intake (the general register's Part I):
purchase, donation, legal deposit, exchange, a reader's replacement. Counted by
catalog/stats_sources.py; the rows sit right after "titles added" and "copies added"."""

from django.db import migrations

# (source, Vietnamese, English, form suffix)
SOURCES = [
    ("purchase", "mua", "purchase", "a"),
    ("donation", "biếu tặng", "donation", "b"),
    ("deposit", "lưu chiểu", "legal deposit", "c"),
    ("exchange", "trao đổi", "exchange", "d"),
    ("replacement", "bạn đọc đền bù", "replaced by readers", "e"),
]

# (code prefix, Vietnamese name, English name, unit vi, unit en, form code, order, definition)
FIGURES = [
    ("titles_added", "Tên tài liệu bổ sung", "Titles added", "tên", "titles", "07", 70,
     "Titles whose first copy at the library was added during the period, from this source."),
    ("items_added", "Bản tài liệu bổ sung", "Copies added", "bản", "copies", "08", 80,
     "Copies added to the library's holdings during the period, from this source."),
]


def _rows():
    for prefix, name_vi, name_en, unit_vi, unit_en, form, order, text in FIGURES:
        for index, (source, source_vi, source_en, suffix) in enumerate(SOURCES, start=1):
            yield {
                "code": f"{prefix}_{source}",
                "name_vi": f"{name_vi}: {source_vi}",
                "name_en": f"{name_en}: {source_en}",
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "derivation": "computed",
                "aggregation": "sum",
                "form_code": f"{form}{suffix}",
                "source": "TT 18/2014 Art. 13; sổ đăng ký tổng quát, phần I",
                "definition": text,
                "order": order + index,
            }


def seed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    for row in _rows():
        code = row.pop("code")
        Indicator.objects.update_or_create(code=code, defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("planning", "Indicator").objects.filter(
        code__in=[row["code"] for row in _rows()]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_send_school_reports_to_bodies")]

    operations = [migrations.RunPython(seed, unseed)]
