"""Staff pages of digitisation projects, under /staff/digital/projects/."""

from django.urls import URLPattern, URLResolver, path

from libnet.digital import project_views

app_name = "digital_projects"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", project_views.index, name="index"),
    path("<int:project_id>/", project_views.detail, name="detail"),
]
