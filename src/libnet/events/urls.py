"""Staff pages of events, under /staff/events/."""

from django.urls import URLPattern, URLResolver, path

from libnet.events import display_views, views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.event_calendar, name="calendar"),
    path("new/", views.event_new, name="new"),
    path("national-days/", views.suggestions, name="suggestions"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/held/", views.event_hold, name="hold"),
    path("<int:event_id>/report/", views.event_report, name="report"),
    path("<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path(
        "<int:event_id>/registrations/<int:registration_id>/erase/",
        views.registration_erase,
        name="registration_erase",
    ),
    path("<int:event_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:event_id>/results.pdf", views.results_pdf, name="results_pdf"),
    path("<int:event_id>/display/", display_views.display, name="display"),
    path("<int:event_id>/display/list.pdf", display_views.display_pdf, name="display_pdf"),
    path(
        "<int:event_id>/display/bibliography.pdf",
        display_views.bibliography_pdf,
        name="bibliography_pdf",
    ),
    path("<int:event_id>/contest/", display_views.contest, name="contest"),
    path(
        "<int:event_id>/contest/certificates.pdf",
        display_views.certificates_pdf,
        name="certificates_pdf",
    ),
    path("<int:event_id>/files/", display_views.files, name="files"),
    path("<int:event_id>/files/<int:attachment_id>/", display_views.file_download, name="file"),
    path(
        "<int:event_id>/files/<int:attachment_id>/remove/",
        display_views.file_remove,
        name="file_remove",
    ),
]
