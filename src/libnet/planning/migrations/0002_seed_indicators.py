"""Seed the indicators libraries report (editable afterwards in Django admin)."""

from django.db import migrations

# (code, name_vi, name_en, unit_vi, unit_en, derivation, aggregation, form code, source,
#  definition). Form codes are libnet's own row numbers: the official form's codes are not
# confirmed (DOMAIN §3.2).
INDICATORS = [
    ("visits", "Lượt bạn đọc đến thư viện", "Visits", "lượt", "visits", "computed", "sum", "01",
     "ISO 2789 (TCVN 12843) visits; TT 18/2014 Art. 13 (lượt người sử dụng)",
     "Each time a person enters the library or is served at a stop of the mobile library counts "
     "once: desk clicks, gate counters and daily tallies, and readers served by the mobile library."),
    ("loans", "Lượt tài liệu cho mượn về nhà", "Loans", "lượt", "loans", "computed", "sum", "02",
     "ISO 2789 loans; TT 18/2014 Art. 13 (lượt tài liệu được lưu hành)",
     "Copies lent for use outside the library, counted at checkout at the lending desk; "
     "renewals are not loans."),
    ("in_library_uses", "Lượt tài liệu đọc tại chỗ", "In-library uses", "lượt", "uses",
     "computed", "sum", "03", "ISO 2789 in-library use; TT 18/2014 Art. 13",
     "Documents read in the library (scanned at the desk or counted), including at mobile stops."),
    ("new_patrons", "Bạn đọc cấp thẻ mới", "New readers", "người", "readers", "computed", "sum",
     "04", "TT 18/2014 Art. 13 (người đăng ký lần đầu trong năm)",
     "Reader cards issued for the first time at the library."),
    ("active_patrons", "Bạn đọc thường xuyên (có mượn trong kỳ)", "Active readers", "người",
     "readers", "computed", "distinct", "05", "ISO 2789 active users",
     "Distinct readers who borrowed or renewed at the library during the period; a reader active "
     "in several months counts once."),
    ("lookups", "Lượt tra cứu mục lục trực tuyến", "Catalogue lookups", "lượt", "searches",
     "computed", "sum", "06", "ISO 2789 searches",
     "Searches answered by the OPAC or search API in the library's catalogue."),
    ("titles_added", "Tên tài liệu bổ sung", "Titles added", "tên", "titles", "computed", "sum",
     "07", "TT 18/2014 Art. 13 (đầu sách)",
     "Titles whose first copy at the library was added during the period."),
    ("items_added", "Bản tài liệu bổ sung", "Copies added", "bản", "copies", "computed", "sum",
     "08", "TT 18/2014 Art. 13 (bản sách)", "Copies added to the library's holdings."),
    ("records_created", "Biểu ghi thư mục tạo mới", "Records created", "biểu ghi", "records",
     "computed", "sum", "09", "",
     "Catalogue records created or imported by the library's cataloguers."),
    ("rotation_batches_sent", "Lượt luân chuyển tài liệu", "Rotation batches sent", "lượt",
     "batches", "computed", "sum", "10", "TT 05/2022 (luân chuyển tài liệu)",
     "Rotation batches shipped by the library."),
    ("rotation_items_sent", "Bản tài liệu luân chuyển", "Copies sent in rotation", "bản",
     "copies", "computed", "sum", "11", "TT 05/2022",
     "Copies shipped in rotation batches by the library."),
    ("mobile_trips", "Chuyến thư viện lưu động", "Mobile library trips", "chuyến", "trips",
     "computed", "sum", "12", "", "Trips of the mobile library done."),
    ("mobile_readers_served", "Lượt bạn đọc phục vụ lưu động", "Readers served by the mobile library",
     "lượt", "readers", "computed", "sum", "13", "", "Readers served at all stops of the trips."),
    ("events", "Hoạt động, sự kiện tổ chức", "Events held", "cuộc", "events", "manual", "sum",
     "14", "", "Events, exhibitions and themed displays organised (entered by hand monthly)."),
    ("event_attendance", "Lượt người tham dự sự kiện", "Event attendance", "lượt", "attendees",
     "manual", "sum", "15", "", "People attending the events (entered by hand monthly)."),
    ("talks", "Buổi giới thiệu sách, nói chuyện chuyên đề", "Talks and book presentations",
     "buổi", "talks", "manual", "sum", "16", "",
     "Book talks and themed talks held (entered by hand monthly)."),
    ("pages_digitised", "Trang tài liệu số hóa", "Pages digitised", "trang", "pages", "manual",
     "sum", "17", "", "Pages digitised in the period (entered by hand monthly)."),
    ("renewals", "Lượt gia hạn", "Renewals", "lượt", "renewals", "computed", "sum", "18", "",
     "Loans renewed."),
    ("holds", "Lượt đặt mượn", "Holds placed", "lượt", "holds", "computed", "sum", "19", "",
     "Holds placed for pickup at the library."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("planning", "Indicator")
    for order, row in enumerate(INDICATORS, start=1):
        code, name_vi, name_en, unit_vi, unit_en, derivation, aggregation, form, source, text = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "derivation": derivation,
                "aggregation": aggregation,
                "form_code": form,
                "source": source,
                "definition": text,
                "order": order * 10,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("planning", "Indicator").objects.filter(
        code__in=[row[0] for row in INDICATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_create_plans_and_reports")]

    operations = [migrations.RunPython(seed, unseed)]
