"""Staff pages of training, under /staff/training/."""

from django.urls import URLPattern, URLResolver, path

from libnet.training import views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.course_list, name="list"),
    path("new/", views.course_new, name="new"),
    path("<int:course_id>/", views.course_detail, name="detail"),
    path("<int:course_id>/participants/", views.participant_add, name="participant_add"),
    path("<int:course_id>/results/", views.results, name="results"),
    path("<int:course_id>/finish/", views.course_finish, name="finish"),
    path("<int:course_id>/cancel/", views.course_cancel, name="cancel"),
    path(
        "<int:course_id>/sessions/<int:session_id>/",
        views.attendance,
        name="attendance",
    ),
    path("<int:course_id>/certificates.pdf", views.certificates_pdf, name="certificates_pdf"),
    path(
        "<int:course_id>/participants/<int:participant_id>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
]
