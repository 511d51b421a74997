"""Public downloads of the digital library, under /digital/."""

from django.urls import URLPattern, URLResolver, path

from libnet.digital import download_views

app_name = "digital_downloads"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:object_id>/download", download_views.object_download, name="object"),
    path("<int:object_id>/page/<int:sequence>/download", download_views.page_download, name="page"),
]
