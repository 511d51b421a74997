"""Staff pages, all under /staff/. Each view looks its objects up through an access getter."""

from django.contrib.auth import views as auth_views
from django.urls import path

from libnet.catalog import restriction_views
from libnet.catalog import views as catalog_views
from libnet.digital import text_views as digital_text_views
from libnet.interop import views as interop_views
from libnet.interop.copycat import views as copycat_views
from libnet.network import views as network_views
from libnet.staff import signin, views

app_name = "staff"

urlpatterns = [
    path("login/", signin.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("libraries/<str:code>/", views.library_detail, name="library"),
    path("network/", network_views.tree, name="network"),
    path(
        "digital/<int:object_id>/pages/<int:sequence>/text/",
        digital_text_views.type_text,
        name="digital_page_text",
    ),
    path("catalogue/", catalog_views.search, name="search"),
    path("catalogue/records/<int:record_id>/", catalog_views.record_detail, name="record"),
    path("catalogue/records/<int:record_id>/copies/add/", catalog_views.item_add, name="item_add"),
    path(
        "catalogue/records/<int:record_id>/copies/add/fields/",
        catalog_views.item_add_fields,
        name="item_add_fields",
    ),
    path("catalogue/copies/<int:item_id>/", catalog_views.item_detail, name="item"),
    path("catalogue/copies/<int:item_id>/edit/", catalog_views.item_edit, name="item_edit"),
    path("catalogue/copies/<int:item_id>/status/", catalog_views.item_status, name="item_status"),
    path("catalogue/labels.pdf", catalog_views.labels, name="labels"),
    path("catalogue/weeding/", catalog_views.weeding_list, name="weeding"),
    path("catalogue/restricted/", restriction_views.restricted_items, name="restricted_items"),
    path("registers/", catalog_views.register_list, name="registers"),
    path("registers/<int:register_id>/", catalog_views.register_detail, name="register"),
    path(
        "registers/<int:register_id>/register.xlsx",
        catalog_views.register_xlsx,
        name="register_xlsx",
    ),
    path(
        "registers/<int:register_id>/register.pdf", catalog_views.register_pdf, name="register_pdf"
    ),
    path(
        "registers/<int:register_id>/register-pdf/",
        catalog_views.register_pdf_job,
        name="register_pdf_job",
    ),
    path("documents/<int:job_id>/", catalog_views.document_job, name="document_job"),
    path(
        "documents/<int:job_id>/status/",
        catalog_views.document_job_status,
        name="document_job_status",
    ),
    path(
        "documents/<int:job_id>/download/",
        catalog_views.document_download,
        name="document_download",
    ),
    path(
        "registers/<int:register_id>/labels.pdf",
        catalog_views.register_labels,
        name="register_labels",
    ),
    path("catalogue/copy/", copycat_views.search, name="copycat"),
    path("catalogue/copy/import/", copycat_views.import_record, name="copycat_import"),
    path("imports/", interop_views.imports, name="imports"),
    path("imports/<int:job_id>/", interop_views.import_job, name="import_job"),
    path("imports/<int:job_id>/status/", interop_views.import_job_status, name="import_job_status"),
    path(
        "imports/<int:job_id>/report.txt", interop_views.import_job_report, name="import_job_report"
    ),
]
