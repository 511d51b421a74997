"""Public catalogue pages at the site root: /, /search, /record/<id>, /libraries."""

from django.urls import path

from libnet.opac import views

app_name = "opac"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("search/export.csv", views.search_csv, name="search_csv"),
    path("search/bibliography", views.search_bibliography, name="search_bibliography"),
    path("record/<int:record_id>", views.record_detail, name="record"),
    path("libraries", views.library_list, name="libraries"),
    path("libraries/<str:code>", views.library_detail, name="library"),
]
