"""Acquisitions (bổ sung): the budget a library may spend in a year, its suppliers, the orders
it sends them, what was received of each order line, and the suppliers' invoices.

Money is in whole đồng (VND), as `catalog.Item.price_vnd`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import BibRecord, IntakeBatch
from libnet.network.models import Library

# The largest budget line: a thousand billion đồng is far above any library's year and still
# catches a number typed twice into the field.
MAX_BUDGET_VND = 1_000_000_000_000
# The most copies of one title for one library in one order line.
MAX_COPIES = 10_000


class BudgetSource(models.TextChoices):
    STATE = "state", _("State budget")
    COMMUNITY = "community", _("Community funding (xã hội hóa)")
    PROJECT = "project", _("Project")
    OTHER = "other", _("Other")


class Budget(models.Model):
    """A budget line (dự toán): what a library may spend on acquisitions in a year from one
    source. A library may have several lines in a year (the state budget and a project)."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("library")
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    source = models.CharField(_("source"), max_length=16, choices=BudgetSource.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["library", "-year", "pk"]
        indexes = [models.Index(fields=["library", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}"


class Supplier(models.Model):
    """A bookseller or publisher the libraries buy from (network-wide, like the catalogue)."""

    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=500, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="supplier_tax_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrderState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    PARTLY_RECEIVED = "partly_received", _("Partly received")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """An order (đơn đặt hàng) of a library to a supplier, paid from one of its budget lines.
    Its copies may go to the library itself or to libraries below it in the network."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="orders", verbose_name=_("library")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="orders", verbose_name=_("supplier")
    )
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="orders", verbose_name=_("budget line")
    )
    number = models.CharField(_("number"), max_length=40)
    ordered_on = models.DateField(_("date"))
    state = models.CharField(
        _("state"), max_length=16, choices=OrderState.choices, default=OrderState.DRAFT
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["library", "number"], name="order_number_per_library")
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """A title ordered: a catalogue record, or an ISBN and a title typed (a record is found
    or made at receiving), at a unit price, in copies for one or more libraries."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    bib = models.ForeignKey(
        BibRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue record"),
    )
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    unit_price_vnd = models.PositiveBigIntegerField(_("unit price (VND)"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title or self.isbn


class Allocation(models.Model):
    """How many copies of an order line go to one library."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("library")
    )
    copies = models.PositiveIntegerField(_("copies"))

    class Meta:
        ordering = ["line", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["line", "library"], name="allocation_once_per_library")
        ]

    def __str__(self) -> str:
        return f"{self.library_id}: {self.copies}"


class Receipt(models.Model):
    """Copies of an order line received for one library: they were added to the catalogue in
    the intake batch (general register, Part I) and their cost charged to the order's budget."""

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="receipts")
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("library")
    )
    copies = models.PositiveIntegerField(_("copies"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    received_on = models.DateField(_("received on"))
    document_number = models.CharField(_("invoice or delivery note"), max_length=100, blank=True)
    intake_batch = models.ForeignKey(
        IntakeBatch, on_delete=models.PROTECT, related_name="+", verbose_name=_("intake batch")
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["line", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} {self.copies}"


class Overspend(models.Model):
    """A use of a budget line beyond what was left, allowed with its reason: kept, audited
    and shown on the budget page."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="overspends")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="overspends")
    amount_vnd = models.PositiveBigIntegerField(_("beyond what was left (VND)"))
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["budget", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.amount_vnd} — {self.reason}"


class Invoice(models.Model):
    """A supplier's invoice (hóa đơn) for an order, and the order lines it covers."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("date"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    lines = models.ManyToManyField(OrderLine, related_name="invoices", verbose_name=_("lines"))
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["order", "issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "number"], name="invoice_number_per_supplier"
            )
        ]

    def __str__(self) -> str:
        return self.number
