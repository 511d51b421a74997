"""Staff pages of the digital library, under /staff/digital/."""

from django.urls import URLPattern, URLResolver, path

from libnet.digital import views

app_name = "digital"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.object_new, name="object_new"),
    path("<int:object_id>/", views.object_detail, name="object"),
    path("<int:object_id>/edit/", views.object_edit, name="object_edit"),
    path("<int:object_id>/access/", views.object_access, name="object_access"),
    path("<int:object_id>/collections/", views.object_collections, name="object_collections"),
    path("<int:object_id>/upload/", views.object_upload, name="object_upload"),
    path("<int:object_id>/pages/", views.page_order, name="pages"),
    path("<int:object_id>/pages/remove/", views.page_remove, name="page_remove"),
    path(
        "<int:object_id>/pages/<int:sequence>/thumbnail.jpg",
        views.page_thumbnail,
        name="thumbnail",
    ),
    path("collections/", views.collections, name="collections"),
    path("collections/<int:collection_id>/", views.collection_edit, name="collection"),
    path("networks/", views.networks, name="networks"),
    path("networks/<int:network_id>/remove/", views.network_remove, name="network_remove"),
    path("fixity/", views.fixity_checks, name="fixity"),
]
