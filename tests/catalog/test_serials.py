"""Serials: titles, subscriptions and their expected issues, check-in, claims, binding and
discarding, the daily figures, and the selector weeding reads."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import policies, selectors
from libnet.catalog.errors import CatalogRefused, SerialRefused
from libnet.catalog.models import (
    ClaimState,
    IssueState,
    Item,
    ItemType,
    SerialClaim,
    SerialFrequency,
    SerialIssue,
    SerialTitle,
)
from libnet.catalog.services import serials
from libnet.core.models import AuditEntry
from libnet.stats.models import DailyStat
from libnet.stats.rebuild import rebuild_daily_stats
from libnet.stats.sources import registered
from tests.factories import BibRecordFactory

D = dt.date
F = SerialFrequency


# ---------------------------------------------------------------- the schedule, as a table


@pytest.mark.parametrize(
    ("frequency", "starts_on", "ends_on", "weekday", "expected"),
    [
        # A Vietnamese daily comes out every day, Sundays and Tết included.
        (F.DAILY, D(2026, 2, 15), D(2026, 2, 18), None, ["15/02", "16/02", "17/02", "18/02"]),
        # A weekly on its weekday (Thursday), from the first one in the period.
        (F.WEEKLY, D(2026, 3, 1), D(2026, 3, 31), 3, ["05/03", "12/03", "19/03", "26/03"]),
        # Without a weekday: the weekday of the first day.
        (F.WEEKLY, D(2026, 3, 2), D(2026, 3, 17), None, ["02/03", "09/03", "16/03"]),
        (F.BIWEEKLY, D(2026, 3, 1), D(2026, 3, 31), 0, ["02/03", "16/03", "30/03"]),
        # A monthly on the day of the first day; a short month takes its last day.
        (F.MONTHLY, D(2026, 1, 31), D(2026, 4, 30), None, ["31/01", "28/02", "31/03", "30/04"]),
        (
            F.BIMONTHLY,
            D(2026, 1, 10),
            D(2026, 12, 31),
            None,
            ["10/01", "10/03", "10/05", "10/07", "10/09", "10/11"],
        ),
        (F.QUARTERLY, D(2026, 1, 1), D(2026, 12, 31), None, ["01/01", "01/04", "01/07", "01/10"]),
        (F.SEMIANNUAL, D(2026, 1, 1), D(2026, 12, 31), None, ["01/01", "01/07"]),
        (F.ANNUAL, D(2026, 1, 1), D(2027, 12, 31), None, ["01/01", "01/01"]),
        # An irregular title has no schedule; a period backwards none either.
        (F.IRREGULAR, D(2026, 1, 1), D(2026, 12, 31), None, []),
        (F.DAILY, D(2026, 3, 2), D(2026, 3, 1), None, []),
    ],
)
def test_issue_dates_follow_the_frequency(frequency, starts_on, ends_on, weekday, expected):
    days = policies.issue_dates(
        frequency=frequency, starts_on=starts_on, ends_on=ends_on, weekday=weekday
    )
    assert [day.strftime("%d/%m") for day in days] == expected


@pytest.mark.parametrize(
    ("code", "issn", "number"),
    [
        ("0866-7020", "0866-7020", None),
        ("08667020", "0866-7020", None),
        ("1050-124x", "1050-124X", None),
        # The cover's EAN-13: 977 + ISSN without its check digit + 00 + check digit.
        ("9770866702004", "0866-7020", None),
        # … with the 2-digit add-on giving the issue number.
        ("9770866702004 12", "0866-7020", 12),
        ("0866-7021", None, None),  # wrong check digit
        ("9780866702003", None, None),  # a book's ISBN, not a serial
        ("Nhân Dân", None, None),
    ],
)
def test_a_scan_at_the_check_in_desk_reads_an_issn_or_the_cover_barcode(code, issn, number):
    scanned = policies.read_serial_scan(code)
    if issn is None:
        assert scanned is None
    else:
        assert scanned == policies.ScannedSerial(issn=issn, number=number)


@pytest.mark.parametrize(
    ("expected_on", "grace", "today", "late"),
    [
        (D(2026, 3, 1), 3, D(2026, 3, 4), False),  # the last day of grace
        (D(2026, 3, 1), 3, D(2026, 3, 5), True),
        (D(2026, 3, 1), 0, D(2026, 3, 2), True),
    ],
)
def test_an_issue_is_late_once_its_days_of_grace_are_over(expected_on, grace, today, late):
    assert policies.is_late(expected_on=expected_on, grace_days=grace, today=today) is late


# ---------------------------------------------------------------- titles


@pytest.mark.django_db
def test_a_new_serial_title_is_a_serial_record_of_the_catalogue(nhan_dan, lan):
    bib = nhan_dan.bib
    assert (bib.title, bib.material_type, bib.issns) == ("Nhân Dân", "serial", "0866-7020")
    assert bib.created_at_library == lan.library
    assert nhan_dan.publisher == "Báo Nhân Dân"
    assert AuditEntry.objects.filter(action="serial_title.create").count() == 1


@pytest.mark.django_db
def test_a_serial_title_is_refused_for_a_bad_or_taken_issn(nhan_dan, lan):
    with pytest.raises(SerialRefused) as bad:
        serials.create_serial_title(
            title="Lao Động", issn="0866-7021", frequency=F.DAILY, by=lan.user
        )
    assert bad.value.code == "invalid_issn"
    with pytest.raises(SerialRefused) as taken:
        serials.create_serial_title(title="Khác", issn="08667020", frequency=F.DAILY, by=lan.user)
    assert taken.value.code == "duplicate_issn"
    assert "Nhân Dân" in taken.value.message
    with pytest.raises(CatalogRefused) as frequency:
        serials.create_serial_title(title="Khác", frequency="hourly", by=lan.user)
    assert frequency.value.code == "invalid_choice"
    assert SerialTitle.objects.count() == 1


@pytest.mark.django_db
def test_a_record_already_in_the_catalogue_becomes_a_serial_title_once(lan, serials_day):
    bib = BibRecordFactory(title="Văn nghệ")
    title = serials.create_serial_title(
        title="", bib=bib, frequency=F.WEEKLY, publisher="Hội Nhà văn", by=lan.user
    )
    assert title.bib == bib
    with pytest.raises(SerialRefused) as again:
        serials.create_serial_title(title="", bib=bib, frequency=F.WEEKLY, by=lan.user)
    assert again.value.code == "record_already_serial"


# ---------------------------------------------------------------- subscriptions


@pytest.mark.django_db
def test_a_subscription_generates_its_expected_issues(daily_at_provincial):
    issues = list(daily_at_provincial.issues.order_by("expected_on"))
    assert len(issues) == 90  # 1 January to 31 March 2026, every day
    assert (issues[0].expected_on, issues[0].number) == (D(2026, 1, 1), 1)
    assert (issues[-1].expected_on, issues[-1].number) == (D(2026, 3, 31), 90)
    assert {issue.state for issue in issues} == {IssueState.EXPECTED}


@pytest.mark.django_db
def test_a_changed_subscription_keeps_received_issues_and_renumbers_the_rest(
    daily_at_provincial, lan
):
    subscription = daily_at_provincial
    received = subscription.issues.get(expected_on=D(2026, 1, 2))
    serials.receive_issue(issue=received, by=lan.user)
    late = subscription.issues.get(expected_on=D(2026, 1, 3))
    serials.raise_claims(issues=[late], by=lan.user)
    serials.change_subscription(
        subscription=subscription,
        starts_on=D(2026, 1, 5),
        ends_on=D(2026, 4, 30),
        first_number=24001,
        by=lan.user,
    )
    days = dict(subscription.issues.values_list("expected_on", "number"))
    # Received and claimed issues stay; expected ones before the new start go.
    assert days[D(2026, 1, 2)] == 2
    assert days[D(2026, 1, 3)] == 3
    assert D(2026, 1, 1) not in days
    assert D(2026, 1, 4) not in days
    assert days[D(2026, 1, 5)] == 24001
    assert days[D(2026, 4, 30)] == 24001 + 115
    assert subscription.issues.count() == 2 + 116
    assert AuditEntry.objects.filter(action="serial_subscription.change").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"starts_on": D(2026, 4, 1)}, "period_order"),
        ({"ends_on": D(2029, 3, 31)}, "period_too_long"),
        ({"copies": 0}, "out_of_range"),
        ({"copies": 100}, "out_of_range"),
        ({"weekday": 7}, "out_of_range"),
        ({"grace_days": 400}, "out_of_range"),
    ],
)
def test_a_subscription_that_breaks_a_rule_is_refused_and_nothing_changes(
    daily_at_provincial, lan, changes, code
):
    with pytest.raises(SerialRefused) as refused:
        serials.change_subscription(subscription=daily_at_provincial, by=lan.user, **changes)
    assert refused.value.code == code
    daily_at_provincial.refresh_from_db()
    assert (daily_at_provincial.starts_on, daily_at_provincial.copies) == (D(2026, 1, 1), 2)
    assert daily_at_provincial.issues.count() == 90


@pytest.mark.django_db
def test_a_subscription_refuses_a_shelf_of_another_library(lan, nhan_dan, province):
    from libnet.catalog.models import ShelfLocation

    other_shelf = ShelfLocation.objects.create(library=province["commune"], code="B", name="Báo")
    with pytest.raises(SerialRefused) as refused:
        serials.subscribe(
            library=lan.library,
            title=nhan_dan,
            starts_on=D(2026, 1, 1),
            ends_on=D(2026, 12, 31),
            shelf_location=other_shelf,
            by=lan.user,
        )
    assert refused.value.code == "shelf_location_other_library"
    assert not SerialIssue.objects.exists()


@pytest.mark.django_db
def test_an_irregular_title_gets_its_issues_by_hand(lan, serials_day):
    title = serials.create_serial_title(title="Kỷ yếu", frequency=F.IRREGULAR, by=lan.user)
    subscription = serials.subscribe(
        library=lan.library,
        title=title,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        by=lan.user,
    )
    assert not subscription.issues.exists()
    serials.add_issue(subscription=subscription, expected_on=D(2026, 3, 1), number=1, by=lan.user)
    with pytest.raises(SerialRefused) as twice:
        serials.add_issue(
            subscription=subscription, expected_on=D(2026, 3, 1), number=1, by=lan.user
        )
    assert twice.value.code == "duplicate_issue"
    assert subscription.issues.count() == 1


# ---------------------------------------------------------------- check-in


@pytest.mark.django_db
def test_a_received_issue_is_counted_without_copies(daily_at_provincial, lan):
    issue = daily_at_provincial.issues.get(expected_on=D(2026, 3, 9))
    serials.receive_issue(issue=issue, by=lan.user)
    issue.refresh_from_db()
    assert (issue.state, issue.copies_received, issue.received_by) == (
        IssueState.RECEIVED,
        2,
        lan.user,
    )
    assert not Item.objects.exists()
    with pytest.raises(SerialRefused) as again:
        serials.receive_issue(issue=issue, by=lan.user)
    assert again.value.code == "issue_not_expected"


@pytest.mark.django_db
def test_a_subscription_that_barcodes_issues_adds_each_copy_to_the_catalogue(
    monthly_at_commune, minh
):
    issue = monthly_at_commune.issues.get(expected_on=D(2026, 2, 15))
    serials.receive_issue(issue=issue, copies=2, barcodes=["ND0001"], by=minh.user)
    copies = list(issue.copies.order_by("barcode"))
    assert len(copies) == 2
    assert copies[0].barcode == "ND0001"
    assert {copy.item_type for copy in copies} == {ItemType.PERIODICAL}
    assert {copy.home_library for copy in copies} == {minh.library}
    assert {copy.bib_id for copy in copies} == {monthly_at_commune.title.bib_id}
    assert copies[0].accession_number.startswith("BC.")
    # The subscription's copies come in as one intake batch of the general register.
    batch = monthly_at_commune.__class__.objects.get(pk=monthly_at_commune.pk).intake_batch
    assert {copy.intake_batch for copy in copies} == {batch}
    assert (batch.supplier, batch.source) == ("Công ty Phát hành báo chí", "purchase")
    later = monthly_at_commune.issues.get(expected_on=D(2026, 3, 15))
    serials.receive_issue(issue=later, by=minh.user)
    assert {copy.intake_batch for copy in later.copies.all()} == {batch}


@pytest.mark.django_db
def test_a_refused_copy_leaves_the_issue_expected(monthly_at_commune, minh):
    from tests.factories import ItemFactory

    ItemFactory(barcode="TAKEN1")
    issue = monthly_at_commune.issues.get(expected_on=D(2026, 2, 15))
    with pytest.raises(CatalogRefused) as refused:
        serials.receive_issue(issue=issue, barcodes=["TAKEN1"], by=minh.user)
    assert refused.value.code == "duplicate_barcode"
    issue.refresh_from_db()
    assert issue.state == IssueState.EXPECTED
    assert Item.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "issue", "expected"),
    [
        ("0866-7020", "", D(2026, 1, 1)),  # the oldest one still expected
        ("0866-7020", "68", D(2026, 3, 9)),  # by its number
        ("08667020", "09/03/2026", D(2026, 3, 9)),  # by its date
        ("9770866702004 68", "", D(2026, 3, 9)),  # the cover's barcode with its add-on
    ],
)
def test_a_scan_finds_the_issue(daily_at_provincial, lan, code, issue, expected):
    found = serials.find_scanned_issue(library=lan.library, code=code, issue=issue)
    assert found.expected_on == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "issue", "refusal"),
    [
        ("Nhân Dân", "", "unreadable_scan"),
        ("0317-8471", "", "not_subscribed"),
        ("0866-7020", "9999", "issue_not_found"),
        ("0866-7020", "hôm qua", "issue_not_found"),
    ],
)
def test_a_scan_that_names_no_issue_is_refused(
    daily_at_provincial, nhi_dong, lan, code, issue, refusal
):
    with pytest.raises(SerialRefused) as refused:
        serials.find_scanned_issue(library=lan.library, code=code, issue=issue)
    assert refused.value.code == refusal


# ---------------------------------------------------------------- claims


@pytest.mark.django_db
def test_late_issues_are_claimed_and_the_claim_closes_when_the_issue_comes(
    daily_at_provincial, lan
):
    subscription = daily_at_provincial
    subscription.issues.filter(expected_on__lt=D(2026, 3, 1)).update(state=IssueState.RECEIVED)
    late = selectors.late_issues([lan.library.pk])
    # 10 March with 3 days of grace: issues up to 6 March are late.
    assert [issue.expected_on.day for issue in late] == [1, 2, 3, 4, 5, 6]
    claims = serials.raise_claims(issues=late[:2], by=lan.user)
    assert [issue.expected_on.day for issue in selectors.late_issues([lan.library.pk])] == [
        3,
        4,
        5,
        6,
    ]
    assert serials.mark_claims_sent(claims=claims, by=lan.user) == 2
    serials.receive_issue(issue=late[0], by=lan.user)
    states = dict(SerialClaim.objects.values_list("issue__expected_on", "state"))
    assert states == {D(2026, 3, 1): ClaimState.RESOLVED, D(2026, 3, 2): ClaimState.SENT}
    serials.cancel_claims(claims=[claims[1]], note="Nhà phát hành báo không có", by=lan.user)
    assert not selectors.serial_claims([lan.library.pk]).exists()


@pytest.mark.django_db
def test_an_issue_in_its_days_of_grace_or_claimed_already_is_not_claimed(daily_at_provincial, lan):
    recent = daily_at_provincial.issues.get(expected_on=D(2026, 3, 8))
    with pytest.raises(SerialRefused) as early:
        serials.raise_claims(issues=[recent], by=lan.user)
    assert early.value.code == "not_late"
    assert "12/03/2026" in early.value.message
    old = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    serials.raise_claims(issues=[old], by=lan.user)
    with pytest.raises(SerialRefused) as twice:
        serials.raise_claims(issues=[old], by=lan.user)
    assert twice.value.code == "already_claimed"
    assert SerialClaim.objects.count() == 1


# ---------------------------------------------------------------- binding and discarding


@pytest.mark.django_db
def test_received_issues_of_a_year_are_bound_into_one_new_copy(daily_at_provincial, lan):
    from tests.factories import RegisterFactory

    RegisterFactory(library=lan.library, prefix="DB", name="Báo đóng tập")
    january = list(daily_at_provincial.issues.filter(expected_on__month=1))
    for issue in january:
        serials.receive_issue(issue=issue, by=lan.user)
    chosen = list(selectors.received_issues_of_year(daily_at_provincial, 2026))
    assert len(chosen) == 31
    volume = serials.bind_issues(issues=chosen, barcode="NDBOUND2026-01", by=lan.user)
    assert (volume.barcode, volume.item_type, volume.home_library) == (
        "NDBOUND2026-01",
        ItemType.PERIODICAL,
        lan.library,
    )
    assert "01/01/2026" in volume.notes
    assert "31/01/2026" in volume.notes
    assert set(volume.bound_issues.values_list("state", flat=True)) == {IssueState.BOUND}
    assert not selectors.received_issues_of_year(daily_at_provincial, 2026).exists()


@pytest.mark.django_db
def test_only_received_issues_of_one_title_are_bound_or_discarded(
    daily_at_provincial, monthly_at_commune, lan, minh
):
    expected = daily_at_provincial.issues.get(expected_on=D(2026, 1, 1))
    with pytest.raises(SerialRefused) as not_received:
        serials.discard_issues(issues=[expected], note="QĐ 12", by=lan.user)
    assert not_received.value.code == "issue_not_received"
    with pytest.raises(SerialRefused) as no_note:
        serials.discard_issues(issues=[expected], note=" ", by=lan.user)
    assert no_note.value.code == "note_required"
    barcoded = monthly_at_commune.issues.get(expected_on=D(2026, 1, 15))
    serials.receive_issue(issue=barcoded, by=minh.user)
    with pytest.raises(SerialRefused) as has_copies:
        serials.discard_issues(issues=[barcoded], note="QĐ 12", by=minh.user)
    assert has_copies.value.code == "issue_has_copies"
    serials.receive_issue(issue=expected, by=lan.user)
    with pytest.raises(SerialRefused) as mixed:
        serials.bind_issues(issues=[expected, barcoded], by=lan.user)
    assert mixed.value.code == "issues_of_several_titles"
    assert SerialIssue.objects.filter(state__in=["bound", "discarded"]).count() == 0


@pytest.mark.django_db
def test_old_popular_serials_are_what_weeding_proposes_and_discarding_takes_them_off(
    lan, nhan_dan, serials_day
):
    subscription = serials.subscribe(
        library=lan.library,
        title=nhan_dan,
        starts_on=D(2024, 3, 5),
        ends_on=D(2024, 3, 14),
        by=lan.user,
    )
    for issue in subscription.issues.all():
        serials.receive_issue(issue=issue, by=lan.user)
    # 10 March 2026: published before 10 March 2024.
    old = selectors.serial_issues_older_than([lan.library.pk], policies.OLD_SERIAL_YEARS)
    assert [issue.expected_on.day for issue in old] == [5, 6, 7, 8, 9]
    assert not selectors.serial_issues_older_than([lan.library.pk + 1000], 2).exists()
    serials.discard_issues(issues=list(old), note="Thanh lọc báo cũ, QĐ 05/QĐ-TV", by=lan.user)
    assert not selectors.serial_issues_older_than([lan.library.pk], 2).exists()
    assert AuditEntry.objects.filter(action="serial_issue.discard").count() == 5
    # A scholarly journal is kept: not proposed.
    nhan_dan.is_popular = False
    nhan_dan.save()
    assert not selectors.serial_issues_older_than([lan.library.pk], 0).exists()


# ---------------------------------------------------------------- statistics


@pytest.mark.django_db
def test_subscriptions_and_issues_received_are_counted_and_rebuilt_alike(daily_at_provincial, lan):
    for issue in daily_at_provincial.issues.filter(expected_on__lte=D(2026, 1, 3)):
        serials.receive_issue(issue=issue, by=lan.user)
    # A subscription moved to start later counts on its new first day.
    serials.change_subscription(
        subscription=daily_at_provincial, starts_on=D(2026, 1, 2), by=lan.user
    )

    def figures() -> dict[tuple[str, dt.date], int]:
        rows = DailyStat.objects.filter(
            library=lan.library,
            indicator__in=["serial_titles_subscribed", "serial_issues_received"],
        ).exclude(value=0)
        return {(row.indicator, row.day): row.value for row in rows}

    live = figures()
    assert live == {
        ("serial_titles_subscribed", D(2026, 1, 2)): 1,
        ("serial_issues_received", D(2026, 3, 10)): 3,
    }
    rebuild_daily_stats(registered())
    assert figures() == live
    assert selectors.serial_titles_held([lan.library.pk], on=D(2026, 3, 10)) == 1
    assert selectors.serial_titles_held([lan.library.pk], on=D(2026, 4, 1)) == 0


@pytest.mark.django_db
def test_ticked_issues_are_received_together_or_not_at_all(
    daily_at_provincial, monthly_at_commune, lan, minh
):
    first, second = daily_at_provincial.issues.order_by("expected_on")[:2]
    serials.receive_issue(issue=second, by=lan.user)
    with pytest.raises(SerialRefused) as refused:
        serials.receive_issues(issues=[first, second], by=lan.user)
    assert refused.value.code == "issue_not_expected"
    first.refresh_from_db()
    assert first.state == IssueState.EXPECTED
    received = serials.receive_issues(issues=[first], by=lan.user)
    assert [(issue.state, issue.copies_received) for issue in received] == [
        (IssueState.RECEIVED, 2)
    ]
    # An issue of a subscription that barcodes its issues gets its copies.
    barcoded = monthly_at_commune.issues.get(expected_on=D(2026, 1, 15))
    serials.receive_issues(issues=[barcoded], by=minh.user)
    assert barcoded.copies.count() == 1


@pytest.mark.django_db
def test_copies_of_issues_and_bound_volumes_carry_their_publication_day(
    monthly_at_commune, daily_at_provincial, lan, minh
):
    from tests.factories import ItemFactory, RegisterFactory

    issue = monthly_at_commune.issues.get(expected_on=D(2026, 2, 15))
    serials.receive_issue(issue=issue, by=minh.user)
    RegisterFactory(library=lan.library, prefix="DB", name="Báo đóng tập")
    january = list(daily_at_provincial.issues.filter(expected_on__month=1))
    serials.receive_issues(issues=january, by=lan.user)
    volume = serials.bind_issues(issues=january, by=lan.user)
    book = ItemFactory()
    [copy] = issue.copies.all()
    dates = selectors.serial_issue_dates([copy.pk, volume.pk, book.pk])
    assert dates == {copy.pk: D(2026, 2, 15), volume.pk: D(2026, 1, 31)}


@pytest.mark.django_db
def test_a_serial_record_is_deleted_only_without_subscriptions(lan, nhan_dan, nhi_dong):
    from libnet.catalog.services import delete_record

    serials.subscribe(
        library=lan.library,
        title=nhan_dan,
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 1, 31),
        by=lan.user,
    )
    with pytest.raises(CatalogRefused) as refused:
        delete_record(bib=nhan_dan.bib, by=lan.user)
    assert refused.value.code == "record_has_subscriptions"
    delete_record(bib=nhi_dong.bib, by=lan.user)
    assert list(SerialTitle.objects.values_list("issn", flat=True)) == ["0866-7020"]
