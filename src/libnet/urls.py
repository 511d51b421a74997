"""URL map: staff pages under /staff/, the JSON API under /api/v1/, Django admin under /admin/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from libnet.api.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/", include("libnet.staff.urls")),
]
