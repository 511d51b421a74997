"""Staff pages of the circulation app, under /staff/circulation/."""

from django.urls import URLPattern, URLResolver, path

from libnet.circulation import views

app_name = "circulation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("desk/", views.desk, name="desk"),
    path("desk/library/", views.desk_library, name="desk_library"),
    path("desk/scan/", views.desk_scan, name="desk_scan"),
    path("desk/mode/", views.desk_mode, name="desk_mode"),
    path("desk/end/", views.desk_end, name="desk_end"),
    path("desk/loans/<int:loan_id>/renew/", views.desk_renew, name="desk_renew"),
    path("desk/visit/", views.desk_visit, name="desk_visit"),
    path("desk/in-library-use/", views.desk_use, name="desk_use"),
    path("desk/slip/", views.desk_slip, name="desk_slip"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/letters.pdf", views.overdue_letters, name="overdue_letters"),
    path("holds/shelf/", views.hold_shelf, name="hold_shelf"),
    path("holds/<int:hold_id>/cancel/", views.hold_cancel, name="hold_cancel"),
    path("visits/", views.visits, name="visits"),
]
