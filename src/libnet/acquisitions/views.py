"""Staff pages of acquisitions, under /staff/acquisitions/: the budget, the suppliers, the
orders (drafting, sending, receiving a line, invoices) and the order as PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.acquisitions import access, documents, policies, selectors, services
from libnet.acquisitions.errors import AcquisitionsNotFound, AcquisitionsRefused
from libnet.acquisitions.forms import (
    DESTINATION_ROWS,
    BudgetForm,
    InvoiceForm,
    LineForm,
    OrderForm,
    ReceiveForm,
    SendForm,
    SupplierForm,
)
from libnet.acquisitions.models import Order, OrderState, Supplier
from libnet.catalog.models import BibRecord
from libnet.core import clock, pages
from libnet.core.errors import LibnetError
from libnet.network.models import Library

ORDERS_SHOWN = 200


@login_required
@require_http_methods(["GET", "POST"])
def budgets(request: HttpRequest) -> HttpResponse:
    """The budget lines of the user's libraries by year, with committed, spent and left, the
    overspends with their reasons; and a form to add a line."""
    access.require_acquisitions_role(request.user)
    libraries = access.libraries_for_staff(request.user)
    form = BudgetForm(
        request.POST or None,
        libraries=libraries,
        initial={"year": clock.today().year, "library": libraries.first()},
    )

    def create(data: dict[str, Any]) -> HttpResponse:
        services.create_budget(
            library=data["library"],
            year=data["year"],
            source=data["source"],
            amount_vnd=data["amount_vnd"],
            note=data["note"],
            by=request.user,
        )
        messages.success(request, _("Budget line added."))
        return redirect("acquisitions:budgets")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    years = selectors.budget_years(
        access.budgets_for_staff(request.user).select_related("library").order_by("-year", "pk")
    )
    return render(
        request,
        "acquisitions/budgets.html",
        {"years": years, "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def suppliers(request: HttpRequest) -> HttpResponse:
    access.require_acquisitions_role(request.user)
    form = SupplierForm(request.POST or None)

    def create(data: dict[str, Any]) -> HttpResponse:
        supplier = services.create_supplier(by=request.user, **data)
        messages.success(request, _("Supplier %(name)s added.") % {"name": supplier.name})
        return redirect("acquisitions:suppliers")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "acquisitions/suppliers.html",
        {"suppliers": Supplier.objects.all(), "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_GET
def order_list(request: HttpRequest) -> HttpResponse:
    access.require_acquisitions_role(request.user)
    orders = access.orders_for_staff(request.user).select_related("library", "supplier")
    return render(request, "acquisitions/orders.html", {"orders": orders[:ORDERS_SHOWN]})


@login_required
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest) -> HttpResponse:
    access.require_acquisitions_role(request.user)
    form = OrderForm(request.POST or None, budgets=access.budgets_for_staff(request.user))

    def create(data: dict[str, Any]) -> HttpResponse:
        budget = data["budget"]
        order = services.create_order(
            library=budget.library,
            supplier=data["supplier"],
            budget=budget,
            ordered_on=data["ordered_on"],
            number=data["number"],
            note=data["note"],
            by=request.user,
        )
        messages.success(
            request, _("Order %(number)s drafted. Add its titles.") % {"number": order.number}
        )
        return redirect("acquisitions:order", order.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request, "acquisitions/order_new.html", {"form": form}, status=pages.form_status(request)
    )


def _destinations(order: Order) -> Any:
    return Library.objects.filter(pk__in=services.destination_ids(order)).order_by(
        "sort_key", "code"
    )


def _order_page(
    request: HttpRequest, order: Order, *, status: int = 200, **forms: Any
) -> HttpResponse:
    rows = selectors.line_rows(order)
    figures = selectors.budget_figures([order.budget_id])[order.budget_id]
    is_draft = order.state in policies.EDITABLE_STATES
    is_open = order.state in policies.OPEN_STATES
    context: dict[str, Any] = {
        "order": order,
        "rows": rows,
        "totals": selectors.order_totals(order, rows),
        "figures": figures,
        "invoices": order.invoices.prefetch_related("lines").order_by("issued_on", "pk"),
        "is_draft": is_draft,
        "is_open": is_open,
        "can_cancel": policies.next_order_state(order.state, "cancel") is not None,
        "steps": [
            (state.value, state.label)
            for state in (
                OrderState.DRAFT,
                OrderState.SENT,
                OrderState.PARTLY_RECEIVED,
                OrderState.RECEIVED,
            )
        ],
        "destination_rows": range(1, DESTINATION_ROWS + 1),
    }
    if is_draft:
        context["line_form"] = forms.get("line_form") or LineForm(
            destinations=_destinations(order), initial={"library_1": order.library.code}
        )
        context["send_form"] = forms.get("send_form") or SendForm()
    if rows and order.state != OrderState.DRAFT:
        context["invoice_form"] = forms.get("invoice_form") or InvoiceForm(
            lines=order.lines.all(), initial={"issued_on": clock.today()}
        )
    return render(request, "acquisitions/order.html", context, status=status)


@login_required
@require_GET
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.get_order_for_staff(request.user, order_id)
    return _order_page(request, order)


@login_required
@require_POST
def line_add(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.get_order_for_staff(request.user, order_id)
    form = LineForm(request.POST, destinations=_destinations(order))

    def add(data: dict[str, Any]) -> HttpResponse:
        record = None
        if data["record"]:
            record = BibRecord.objects.filter(pk=data["record"]).first()
            if record is None:
                raise AcquisitionsNotFound("record_not_found")
        line = services.add_order_line(
            order=order,
            bib=record,
            isbn=data["isbn"],
            title=data["title"],
            unit_price_vnd=data["unit_price_vnd"],
            destinations=form.destinations(),
            by=request.user,
        )
        messages.success(request, _("%(title)s added to the order.") % {"title": line.title})
        return redirect("acquisitions:order", order.pk)

    done = pages.submit(request, form, add)
    if done is not None:
        return done
    return _order_page(request, order, status=400, line_form=form)


@login_required
@require_POST
def line_remove(request: HttpRequest, order_id: int, line_id: int) -> HttpResponse:
    order = access.get_order_for_staff(request.user, order_id)
    line = access.get_line(order, line_id)
    try:
        services.remove_order_line(line=line, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(title)s taken off the order.") % {"title": line.title})
    return redirect("acquisitions:order", order.pk)


@login_required
@require_POST
def order_send(request: HttpRequest, order_id: int) -> HttpResponse:
    """Send the order: its cost is committed on its budget line; beyond what is left, the
    form comes back asking for the reason."""
    order = access.get_order_for_staff(request.user, order_id)
    form = SendForm(request.POST)

    def send(data: dict[str, Any]) -> HttpResponse:
        services.send_order(order=order, overspend_reason=data["overspend_reason"], by=request.user)
        messages.success(request, _("Order %(number)s sent.") % {"number": order.number})
        return redirect("acquisitions:order", order.pk)

    done = pages.submit(request, form, send)
    if done is not None:
        return done
    return _order_page(request, order, status=409, send_form=form)


@login_required
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.get_order_for_staff(request.user, order_id)
    try:
        services.cancel_order(order=order, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Order %(number)s cancelled.") % {"number": order.number})
    return redirect("acquisitions:order", order.pk)


@login_required
@require_http_methods(["GET", "POST"])
def line_receive(request: HttpRequest, order_id: int, line_id: int) -> HttpResponse:
    """Receive copies of a line (GET: the form, each library's copies still to come; POST:
    the copies made, with their numbers and a link to their labels)."""
    order = access.get_order_for_staff(request.user, order_id)
    line = access.get_line(order, line_id)
    row = next(row for row in selectors.line_rows(order) if row.line.pk == line.pk)
    form = ReceiveForm(
        request.POST or None,
        destinations=[destination for destination in row.destinations if destination.left],
        initial={"received_on": clock.today()},
    )
    libraries = {
        library.pk: library
        for library in Library.objects.filter(
            pk__in=[destination.library_id for destination in row.destinations]
        )
    }

    def receive(data: dict[str, Any]) -> HttpResponse:
        received = services.receive_line(
            line=line,
            copies=[(libraries[library_id], count) for library_id, count in form.copies()],
            received_on=data["received_on"],
            document_number=data["document_number"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(count)s copies received and added to the catalogue.")
            % {"count": len(received.items)},
        )
        labels = (
            reverse("staff:labels")
            + "?"
            + urlencode([("items", item.pk) for item in received.items])
        )
        return render(
            request,
            "acquisitions/received.html",
            {
                "order": order,
                "line": line,
                "received": received,
                "copies": [(libraries[item.home_library_id], item) for item in received.items],
                "labels_url": labels,
            },
        )

    if order.state not in policies.OPEN_STATES:
        messages.error(request, AcquisitionsRefused("not_sent").message)
        return redirect("acquisitions:order", order.pk)
    done = pages.submit(request, form, receive)
    if done is not None:
        return done
    return render(
        request,
        "acquisitions/receive.html",
        {"order": order, "row": row, "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_POST
def invoice_add(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.get_order_for_staff(request.user, order_id)
    form = InvoiceForm(request.POST, lines=order.lines.all())

    def record(data: dict[str, Any]) -> HttpResponse:
        invoice = services.record_invoice(
            order=order,
            number=data["number"],
            issued_on=data["issued_on"],
            amount_vnd=data["amount_vnd"],
            lines=list(data["lines"]),
            by=request.user,
        )
        messages.success(request, _("Invoice %(number)s recorded.") % {"number": invoice.number})
        return redirect("acquisitions:order", order.pk)

    done = pages.submit(request, form, record)
    if done is not None:
        return done
    return _order_page(request, order, status=400, invoice_form=form)


@login_required
@require_GET
def order_pdf(request: HttpRequest, order_id: int) -> HttpResponse:
    """The order as sent to the supplier (đơn đặt hàng), under the library's letterhead."""
    order = access.get_order_for_staff(request.user, order_id)
    content = documents.order_pdf(order, selectors.line_rows(order))
    return pages.inline_pdf(content, f"{order.library.code}-{order.number}.pdf".replace(" ", "_"))
