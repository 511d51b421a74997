"""/iiif/: the Image API 3.0 under image/, manifests and collections (Presentation API 3)."""

from django.urls import path

from libnet.digital.iiif import views

app_name = "iiif"

urlpatterns = [
    path("image/<str:identifier>", views.image_base, name="image_base"),
    path("image/<str:identifier>/info.json", views.image_info, name="image_info"),
    path(
        "image/<str:identifier>/<str:region>/<str:size>/<str:rotation>/<str:quality_format>",
        views.image,
        name="image",
    ),
    path("<int:object_id>/manifest", views.manifest, name="manifest"),
    path("collection/library/<str:code>", views.library_collection, name="library_collection"),
    path(
        "collection/<str:library_code>/<str:collection_code>",
        views.named_collection,
        name="named_collection",
    ),
]
