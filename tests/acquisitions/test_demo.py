"""The demo province's acquisitions: a provincial budget with an order received and one
partly received, and a budget at the former district library."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.acquisitions import selectors
from libnet.acquisitions.models import Budget, Order

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_provincial_budget_with_a_received_and_a_partly_received_order(
    small_demo,
):
    budget = Budget.objects.get(library__code="SL-TVT")
    states = sorted(Order.objects.filter(budget=budget).values_list("state", flat=True))
    assert states == ["partly_received", "received"]
    figures = selectors.budget_figures([budget.pk])[budget.pk]
    assert figures.spent > 0
    assert figures.committed > 0
    assert figures.left == figures.amount - figures.spent - figures.committed
    received = Order.objects.get(budget=budget, state="received")
    totals = selectors.order_totals(received)
    assert totals.received == totals.invoiced == totals.ordered
    assert Budget.objects.filter(library__code="SL-HUNGLAM").exists()


def test_lan_sees_the_demos_budget_page(client, small_demo):
    client.force_login(get_user_model().objects.get(username="lan"))
    page = client.get(reverse("acquisitions:budgets")).content.decode()
    assert "Thư viện tỉnh Sông Lam" in page
    assert "Chi nhánh Hưng Lam" in page
