"""A budget line's figures follow its orders: committed when sent, spent when received; using
more than is left is refused unless a reason is given, which is kept and audited."""

from __future__ import annotations

import pytest

from libnet.acquisitions import selectors, services
from libnet.acquisitions.errors import AcquisitionsInvalid, AcquisitionsRefused
from libnet.acquisitions.models import Overspend
from libnet.core.models import AuditEntry
from tests.acquisitions.conftest import TODAY
from tests.factories import NOW

pytestmark = pytest.mark.django_db


def figures(budget):
    return selectors.budget_figures([budget.pk])[budget.pk]


def test_a_new_budget_line_has_all_of_its_amount_left(budget):
    assert (figures(budget).committed, figures(budget).spent, figures(budget).left) == (
        0,
        0,
        10_000_000,
    )


def test_a_draft_order_commits_nothing(budget, line):
    assert figures(budget).left == 10_000_000


def test_sending_an_order_commits_its_value(budget, sent):
    assert figures(budget).committed == 250_000
    assert figures(budget).left == 9_750_000


def test_receiving_moves_the_cost_from_committed_to_spent(budget, sent, line, provincial, lan):
    services.receive_line(
        line=line, copies=[(provincial, 2)], received_on=TODAY, by=lan.user, at=NOW
    )
    assert (figures(budget).committed, figures(budget).spent) == (150_000, 100_000)
    assert figures(budget).left == 9_750_000


def test_cancelling_frees_what_was_not_received_and_keeps_what_was(
    budget, sent, line, provincial, lan
):
    services.receive_line(
        line=line, copies=[(provincial, 1)], received_on=TODAY, by=lan.user, at=NOW
    )
    services.cancel_order(order=sent, by=lan.user, at=NOW)
    assert (figures(budget).committed, figures(budget).spent) == (0, 50_000)
    assert figures(budget).left == 9_950_000


def _big_order(provincial, supplier, budget, record, lan, *, copies):
    order = services.create_order(
        library=provincial, supplier=supplier, budget=budget, by=lan.user, at=NOW
    )
    services.add_order_line(
        order=order,
        bib=record,
        unit_price_vnd=100_000,
        destinations=[(provincial, copies)],
        by=lan.user,
        at=NOW,
    )
    return order


def test_an_order_beyond_what_is_left_is_refused_without_a_reason(
    provincial, supplier, budget, record, lan
):
    """10.000.000 left, an order of 12.000.000: refused with the figures, nothing written."""
    order = _big_order(provincial, supplier, budget, record, lan, copies=120)
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.send_order(order=order, by=lan.user, at=NOW)
    assert refusal.value.code == "overspend_needs_reason"
    assert "2.000.000" in refusal.value.message
    order.refresh_from_db()
    assert order.state == "draft"
    assert figures(budget).left == 10_000_000
    assert not Overspend.objects.exists()


def test_an_order_that_uses_the_last_dong_is_not_an_overspend(
    provincial, supplier, budget, record, lan
):
    order = _big_order(provincial, supplier, budget, record, lan, copies=100)
    services.send_order(order=order, by=lan.user, at=NOW)
    assert figures(budget).left == 0
    assert not Overspend.objects.exists()


def test_with_a_reason_the_budget_goes_below_zero_and_the_reason_is_kept_and_audited(
    provincial, supplier, budget, record, lan
):
    order = _big_order(provincial, supplier, budget, record, lan, copies=120)
    services.send_order(
        order=order,
        overspend_reason="Bổ sung sách cho Ngày Sách 21/4, Sở đã đồng ý",
        by=lan.user,
        at=NOW,
    )
    assert figures(budget).left == -2_000_000
    overspend = Overspend.objects.get()
    assert (overspend.order, overspend.amount_vnd) == (order, 2_000_000)
    assert overspend.reason == "Bổ sung sách cho Ngày Sách 21/4, Sở đã đồng ý"
    entry = AuditEntry.objects.get(action="budget.overspend")
    assert entry.after["reason"] == overspend.reason


def test_a_second_order_on_an_overspent_line_needs_its_own_reason(
    provincial, supplier, budget, record, lan
):
    first = _big_order(provincial, supplier, budget, record, lan, copies=120)
    services.send_order(order=first, overspend_reason="Đã duyệt", by=lan.user, at=NOW)
    second = _big_order(provincial, supplier, budget, record, lan, copies=1)
    with pytest.raises(AcquisitionsRefused, match=r"100\.000"):
        services.send_order(order=second, by=lan.user, at=NOW)


def test_lines_of_one_library_and_year_add_up(provincial, budget, lan):
    services.create_budget(
        library=provincial, year=2026, source="community", amount_vnd=3_000_000, by=lan.user
    )
    (year,) = selectors.budget_years(provincial.budgets.all())
    assert year.total.amount == 13_000_000
    assert [row.budget.source for row in year.rows] == ["state", "community"]


@pytest.mark.parametrize(
    ("year", "source", "amount", "code"),
    [
        (1999, "state", 1, "bad_year"),
        (2026, "lottery", 1, "bad_source"),
        (2026, "state", -1, "bad_amount"),
        (2026, "state", 10**13, "bad_amount"),
    ],
)
def test_a_budget_line_out_of_range_is_refused(provincial, lan, year, source, amount, code):
    with pytest.raises(AcquisitionsInvalid) as refusal:
        services.create_budget(
            library=provincial, year=year, source=source, amount_vnd=amount, by=lan.user
        )
    assert refusal.value.code == code
