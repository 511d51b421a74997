from django.urls import path

from libnet.schools import register_views, views

app_name = "schools"

urlpatterns = [
    path("", views.index, name="index"),
    path("criteria/", views.criteria, name="criteria"),
    path("bodies/<str:code>/", views.body, name="body"),
    path("<str:code>/", views.school, name="school"),
    path("<str:code>/bookcases/", register_views.bookcases, name="bookcases"),
    path("<str:code>/bookcases/<int:bookcase_id>/", register_views.bookcase, name="bookcase"),
    path("<str:code>/<str:period>/plan/", register_views.plan, name="plan"),
    path("<str:code>/<str:period>/plan/submit/", register_views.plan_submit, name="plan_submit"),
    path("<str:code>/<str:period>/plan/decide/", register_views.plan_decide, name="plan_decide"),
    path("<str:code>/<str:period>/helpers/", register_views.helpers, name="helpers"),
    path(
        "<str:code>/<str:period>/helpers/<int:helper_id>/end/",
        register_views.helper_end,
        name="helper_end",
    ),
    path("<str:code>/<str:period>/enrolment/", views.enrolment, name="enrolment"),
    path("<str:code>/<str:period>/evidence/", views.evidence, name="evidence"),
    path("<str:code>/<str:period>/submit/", views.submit, name="submit"),
    path("<str:code>/<str:period>/decide/", views.decide, name="decide"),
    path("<str:code>/<str:period>/report.pdf", views.report_pdf, name="pdf"),
    path("<str:code>/<str:period>/report.docx", views.report_docx, name="docx"),
]
