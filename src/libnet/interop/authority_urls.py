"""The upload of an authority file, under /staff/authority-import/ (interop/authority_views.py)."""

from django.urls import path

from libnet.interop import authority_views as views

app_name = "authority_import"

urlpatterns = [path("", views.authority_import, name="upload")]
