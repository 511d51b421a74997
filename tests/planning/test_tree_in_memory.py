"""A report reads the library tree from memory (network.selectors), not the library table
again for every column: the table is read for the library asked for, and once for the names
of its children and of the library it is sent to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import cache
from libnet.network import services as network_services
from libnet.network.models import Library
from libnet.planning import selectors
from libnet.planning.periods import parse
from tests.planning.test_one_set_of_figures import bearer


def _reads_of(captured, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in captured.captured_queries)


@pytest.fixture
def report_url():
    return reverse("planning:report", args=["SL-TVT", "2026-03"])


def test_the_report_page_reads_the_library_table_for_the_library_and_its_children(
    client, chi, rich_network, report_url, django_assert_num_queries
):
    """Session, user, roles (twice: seeing and deciding), the library, the report and the
    reports of the months before, adjustments, the children's reports, the counters (three),
    the plan and its targets, the indicators, the children and the parent, the units,
    comments, the library's first event (are its event figures computed?); the tree and its
    history from memory."""
    client.force_login(chi.user)
    client.get(report_url)
    with django_assert_num_queries(18) as captured:
        response = client.get(report_url)
    assert response.status_code == 200
    assert _reads_of(captured, "network_library") == 2
    assert _reads_of(captured, "network_libraryparentperiod") == 0


def test_the_report_api_reads_the_library_table_for_the_library_and_its_children(
    client, chi, rich_network, django_assert_num_queries
):
    query = {"library": "SL-TVT", "period": "2026-03"}
    client.get("/api/v1/reports", query, headers=bearer(chi))
    headers = bearer(chi)
    with django_assert_num_queries(15) as captured:
        response = client.get("/api/v1/reports", query, headers=headers)
    assert response.status_code == 200
    assert _reads_of(captured, "network_library") == 2


def test_on_a_cold_start_a_report_reads_the_tree_once(
    client, chi, rich_network, report_url, django_assert_num_queries
):
    client.force_login(chi.user)
    cache.clear_all()
    # 22: the warm page's 18, the tree, its history, which body each school reports to, and
    # who works for a managing body (the menu asks).
    with django_assert_num_queries(22) as captured:
        client.get(report_url)
    assert _reads_of(captured, "network_library") == 3
    assert _reads_of(captured, "network_libraryparentperiod") == 1


def test_a_library_moved_is_in_the_next_report_at_once(rich_network, chi):
    """The tree in memory is dropped when a library moves here: the next roll-up has it."""
    provincial, branch = rich_network["SL-TVT"], Library.objects.get(code="SL-TVT-DX")
    march = parse("2026-03")
    before = selectors.live_figures(provincial, march, rollup=True)["loans"]
    assert selectors.live_figures(branch, march, rollup=True)["loans"] < before
    network_services.move_library(
        library=branch, new_parent=None, on=dt.date(2026, 3, 1), by=chi.user
    )
    after = selectors.live_figures(provincial, march, rollup=True)["loans"]
    assert after == before - selectors.live_figures(branch, march, rollup=True)["loans"]
    assert branch.pk not in selectors.reporting_children(provincial, march)[1]
