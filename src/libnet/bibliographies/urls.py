"""Staff pages of bibliographies, under /staff/bibliographies/."""

from django.urls import URLPattern, URLResolver, path

from libnet.bibliographies import views

app_name = "bibliographies"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<int:bibliography_id>/", views.detail, name="detail"),
    path("<int:bibliography_id>/bibliography.pdf", views.as_pdf, name="pdf"),
    path("<int:bibliography_id>/bibliography.docx", views.as_docx, name="docx"),
]
