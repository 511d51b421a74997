"""Public catalogue pages at the site root: /, /search, /record/<id>, /libraries, and the
reader's own account under /account/."""

from django.urls import path

from libnet.opac import views

app_name = "opac"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("search/export.csv", views.search_csv, name="search_csv"),
    path("search/bibliography", views.search_bibliography, name="search_bibliography"),
    path("record/<int:record_id>", views.record_detail, name="record"),
    path("record/<int:record_id>/hold", views.place_hold, name="place_hold"),
    path("account/", views.account, name="account"),
    path("account/login", views.account_login, name="account_login"),
    path("account/logout", views.account_logout, name="account_logout"),
    path("account/loans/<int:loan_id>/renew", views.account_renew, name="account_renew"),
    path(
        "account/holds/<int:hold_id>/cancel", views.account_hold_cancel, name="account_hold_cancel"
    ),
    path("libraries", views.library_list, name="libraries"),
    path("libraries/<str:code>", views.library_detail, name="library"),
    path(
        "libraries/<str:code>/weeding/<int:round_id>",
        views.weeding_list,
        name="weeding_list",
    ),
]
