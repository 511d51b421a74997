"""Staff pages of the patrons app, under /staff/readers/."""

from django.urls import URLPattern, URLResolver, path

from libnet.patrons import views

app_name = "patrons"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.patron_list, name="list"),
    path("new/", views.issue, name="issue"),
    path("new/fields/", views.issue_fields, name="issue_fields"),
    path("<int:patron_id>/", views.detail, name="detail"),
    path("<int:patron_id>/renew/", views.renew, name="renew"),
    path("<int:patron_id>/block/", views.block, name="block"),
    path("<int:patron_id>/unblock/", views.unblock, name="unblock"),
    path("<int:patron_id>/pin/", views.set_pin, name="set_pin"),
    path("<int:patron_id>/consents/", views.record_consent, name="record_consent"),
    path(
        "<int:patron_id>/consents/<int:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("<int:patron_id>/class/", views.change_class, name="change_class"),
    path("<int:patron_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("<int:patron_id>/export.json", views.export, name="export"),
    path("<int:patron_id>/erase/", views.erase, name="erase"),
    path("import/", views.import_pupils, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("classes/", views.classes, name="classes"),
    path("classes/<int:library_id>/", views.class_detail, name="class_detail"),
    path("classes/<int:library_id>/cards.pdf", views.class_cards, name="class_cards"),
    path("classes/<int:library_id>/rollover/", views.rollover, name="rollover"),
]
