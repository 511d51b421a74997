"""Staff pages of the rotation app, under /staff/rotation/."""

from django.urls import URLPattern, URLResolver, path

from libnet.rotation import views

app_name = "rotation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:batch_id>/scan/<str:mode>/", views.batch_scan, name="batch_scan"),
    path("batches/<int:batch_id>/add-list/", views.batch_add_list, name="batch_add_list"),
    path(
        "batches/<int:batch_id>/add-proposal/", views.batch_add_proposal, name="batch_add_proposal"
    ),
    path(
        "batches/<int:batch_id>/items/<int:item_id>/remove/",
        views.batch_remove,
        name="batch_remove",
    ),
    path("batches/<int:batch_id>/plan/", views.batch_plan, name="batch_plan"),
    path("batches/<int:batch_id>/receive/", views.batch_receive, name="batch_receive"),
    path("batches/<int:batch_id>/send-back/", views.batch_send_back, name="batch_send_back"),
    path("batches/<int:batch_id>/handover.pdf", views.batch_handover, name="batch_handover"),
    path(
        "batches/<int:batch_id>/packing-list.pdf",
        views.batch_packing_list,
        name="batch_packing_list",
    ),
    path("batches/<int:batch_id>/labels.pdf", views.batch_labels, name="batch_labels"),
    path("batches/<int:batch_id>/<str:action>/", views.batch_action, name="batch_action"),
    path("points/<str:code>/", views.point_plan, name="point_plan"),
    path("points/<str:code>/profile/", views.point_profile, name="point_profile"),
    path("usage/", views.deposit_usage, name="deposit_usage"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/slip.pdf", views.transit_slip, name="transit_slip"),
    path(
        "transfers/<int:transfer_id>/<str:action>/", views.transfer_action, name="transfer_action"
    ),
    path("ill/", views.ill_list, name="ill_list"),
    path("ill/<int:request_id>/<str:action>/", views.ill_answer, name="ill_answer"),
]
