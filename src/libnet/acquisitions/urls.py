"""Staff pages of acquisitions, under /staff/acquisitions/."""

from django.urls import URLPattern, URLResolver, path

from libnet.acquisitions import views

app_name = "acquisitions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.order_list, name="orders"),
    path("budget/", views.budgets, name="budgets"),
    path("suppliers/", views.suppliers, name="suppliers"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/order.pdf", views.order_pdf, name="order_pdf"),
    path("orders/<int:order_id>/lines/add/", views.line_add, name="line_add"),
    path(
        "orders/<int:order_id>/lines/<int:line_id>/remove/", views.line_remove, name="line_remove"
    ),
    path(
        "orders/<int:order_id>/lines/<int:line_id>/receive/",
        views.line_receive,
        name="line_receive",
    ),
    path("orders/<int:order_id>/send/", views.order_send, name="order_send"),
    path("orders/<int:order_id>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<int:order_id>/invoices/add/", views.invoice_add, name="invoice_add"),
]
