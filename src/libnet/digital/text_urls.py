"""Public addresses of the pages' text: /digital/<object id>/page/<n>[?q=…] and its image."""

from django.urls import path

from libnet.digital import text_views

app_name = "digital_text"

urlpatterns = [
    path("<int:object_id>/page/<int:sequence>", text_views.page, name="page"),
    path("<int:object_id>/page/<int:sequence>/web.jpg", text_views.page_image, name="page_image"),
]
