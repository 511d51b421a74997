"""Ship a default checklist for surveys and inspections of a library; the province edits it
or writes its own in admin."""

from django.db import migrations

NAME = "Phiếu khảo sát, kiểm tra thư viện (mẫu chung)"
# (section, what is checked): the areas an inspection of a library usually covers, as a
# starting point; not the text of any circular.
ITEMS = [
    ("Tài nguyên thông tin", "Vốn tài liệu đủ theo số bạn đọc (học sinh, giáo viên) và được bổ sung hằng năm"),
    ("Tài nguyên thông tin", "Báo, tạp chí được đặt và lưu giữ"),
    ("Tài nguyên thông tin", "Tài liệu được đăng ký cá biệt, biên mục, phân loại và sắp xếp đúng quy định"),
    ("Cơ sở vật chất", "Diện tích phòng đọc và kho đáp ứng yêu cầu tối thiểu"),
    ("Cơ sở vật chất", "Bàn ghế, giá kệ, ánh sáng, phòng cháy chữa cháy"),
    ("Cơ sở vật chất", "Máy tính, kết nối Internet, phần mềm quản lý thư viện"),
    ("Hoạt động", "Thời gian mở cửa phục vụ được niêm yết và thực hiện"),
    ("Hoạt động", "Sổ sách, số liệu thống kê lượt bạn đọc và lượt mượn được ghi đầy đủ"),
    ("Hoạt động", "Hoạt động khuyến đọc: giới thiệu sách, ngày hội đọc sách, tủ sách lớp học"),
    ("Quản lý và nhân lực", "Kế hoạch hoạt động năm của thư viện"),
    ("Quản lý và nhân lực", "Cán bộ thư viện được đào tạo, bồi dưỡng nghiệp vụ"),
    ("Quản lý và nhân lực", "Kiểm kê, thanh lọc tài liệu theo quy định"),
]


def seed(apps, schema_editor):
    Checklist = apps.get_model("training", "Checklist")
    ChecklistItem = apps.get_model("training", "ChecklistItem")
    checklist = Checklist.objects.create(name=NAME, is_default=True)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, section=section, text=text, order=index * 10)
        for index, (section, text) in enumerate(ITEMS, start=1)
    )


def unseed(apps, schema_editor):
    apps.get_model("training", "Checklist").objects.filter(name=NAME, is_default=True).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0003_add_inspections")]

    operations = [migrations.RunPython(seed, unseed)]
