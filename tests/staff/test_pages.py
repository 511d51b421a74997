"""Every staff page renders in Vietnamese for its persona; other libraries' objects are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.interop.models import MarcImportJob
from tests.factories import NOW


def _get(client, persona, url):
    client.force_login(persona.user)
    return client.get(url)


def test_anonymous_visitor_is_sent_to_the_login_page(client, record, commune_item):
    for url in [
        reverse("staff:home"),
        reverse("staff:network"),
        reverse("staff:search"),
        reverse("staff:record", args=[record.pk]),
        reverse("staff:item", args=[commune_item.pk]),
        reverse("staff:registers"),
        reverse("staff:imports"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:login"))


def test_login_page_speaks_vietnamese(client):
    response = client.get(reverse("staff:login"))
    assert response.status_code == 200
    assert "Đăng nhập libnet" in response.content.decode()


def test_minh_logs_in_with_his_password_and_lands_on_home(client, minh):
    response = client.post(
        reverse("staff:login"), {"username": "minh", "password": "demo-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff:home")
    assert "Xin chào, Nguyễn Văn Minh" in response.content.decode()


def test_logout_ends_the_session(client, minh):
    client.force_login(minh.user)
    response = client.post(reverse("staff:logout"))
    assert response.status_code == 302
    assert client.get(reverse("staff:home")).status_code == 302


def test_home_lists_the_libraries_minh_works_for(client, minh, commune_item):
    page = _get(client, minh, reverse("staff:home")).content.decode()
    assert "Thư viện của bạn" in page
    assert "Thư viện xã Tân Lập" in page
    assert "Biên mục, Lưu thông" in page  # his two roles
    assert "Thư viện Trường THCS Tân Lập" not in page


def test_switching_to_english_translates_the_page(client, minh):
    client.force_login(minh.user)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("staff:home")})
    page = client.get(reverse("staff:home")).content.decode()
    assert "Your libraries" in page


def test_library_page_shows_counts_for_minh(client, minh, commune_item, commune_job):
    response = _get(client, minh, reverse("staff:library", args=["SL-TANLAP"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bản sách theo trạng thái" in page
    assert "sach-moi-2026.mrc" in page  # recent imports
    assert "VV" in page  # its register


@pytest.mark.parametrize(
    ("persona_name", "code"), [("an", "SL-TANLAP"), ("minh", "SL-TVT"), ("minh", "SL-THCS-TANLAP")]
)
def test_another_librarys_page_is_404(request, client, persona_name, code):
    persona = request.getfixturevalue(persona_name)
    assert _get(client, persona, reverse("staff:library", args=[code])).status_code == 404


def test_network_tree_links_only_the_visible_libraries(client, minh):
    page = _get(client, minh, reverse("staff:network")).content.decode()
    assert "Mạng lưới thư viện" in page
    assert reverse("staff:library", args=["SL-TANLAP"]) in page
    assert reverse("staff:library", args=["SL-TVT"]) not in page
    assert "Thư viện tỉnh Sông Lam" in page  # shown, not linked
    assert "Tủ sách cộng đồng thôn Đồng Xuân" in page
    assert "không (báo cáo thủ công)" in page  # the bookcase does not run libnet


def test_chi_sees_the_provincial_subtree_linked(client, chi):
    page = _get(client, chi, reverse("staff:network")).content.decode()
    assert reverse("staff:library", args=["SL-TVT"]) in page
    assert reverse("staff:library", args=["SL-TANLAP"]) in page
    assert reverse("staff:library", args=["SL-THCS-TANLAP"]) not in page


def test_registers_page_lists_only_the_users_registers(
    client, minh, commune_register, school_register
):
    page = _get(client, minh, reverse("staff:registers")).content.decode()
    assert "Sổ đăng ký cá biệt" in page
    assert reverse("staff:register", args=[commune_register.pk]) in page
    assert reverse("staff:register", args=[school_register.pk]) not in page


def test_register_page_lists_its_copies(client, minh, commune_item):
    response = _get(client, minh, reverse("staff:register", args=[commune_item.register_id]))
    assert response.status_code == 200
    assert "VV.000001" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["staff:register", "staff:register_xlsx", "staff:register_pdf", "staff:register_labels"],
)
def test_school_librarian_gets_404_for_the_commune_register(client, an, commune_register, url_name):
    assert _get(client, an, reverse(url_name, args=[commune_register.pk])).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    ["staff:register", "staff:register_xlsx", "staff:register_pdf", "staff:register_labels"],
)
def test_commune_clerk_gets_404_for_the_provincial_register(
    client, minh, provincial_register, url_name
):
    assert _get(client, minh, reverse(url_name, args=[provincial_register.pk])).status_code == 404


def test_import_pages_render_for_minh(client, minh, commune_job):
    page = _get(client, minh, reverse("staff:imports")).content.decode()
    assert "Tải lên tệp MARC" in page
    assert "sach-moi-2026.mrc" in page


def test_job_page_shows_status_counts_and_report(client, minh, commune_job):
    page = _get(client, minh, reverse("staff:import_job", args=[commune_job.pk])).content.decode()
    assert "Hoàn tất" in page
    assert "Biểu ghi đã đọc" in page
    assert ">12<" in page  # records read
    assert "record 7 @ byte 4120" in page
    assert reverse("staff:import_job_report", args=[commune_job.pk]) in page
    assert 'hx-trigger="every 2s"' not in page  # finished: no more polling


def test_running_job_page_polls_and_shows_progress(client, minh, province):
    job = MarcImportJob.objects.create(
        library=province["commune"],
        original_name="dang-chay.mrc",
        stored_path="/nonexistent",
        file_size=2000,
        bytes_read=500,
        status="running",
        counts={"records_read": 3},
        created_at=NOW,
    )
    page = _get(client, minh, reverse("staff:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert 'value="25"' in page  # percent done
    status = client.get(reverse("staff:import_job_status", args=[job.pk]))
    assert status.status_code == 200
    assert "Đang chạy" in status.content.decode()


def test_report_download_is_the_report_text_failures_then_warnings(client, minh, commune_job):
    commune_job.warnings_report = "record 3 @ byte 900 (001 X3): imported with repairs"
    commune_job.save()
    response = _get(client, minh, reverse("staff:import_job_report", args=[commune_job.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    failures, warnings = response.content.decode().split("\n# ")
    assert failures.startswith("# Lỗi:")
    assert failures.endswith(commune_job.report)
    assert warnings.startswith("Cảnh báo:")
    assert warnings.endswith("record 3 @ byte 900 (001 X3): imported with repairs\n")


@pytest.mark.parametrize(
    "url_name", ["staff:import_job", "staff:import_job_status", "staff:import_job_report"]
)
def test_school_librarian_gets_404_for_a_commune_import(client, an, commune_job, url_name):
    assert _get(client, an, reverse(url_name, args=[commune_job.pk])).status_code == 404


def test_school_librarian_does_not_see_commune_imports_in_the_list(client, an, commune_job):
    page = _get(client, an, reverse("staff:imports")).content.decode()
    assert "sach-moi-2026.mrc" not in page


def test_pages_are_vietnamese_even_for_an_english_browser(client, minh):
    client.force_login(minh.user)
    page = client.get(reverse("staff:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Trang chủ" in page


def test_the_language_switch_turns_the_pages_english(client, minh):
    client.force_login(minh.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/staff/"})
    assert "Home" in client.get(reverse("staff:home")).content.decode()
