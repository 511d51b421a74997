"""Staff pages of donations, under /staff/donations/."""

from django.urls import URLPattern, URLResolver, path

from libnet.donations import views

app_name = "donations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.donation_new, name="donation_new"),
    path("donors/", views.donors, name="donors"),
    path("drives/new/", views.drive_new, name="drive_new"),
    path("drives/<int:drive_id>/", views.drive, name="drive"),
    path("<int:donation_id>/", views.donation, name="donation"),
    path("<int:donation_id>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:donation_id>/lines/<int:line_id>/catalogue/", views.catalogue, name="catalogue"),
    path("<int:donation_id>/pass-on/", views.pass_on, name="pass_on"),
]
