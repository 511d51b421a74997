"""Staff pages of the planning app, under /staff/planning/."""

from django.urls import URLPattern, URLResolver, path

from libnet.planning import views
from libnet.planning.official import views as official_views

app_name = "planning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<str:code>/<int:year>/", views.plan, name="plan"),
    path("figures/<str:code>/", views.figures, name="figures"),
    path("bodies/", views.bodies, name="bodies"),
    path("statistics/<str:code>/", official_views.statistics, name="statistics"),
    path(
        "evaluations/<str:code>/<str:period>/",
        official_views.performance_evaluation,
        name="evaluation",
    ),
    path("bodies/<str:code>/", views.body, name="body"),
    path("reports/<str:code>/<str:period>/", views.report, name="report"),
    path("reports/<str:code>/<str:period>/adjust/", views.report_adjust, name="report_adjust"),
    path("reports/<str:code>/<str:period>/comment/", views.report_comment, name="report_comment"),
    path("reports/<str:code>/<str:period>/submit/", views.report_submit, name="report_submit"),
    path("reports/<str:code>/<str:period>/accept/", views.report_accept, name="report_accept"),
    path("reports/<str:code>/<str:period>/return/", views.report_return, name="report_return"),
    path("reports/<str:code>/<str:period>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/<str:code>/<str:period>/report.pdf", views.report_pdf, name="report_pdf"),
]
