"""Staff pages of the circulation app, under /staff/circulation/."""

from django.urls import URLPattern, URLResolver

app_name = "circulation"

urlpatterns: list[URLPattern | URLResolver] = []
