"""Figures are sums of the daily counters, and equal the counts of the transactions."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libnet.circulation import services as circulation
from libnet.circulation.models import InLibraryUse, Loan, VisitCount, VisitSource
from libnet.core import clock
from libnet.network.models import LibraryKind, LibraryParentPeriod
from libnet.planning import selectors, services
from libnet.planning.periods import parse
from libnet.stats import rebuild
from libnet.stats import services as stats
from libnet.stats.models import ActivePatronMonth, DailyStat
from tests.factories import ItemFactory, LibraryFactory, PatronFactory


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=clock.VIETNAM)


def _random_transactions(rng: random.Random, libraries, user, count: int = 40) -> None:
    """Loans, returns, renewals, visits, in-library uses and hand-entered figures on random
    days of January to March 2026 at random libraries."""
    readers = {
        library.pk: [PatronFactory(home_library=library) for _ in range(4)] for library in libraries
    }
    copies = {
        library.pk: [ItemFactory(home_library=library) for _ in range(6)] for library in libraries
    }
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=offset) for offset in range(90)]
    for day in sorted(rng.choices(days, k=count)):
        library = rng.choice(libraries)
        action = rng.choice(["loan", "loan", "visits", "use", "manual"])
        # 07:00 or 23:00 in Vietnam: the late hour is still the same local day (16:00 UTC).
        at = _moment(day, rng.choice([7, 23]))
        if action == "loan":
            copy = rng.choice(copies[library.pk])
            open_loan = Loan.objects.filter(item=copy, closed_at__isnull=True).first()
            if open_loan is not None:
                if rng.random() < 0.5 and open_loan.renewals < 2:  # the default most renewals
                    circulation.renew_loan(loan=open_loan, by=user, at=at)
                else:
                    circulation.checkin_item(item=copy, desk=library, by=user, at=at)
                continue
            reader = rng.choice(readers[library.pk])
            circulation.checkout_item(item=copy, patron=reader, desk=library, by=user, at=at)
        elif action == "visits":
            circulation.record_visits(
                library=library,
                day=day,
                count=rng.randint(0, 40),
                source=VisitSource.MANUAL,
                by=user,
                at=at,
            )
        elif action == "use":
            circulation.record_in_library_use(
                library=library, by=user, count=rng.randint(1, 5), at=at
            )
        else:
            services.enter_manual_figure(
                library=library,
                indicator_code=rng.choice(["talks", "events", "pages_digitised"]),
                month=day,
                value=rng.randint(0, 30),
                note="Sổ theo dõi hoạt động",
                by=user,
                at=at,
            )


def _counted(library_ids, period) -> dict[str, int]:
    """The figures counted straight from the transactions, as an auditor would."""
    loans = [
        loan
        for loan in Loan.objects.filter(library_id__in=library_ids)
        if period.start <= clock.local_date(loan.loaned_at) <= period.end
    ]
    visits = sum(
        row.count
        for row in VisitCount.objects.filter(
            library_id__in=library_ids, day__gte=period.start, day__lte=period.end
        )
    )
    uses = sum(
        use.count
        for use in InLibraryUse.objects.filter(library_id__in=library_ids)
        if period.start <= clock.local_date(use.used_at) <= period.end
    )
    active_by_library: dict[int, set[int]] = {}
    for loan in loans:
        active_by_library.setdefault(loan.library_id, set()).add(loan.patron_id)
    return {
        "loans": len(loans),
        "visits": visits,
        "in_library_uses": uses,
        "active_patrons_at_least": sum(len(readers) for readers in active_by_library.values()),
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), count=st.integers(min_value=1, max_value=40))
def test_figures_equal_the_counts_of_random_transactions(province, sibling, lan, rng, count):
    """Over random sets of loans, returns, renewals, visits, uses and hand-entered figures,
    every month's and the quarter's figures are the counts of the rows, and a rebuild from the
    transactions gives the same counters. Each example is rolled back."""
    with transaction.atomic():
        _check_random_transactions(province, sibling, lan, rng, count)
        transaction.set_rollback(True)


def _check_random_transactions(province, sibling, lan, rng, count) -> None:
    libraries = [province["commune"], sibling, province["provincial"]]
    _random_transactions(rng, libraries, lan.user, count)
    ids = [library.pk for library in libraries]
    for code in ["2026-01", "2026-02", "2026-03", "2026-Q1"]:
        period = parse(code)
        figures = selectors.total_figures(ids, period.start, period.end)
        counted = _counted(ids, period)
        assert figures.get("loans", 0) == counted["loans"]
        assert figures.get("visits", 0) == counted["visits"]
        assert figures.get("in_library_uses", 0) == counted["in_library_uses"]
        # Renewals make readers active too, so loans give a lower bound.
        assert figures.get("active_patrons", 0) >= counted["active_patrons_at_least"]
    # The factories write readers and copies without the services, so only the figures the
    # services of this test moved are compared.
    moved = ["loans", "renewals", "visits", "in_library_uses", "events", "talks", "pages_digitised"]
    # A figure corrected back to 0 leaves a row of 0, which a rebuild does not write.
    counters = DailyStat.objects.filter(indicator__in=moved).exclude(value=0)
    incremental = set(counters.values_list("library_id", "indicator", "day", "value"))
    active = set(ActivePatronMonth.objects.values_list("library_id", "patron_id", "month"))
    rebuild.rebuild_daily_stats()
    assert set(counters.values_list("library_id", "indicator", "day", "value")) == incremental
    assert set(ActivePatronMonth.objects.values_list("library_id", "patron_id", "month")) == active


def test_active_readers_count_once_per_period(province, lan):
    """A reader who borrows in January and in February is one active reader of the quarter."""
    desk = province["commune"]
    reader = PatronFactory(home_library=desk)
    for month in (1, 2):
        copy = ItemFactory(home_library=desk)
        circulation.checkout_item(
            item=copy,
            patron=reader,
            desk=desk,
            by=lan.user,
            at=_moment(dt.date(2026, month, 10), 9),
        )
    january = selectors.live_figures(desk, parse("2026-01"), rollup=False)
    quarter = selectors.live_figures(desk, parse("2026-Q1"), rollup=False)
    assert (january["loans"], january["active_patrons"]) == (1, 1)
    assert (quarter["loans"], quarter["active_patrons"]) == (2, 1)


def test_a_rollup_is_the_library_plus_the_rollups_of_its_children(province, sibling):
    """Random daily figures at every library: the province's roll-up is its own figures plus
    its children's roll-ups, indicator by indicator."""
    rng = random.Random(7)
    libraries = [province["provincial"], province["commune"], province["bookcase"], sibling]
    for library in libraries:
        for _ in range(30):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(120))
            stats.bump(
                library_id=library.pk,
                indicator=rng.choice(["loans", "visits", "titles_added"]),
                day=day,
                by=rng.randint(1, 50),
            )
    for code in ["2026-02", "2026-Q1", "2026"]:
        period = parse(code)
        whole = selectors.live_figures(province["provincial"], period, rollup=True)
        parts = [
            selectors.live_figures(province["provincial"], period, rollup=False),
            selectors.live_figures(province["commune"], period, rollup=True),
            selectors.live_figures(sibling, period, rollup=True),
        ]
        for indicator in ["loans", "visits", "titles_added"]:
            assert whole.get(indicator, 0) == sum(part.get(indicator, 0) for part in parts)
            assert whole.get(indicator, 0) > 0


