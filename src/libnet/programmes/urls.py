"""Staff pages of the cooperation programme, under /staff/programmes/."""

from django.urls import URLPattern, URLResolver, path

from libnet.programmes import views

app_name = "programmes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("<int:programme_id>/", views.programme_detail, name="detail"),
    path("<int:programme_id>/schools/", views.programme_schools, name="schools"),
    path("<int:programme_id>/activities/", views.programme_link, name="link"),
    path("<int:programme_id>/targets/", views.programme_targets, name="targets"),
    path("<int:programme_id>/reviews/", views.review_open, name="review_open"),
    path("<int:programme_id>/reviews/<str:kind>/<str:period>/", views.review, name="review"),
    path(
        "<int:programme_id>/reviews/<str:kind>/<str:period>/review.pdf",
        views.review_pdf,
        name="review_pdf",
    ),
    path(
        "<int:programme_id>/reviews/<str:kind>/<str:period>/review.docx",
        views.review_docx,
        name="review_docx",
    ),
]
