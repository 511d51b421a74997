from django.urls import path

from libnet.schools import views

app_name = "schools"

urlpatterns = [
    path("", views.index, name="index"),
    path("criteria/", views.criteria, name="criteria"),
    path("bodies/<str:code>/", views.body, name="body"),
    path("<str:code>/", views.school, name="school"),
    path("<str:code>/<str:period>/enrolment/", views.enrolment, name="enrolment"),
    path("<str:code>/<str:period>/evidence/", views.evidence, name="evidence"),
    path("<str:code>/<str:period>/submit/", views.submit, name="submit"),
    path("<str:code>/<str:period>/decide/", views.decide, name="decide"),
    path("<str:code>/<str:period>/report.pdf", views.report_pdf, name="pdf"),
]
