"""The kinds of event and the national days suggested each year (DOMAIN.md §7): data the
province edits in admin afterwards."""

import datetime as dt

from django.db import migrations

KINDS = [
    ("book_day", "Ngày Sách và Văn hóa đọc Việt Nam", "Book and Reading Culture Day"),
    ("world_book_day", "Ngày Sách và Bản quyền thế giới", "World Book and Copyright Day"),
    ("lifelong_learning_week", "Tuần lễ hưởng ứng học tập suốt đời", "Lifelong-learning week"),
    ("talk", "Nói chuyện chuyên đề", "Talk"),
    ("contest", "Hội thi", "Contest"),
    ("exhibition", "Trưng bày, triển lãm", "Exhibition or display"),
    ("storytelling", "Kể chuyện", "Storytelling"),
    ("book_introduction", "Giới thiệu sách", "Book introduction"),
    ("reading_club", "Câu lạc bộ đọc sách", "Reading club"),
    ("other", "Hoạt động khác", "Other"),
]

# (code, kind, Vietnamese name, English name, month, day, days long); month None: the dates
# are set each year (NATIONAL_DAY_DATES).
NATIONAL_DAYS = [
    # Luật Thư viện 2019 Art. 30.1.
    ("book_day", "book_day", "Ngày Sách và Văn hóa đọc Việt Nam", "Book and Reading Culture Day", 4, 21, 1),
    # UNESCO; common practice, no Vietnamese legal text (DOMAIN §7).
    ("world_book_day", "world_book_day", "Ngày Sách và Bản quyền thế giới", "World Book and Copyright Day", 4, 23, 1),
    ("liberation_day", "exhibition", "Ngày Giải phóng miền Nam, thống nhất đất nước", "Reunification Day", 4, 30, 1),
    ("ho_chi_minh_birthday", "exhibition", "Ngày sinh Chủ tịch Hồ Chí Minh", "President Hồ Chí Minh's birthday", 5, 19, 1),
    ("national_day", "exhibition", "Quốc khánh", "National Day", 9, 2, 1),
    ("teachers_day", "exhibition", "Ngày Nhà giáo Việt Nam", "Vietnamese Teachers' Day", 11, 20, 1),
    # Early October; the province sets the days each year (DOMAIN §7).
    ("lifelong_learning_week", "lifelong_learning_week", "Tuần lễ hưởng ứng học tập suốt đời", "Lifelong-learning week", None, None, 7),
    # Lunar days: their solar dates for each year below.
    ("lunar_new_year", "exhibition", "Tết Nguyên đán", "Lunar New Year (Tết)", None, None, 3),
    ("mid_autumn", "storytelling", "Tết Trung thu", "Mid-Autumn Festival", None, None, 1),
]

NATIONAL_DAY_DATES = [
    # 1–7/10/2025: Sơn La and TP HCM (KH 104/KH-UBND, 25/09/2025), DOMAIN §7.
    ("lifelong_learning_week", 2025, dt.date(2025, 10, 1), dt.date(2025, 10, 7)),
    ("lunar_new_year", 2025, dt.date(2025, 1, 29), dt.date(2025, 1, 31)),
    ("lunar_new_year", 2026, dt.date(2026, 2, 17), dt.date(2026, 2, 19)),
    ("lunar_new_year", 2027, dt.date(2027, 2, 6), dt.date(2027, 2, 8)),
    ("lunar_new_year", 2028, dt.date(2028, 1, 26), dt.date(2028, 1, 28)),
    ("mid_autumn", 2025, dt.date(2025, 10, 6), dt.date(2025, 10, 6)),
    ("mid_autumn", 2026, dt.date(2026, 9, 25), dt.date(2026, 9, 25)),
    ("mid_autumn", 2027, dt.date(2027, 9, 15), dt.date(2027, 9, 15)),
    ("mid_autumn", 2028, dt.date(2028, 10, 3), dt.date(2028, 10, 3)),
]


def seed(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    NationalDay = apps.get_model("events", "NationalDay")
    NationalDayDate = apps.get_model("events", "NationalDayDate")
    kinds = {}
    for order, (code, name_vi, name_en) in enumerate(KINDS, start=1):
        kinds[code] = EventKind.objects.create(
            code=code, name_vi=name_vi, name_en=name_en, order=order * 10
        )
    days = {}
    for code, kind, name_vi, name_en, month, day, length in NATIONAL_DAYS:
        days[code] = NationalDay.objects.create(
            code=code,
            kind=kinds[kind],
            name_vi=name_vi,
            name_en=name_en,
            month=month,
            day=day,
            length_days=length,
        )
    for code, year, starts_on, ends_on in NATIONAL_DAY_DATES:
        NationalDayDate.objects.create(
            national_day=days[code], year=year, starts_on=starts_on, ends_on=ends_on
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_create_events")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
