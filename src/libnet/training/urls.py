"""Staff pages of training, under /staff/training/."""

from django.urls import URLPattern, URLResolver, path

from libnet.training import inspection_views, views

app_name = "training"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.course_list, name="list"),
    path("new/", views.course_new, name="new"),
    path("qualifications/", views.qualifications, name="qualifications"),
    path(
        "qualifications/<int:qualification_id>/remove/",
        views.qualification_remove,
        name="qualification_remove",
    ),
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
    path("inspections/", inspection_views.inspection_list, name="inspections"),
    path("inspections/new/", inspection_views.inspection_new, name="inspection_new"),
    path("inspections/<int:inspection_id>/", inspection_views.inspection_detail, name="inspection"),
    path(
        "inspections/<int:inspection_id>/findings/",
        inspection_views.findings,
        name="inspection_findings",
    ),
    path(
        "inspections/<int:inspection_id>/recommendations/",
        inspection_views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "inspections/<int:inspection_id>/recommendations/<int:recommendation_id>/close/",
        inspection_views.recommendation_close,
        name="recommendation_close",
    ),
    path(
        "inspections/<int:inspection_id>/minutes.pdf",
        inspection_views.minutes_pdf,
        name="minutes_pdf",
    ),
]
