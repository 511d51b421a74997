"""Staff pages of the mobile app, under /staff/mobile/."""

from django.urls import URLPattern, URLResolver, path

from libnet.mobile import views

app_name = "mobile"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.trip_list, name="trip_list"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("trips/<int:trip_id>/", views.trip, name="trip"),
    path("trips/<int:trip_id>/crew/", views.trip_crew, name="trip_crew"),
    path(
        "trips/<int:trip_id>/crew/<int:member_id>/remove/",
        views.trip_crew_remove,
        name="trip_crew_remove",
    ),
    path("trips/<int:trip_id>/stock/", views.trip_stock, name="trip_stock"),
    path("trips/<int:trip_id>/check-back/", views.trip_check_back, name="trip_check_back"),
    path("trips/<int:trip_id>/date/", views.trip_reschedule, name="trip_reschedule"),
    path("trips/<int:trip_id>/state/<slug:action>/", views.trip_action, name="trip_action"),
    path(
        "trips/<int:trip_id>/stops/<int:stop_id>/figures/",
        views.trip_stop_figures,
        name="trip_stop_figures",
    ),
    path("trips/<int:trip_id>/stops/<int:stop_id>/", views.stop, name="stop"),
    path("routes/", views.routes, name="routes"),
    path("routes/<int:route_id>/", views.route, name="route"),
    path(
        "routes/<int:route_id>/stops/<int:stop_id>/remove/",
        views.route_stop_remove,
        name="route_stop_remove",
    ),
    path("report/", views.report, name="report"),
    path("report/mau01.pdf", views.report_pdf, name="report_pdf"),
    path("report/mau01.xlsx", views.report_xlsx, name="report_xlsx"),
]
