"""Authority pages, under /staff/authorities/ (catalog/authority_views.py)."""

from django.urls import path

from libnet.catalog import authority_views as views

app_name = "authorities"

urlpatterns = [
    path("", views.authority_list, name="list"),
    path("new/", views.authority_new, name="new"),
    path("<int:authority_id>/", views.authority_detail, name="detail"),
    path("<int:authority_id>/edit/", views.authority_edit, name="edit"),
]
