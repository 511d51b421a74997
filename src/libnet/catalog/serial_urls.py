"""Serials pages, under /staff/serials/ (catalog/serial_views.py)."""

from django.urls import path

from libnet.catalog import serial_views as views

app_name = "serials"

urlpatterns = [
    path("", views.serial_list, name="list"),
    path("titles/new/", views.title_new, name="title_new"),
    path("subscriptions/new/", views.subscription_new, name="subscription_new"),
    path("subscriptions/<int:subscription_id>/", views.subscription_detail, name="subscription"),
    path(
        "subscriptions/<int:subscription_id>/edit/",
        views.subscription_edit,
        name="subscription_edit",
    ),
    path("subscriptions/<int:subscription_id>/issues/", views.issue_add, name="issue_add"),
    path(
        "subscriptions/<int:subscription_id>/dispose/",
        views.issues_dispose,
        name="issues_dispose",
    ),
    path("check-in/", views.checkin, name="checkin"),
    path("claims/", views.claims, name="claims"),
    path("claims/letter.pdf", views.claim_letter, name="claim_letter"),
]
