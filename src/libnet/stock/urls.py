"""Staff pages of the stocktake, under /staff/stock/."""

from django.urls import URLPattern, URLResolver, path

from libnet.stock import views

app_name = "stock"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.stocktake_list, name="list"),
    path("new/", views.stocktake_new, name="new"),
    path("province/", views.province, name="province"),
    path("register/", views.register_page, name="register"),
    path("compensation/", views.compensation_list, name="compensation_list"),
    path("compensation/<int:loan_id>/", views.compensation, name="compensation"),
    path("register/<str:code>/<int:year>.<str:fmt>", views.register_file, name="register_file"),
    path("<int:stocktake_id>/", views.desk, name="desk"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("<int:stocktake_id>/tablet/", views.tablet, name="tablet"),
    path("<int:stocktake_id>/scan/", views.scan, name="scan"),
    path("<int:stocktake_id>/upload/", views.upload, name="upload"),
    path("<int:stocktake_id>/close/", views.close, name="close"),
    path("<int:stocktake_id>/mark-lost/", views.mark_lost, name="mark_lost"),
    path("<int:stocktake_id>/record.pdf", views.record_pdf, name="record_pdf"),
    path("<int:stocktake_id>/lists/<str:outcome>/", views.outcome_list, name="outcome_list"),
    path(
        "<int:stocktake_id>/lists/<str:outcome>.<str:fmt>",
        views.outcome_file,
        name="outcome_file",
    ),
]
