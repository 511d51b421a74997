"""Staff pages of weeding, under /staff/weeding/."""

from django.urls import URLPattern, URLResolver, path

from libnet.weeding import views

app_name = "weeding"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.round_list, name="list"),
    path("new/", views.round_new, name="new"),
    path("flags/", views.flags, name="flags"),
    path("flags/<int:flag_id>/clear/", views.flag_clear, name="flag_clear"),
    path("<int:round_id>/", views.round_detail, name="round"),
    path("<int:round_id>/step/", views.round_step, name="step"),
    path("<int:round_id>/council/", views.round_council, name="council"),
    path("<int:round_id>/add/", views.round_add, name="add"),
    path("<int:round_id>/add-barcode/", views.round_add_barcode, name="add_barcode"),
    path("<int:round_id>/copies/<int:copy_id>/", views.round_copy, name="copy"),
    path("<int:round_id>/decision/", views.round_decision, name="decision"),
    path("<int:round_id>/forms/<str:form>.pdf", views.round_form_pdf, name="form_pdf"),
]
