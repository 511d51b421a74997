"""Public pages of the published bibliographies, at the site root."""

from django.urls import URLPattern, URLResolver, path

from libnet.bibliographies import public

app_name = "public_bibliographies"

urlpatterns: list[URLPattern | URLResolver] = [
    path("bibliographies", public.bibliography_list, name="list"),
    path("bibliographies/<int:bibliography_id>", public.bibliography_page, name="page"),
    path("bibliographies/<int:bibliography_id>.pdf", public.bibliography_pdf, name="pdf"),
    path("bibliographies/<int:bibliography_id>.docx", public.bibliography_docx, name="docx"),
]