def test_a_rollup_follows_the_tree_as_it_was_in_the_period(province):
    """A district library became a branch of the provincial library on 1/7/2025: its June
    figures roll up under the district, its August figures under the province directly."""
    district = LibraryFactory(
        code="SL-H-DONGXUAN",
        name="Thư viện huyện Đông Xuân",
        kind=LibraryKind.DISTRICT,
        parent=province["provincial"],
    )
    branch = LibraryFactory(
        code="SL-TVT-DX",
        name="Phân viện Đông Xuân",
        kind=LibraryKind.BRANCH,
        parent=province["provincial"],
    )
    LibraryParentPeriod.objects.create(
        library=branch,
        parent=district,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 7, 1),
    )
    LibraryParentPeriod.objects.create(
        library=branch, parent=province["provincial"], valid_from=dt.date(2025, 7, 1)
    )
    stats.bump(library_id=branch.pk, indicator="loans", day=dt.date(2025, 6, 10), by=5)
    stats.bump(library_id=branch.pk, indicator="loans", day=dt.date(2025, 8, 10), by=7)
    june = selectors.live_figures(district, parse("2025-06"), rollup=True)
    august = selectors.live_figures(district, parse("2025-08"), rollup=True)
    assert (june.get("loans", 0), august.get("loans", 0)) == (5, 0)
    province_august = selectors.live_figures(province["provincial"], parse("2025-08"), rollup=True)
    assert province_august["loans"] == 7


