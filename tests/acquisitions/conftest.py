"""The provincial library buys for itself and for Tân Lập commune library, from its state
budget; Lan (provincial cataloguer, covering the province) orders and receives, Minh (the
commune's clerk and cataloguer) and An (the school's librarian) are the other libraries."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.acquisitions import services
from libnet.acquisitions.models import Budget, Order, OrderLine, Supplier
from libnet.catalog.models import BibRecord
from tests.factories import NOW, BibRecordFactory, RegisterFactory

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def provincial(province):
    RegisterFactory(library=province["provincial"], prefix="VV", name="Sách tiếng Việt")
    return province["provincial"]


@pytest.fixture
def commune(province):
    RegisterFactory(library=province["commune"], prefix="TL", name="Sách xã Tân Lập")
    return province["commune"]


@pytest.fixture
def budget(provincial, lan) -> Budget:
    """The provincial library's state budget for 2026: 10.000.000 đồng."""
    return services.create_budget(
        library=provincial, year=2026, source="state", amount_vnd=10_000_000, by=lan.user, at=NOW
    )


@pytest.fixture
def supplier(lan) -> Supplier:
    return services.create_supplier(
        name="Công ty Phát hành sách Sông Lam",
        address="12 Lê Lợi, TP Sông Lam",
        tax_code="2900123456",
        contact="Chị Hà, 0238 3844 123",
        by=lan.user,
        at=NOW,
    )


@pytest.fixture
def record() -> BibRecord:
    return BibRecordFactory(title="Dế Mèn phiêu lưu ký")


@pytest.fixture
def order(provincial, supplier, budget, lan) -> Order:
    """A draft order of the provincial library."""
    return services.create_order(
        library=provincial, supplier=supplier, budget=budget, by=lan.user, at=NOW
    )


@pytest.fixture
def line(order, record, provincial, commune, lan) -> OrderLine:
    """Dế Mèn at 50.000 đồng: 3 copies for the province, 2 for Tân Lập (250.000 đồng)."""
    return services.add_order_line(
        order=order,
        bib=record,
        unit_price_vnd=50_000,
        destinations=[(provincial, 3), (commune, 2)],
        by=lan.user,
        at=NOW,
    )


@pytest.fixture
def sent(order, line, lan) -> Order:
    return services.send_order(order=order, by=lan.user, at=NOW)
