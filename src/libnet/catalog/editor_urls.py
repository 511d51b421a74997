"""The full MARC editor, deletion and merge of records, under /staff/catalogue/marc/
(catalog/editor_views.py)."""

from django.urls import path

from libnet.catalog import editor_views as views

app_name = "marc_editor"

urlpatterns = [
    path("new/", views.new_record, name="new"),
    path("<int:record_id>/", views.edit_record, name="edit"),
    path("<int:record_id>/delete/", views.delete_record, name="delete"),
    path("<int:record_id>/merge/", views.merge_records, name="merge"),
]