def test_catalogue_and_search_bump_their_figures(province, lan):
    """A record created by a library, its first copy there (a title added), a second copy,
    and a catalogue search, each move their daily figure."""
    from libnet.catalog import services as catalog
    from libnet.search import services as search
    from tests.factories import make_marc

    commune = province["commune"]
    at = _moment(dt.date(2026, 2, 10), 9)
    bib = catalog.create_record(
        marc_record=make_marc(title="Truyện Kiều"), by=lan.user, library=commune, at=at
    )
    catalog.add_item(bib=bib, library=commune, by=lan.user, at=at)
    catalog.add_item(bib=bib, library=commune, by=lan.user, at=at)
    search.record_lookup(library=commune, day=dt.date(2026, 2, 10))
    figures = selectors.live_figures(commune, parse("2026-02"), rollup=False)
    assert figures == {
        "records_created": 1,
        "titles_added": 1,
        "titles_added_purchase": 1,
        "items_added": 2,
        "items_added_purchase": 2,
        "lookups": 1,
    }
    rebuild.rebuild_daily_stats()
    assert selectors.live_figures(commune, parse("2026-02"), rollup=False) == figures


def test_a_marc_import_counts_its_records_copies_and_titles_per_batch(province, tmp_path):
    """A batch of two new records with three copies, then a second library's copy of a
    known record: the figures match what the services count, and what a rebuild finds."""
    from libnet.interop import services as interop
    from tests.factories import make_marc
    from tests.interop.helpers import with_852, write_marc

    commune, provincial = province["commune"], province["provincial"]
    first = write_marc(
        tmp_path,
        "first.mrc",
        with_852(
            make_marc(title="Số đỏ", control_number="A1"),
            ("SL-TVT", "TVT001"),
            ("SL-TVT", "TVT002"),
        ),
        with_852(make_marc(title="Dế mèn", control_number="A2"), ("SL-TVT", "TVT003")),
    )
    interop.import_marc_file(path=first, library=provincial, by=None)
    second = write_marc(
        tmp_path,
        "second.mrc",
        with_852(make_marc(title="Số đỏ", control_number="A1"), ("SL-TANLAP", "TL001")),
    )
    interop.import_marc_file(path=second, library=commune, by=None)
    today = parse(clock.today().strftime("%Y-%m"))
    province_figures = selectors.live_figures(provincial, today, rollup=False)
    commune_figures = selectors.live_figures(commune, today, rollup=False)
    # Imported copies say no source: they come in as purchases (NewCopy's default).
    assert province_figures == {
        "records_created": 2,
        "items_added": 3,
        "items_added_purchase": 3,
        "titles_added": 2,
        "titles_added_purchase": 2,
    }
    assert commune_figures == {
        "items_added": 1,
        "items_added_purchase": 1,
        "titles_added": 1,
        "titles_added_purchase": 1,
    }
    rebuild.rebuild_daily_stats()
    assert selectors.live_figures(provincial, today, rollup=False) == province_figures
    assert selectors.live_figures(commune, today, rollup=False) == commune_figures


def test_a_province_report_costs_the_same_queries_for_ten_libraries_or_forty(
    province, django_assert_max_num_queries
):
    """The roll-up reads the tree once and sums the counters in two queries, however many
    libraries there are."""
    for number in range(40):
        library = LibraryFactory(code=f"SL-X{number:02d}", parent=province["commune"])
        stats.bump(library_id=library.pk, indicator="loans", day=dt.date(2026, 2, 3), by=2)
    with django_assert_max_num_queries(6):
        figures = selectors.figures_object(province["provincial"], parse("2026"), rollup=True)
    assert figures["indicators"]["loans"]["value"] == 80
    with django_assert_max_num_queries(16):
        selectors.report_sheet(province["provincial"], parse("2026-02"))
    with django_assert_max_num_queries(8):
        rows, _share = selectors.network_progress(
            [province["provincial"].pk],
            2026,
            "loans",
            dt.date(2026, 6, 30),
            visible={library.pk for library in province.values()},
        )
    assert rows[0].actual == 80
    # 30 June is day 181 of 365: at this pace the year ends near 80 × 365 / 181.
    assert rows[0].projected == 161
