"""Staff pages of the patrons app, under /staff/readers/."""

from django.urls import URLPattern, URLResolver

app_name = "patrons"

urlpatterns: list[URLPattern | URLResolver] = []
