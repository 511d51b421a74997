"""Staff pages of the rotation app."""

from django.urls import URLPattern, URLResolver

app_name = "rotation"

urlpatterns: list[URLPattern | URLResolver] = []
