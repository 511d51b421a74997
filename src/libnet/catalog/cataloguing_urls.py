"""Original cataloguing pages, under /staff/cataloguing/."""

from django.urls import path

from libnet.catalog import cataloguing_views as views

app_name = "cataloguing"

urlpatterns = [
    path("", views.start, name="start"),
    path("new/<slug:code>/", views.new_record, name="new"),
    path("new/<slug:code>/preview/", views.preview, name="preview"),
    path("records/<int:record_id>/saved/", views.saved, name="saved"),
    path("records/<int:record_id>/copy-set/", views.add_copy_set, name="copy_set"),
    path("labels/", views.labels_preview, name="labels"),
]
