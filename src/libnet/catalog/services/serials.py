"""Serials (báo, tạp chí): titles, subscriptions, the issues expected from their frequency,
check-in, claims for late issues, and binding or discarding old issues. Each write audited.

A serial title is a catalogue record of material type serial, shared by the network; a
library subscribes to it for a period and its expected issues are generated from the
title's frequency. A received issue counts as an issue; a subscription that barcodes its
issues also adds each copy received to the catalogue (item type periodical) through
add_items, as every copy comes in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pymarc
from django.db import transaction
from django.utils.translation import gettext as _

from libnet.catalog import policies
from libnet.catalog import stats_sources as catalog_stats
from libnet.catalog.errors import CatalogRefused, SerialRefused
from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_GRACE_DAYS,
    MAX_SERIAL_COPIES,
    OPEN_CLAIM_STATES,
    BibRecord,
    ClaimState,
    IntakeBatch,
    IssueState,
    Item,
    ItemSource,
    ItemType,
    SerialClaim,
    SerialFrequency,
    SerialIssue,
    SerialSubscription,
    SerialTitle,
    ShelfLocation,
)
from libnet.catalog.services.copies import NewCopy, add_item, add_items, check_price
from libnet.catalog.services.intake import open_intake_batch
from libnet.catalog.services.records import create_record
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library

_FREQUENCIES = frozenset(SerialFrequency.values)
# MARC 21 008/18 (frequency of a continuing resource) and 310, as a cataloguer writes them.
_MARC_FREQUENCY = {
    SerialFrequency.DAILY: ("d", "Hằng ngày"),
    SerialFrequency.WEEKLY: ("w", "Hằng tuần"),
    SerialFrequency.BIWEEKLY: ("e", "Hai tuần một kỳ"),
    SerialFrequency.MONTHLY: ("m", "Hằng tháng"),
    SerialFrequency.BIMONTHLY: ("b", "Hai tháng một kỳ"),
    SerialFrequency.QUARTERLY: ("q", "Hằng quý"),
    SerialFrequency.SEMIANNUAL: ("f", "Nửa năm một kỳ"),
    SerialFrequency.ANNUAL: ("a", "Hằng năm"),
    SerialFrequency.IRREGULAR: ("i", "Không định kỳ"),
}


def _user_id(by: Actor) -> int | None:
    return by.pk if getattr(by, "is_authenticated", False) else None  # type: ignore[union-attr]  # an authenticated Actor is a user


def _check_day(day: dt.date, *, field: str) -> None:
    """A day of a subscription or an issue: from the historical window's first day (a
    library records its back run of a title) to the operational window's last (next year's
    subscription)."""
    check_date(day, field=field, window="operational" if day > clock.today() else "historical")


def _check_range(value: int | None, *, field: str, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise SerialRefused("out_of_range", field=field, min=low, max=high)


def issue_label(issue: SerialIssue) -> str:
    """How an issue is named on pages and letters: "số 12 (05/03/2026)", with its volume."""
    day = issue.expected_on.strftime("%d/%m/%Y")
    if issue.volume:
        return _("vol. %(volume)s, no. %(number)s (%(day)s)") % {
            "volume": issue.volume,
            "number": issue.number,
            "day": day,
        }
    return _("no. %(number)s (%(day)s)") % {"number": issue.number, "day": day}


# ---------------------------------------------------------------- titles


def _serial_marc(*, title: str, issn: str, frequency: str, publisher: str) -> pymarc.Record:
    """A short MARC 21 record of a continuing resource (leader/07 "s") for a new serial."""
    code, words = _MARC_FREQUENCY[SerialFrequency(frequency)]
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("00000nas a2200000 a 4500")
    today = clock.today()
    fields = [
        pymarc.Field(
            tag="008", data=f"{today:%y%m%d}c{today.year}9999vm {code}r" + " " * 16 + "vie d"
        )
    ]
    data: list[tuple[str, str, str, str]] = [
        ("022", "0", "a", issn),
        ("245", "0", "a", title),
        ("264", " ", "b", publisher),
        ("310", " ", "a", words),
    ]
    fields += [
        pymarc.Field(
            tag=tag,
            indicators=pymarc.Indicators(first, "1" if tag == "264" else " "),
            subfields=[pymarc.Subfield(subfield, value)],
        )
        for tag, first, subfield, value in data
        if value
    ]
    for marc_field in fields:
        record.add_field(marc_field)  # type: ignore[no-untyped-call]  # pymarc is untyped
    return record


def _checked_issn(issn: str, *, exclude_pk: int | None = None) -> str:
    value = text.clean(issn)
    if not value:
        return ""
    normalised = policies.normalise_issn(value)
    if normalised is None:
        raise SerialRefused("invalid_issn", value=value)
    other = SerialTitle.objects.filter(issn=normalised).exclude(pk=exclude_pk or 0)
    taken = other.select_related("bib").first()
    if taken is not None:
        raise SerialRefused("duplicate_issn", issn=normalised, title=taken.bib.title)
    return normalised


@transaction.atomic
def create_serial_title(
    *,
    title: str,
    frequency: str,
    by: Actor,
    library: Library | None = None,
    issn: str = "",
    publisher: str = "",
    is_popular: bool = True,
    bib: BibRecord | None = None,
    at: dt.datetime | None = None,
) -> SerialTitle:
    """Add a serial title: on `bib` when the record is in the catalogue already, else on a
    new record of material type serial catalogued by `library` (its title, ISSN, publisher
    and frequency in MARC 022, 245, 264 and 310).

    Raises SerialRefused (an ISSN badly written or already a title's, a record already a
    serial), CatalogRefused (a frequency libnet does not know, no title).
    """
    at = at or clock.now()
    _check_choices_frequency(frequency)
    normalised = _checked_issn(issn)
    publisher = text.clean(publisher)
    if bib is None:
        bib = create_record(
            marc_record=_serial_marc(
                title=text.clean(title), issn=normalised, frequency=frequency, publisher=publisher
            ),
            by=by,
            library=library,
            at=at,
        )
    else:
        existing = SerialTitle.objects.filter(bib=bib).first()
        if existing is not None:
            raise SerialRefused("record_already_serial", title=bib.title)
    serial = SerialTitle(
        bib=bib,
        issn=normalised,
        frequency=frequency,
        publisher=publisher or bib.publisher,
        is_popular=is_popular,
        created_at=at,
        created_by_id=_user_id(by),
    )
    serial.full_clean()
    serial.save()
    audit.record(
        "serial_title.create",
        subject=serial,
        by=by,
        at=at,
        library_id=library.pk if library is not None else None,
        after={"bib": bib.pk, "issn": serial.issn, "frequency": frequency},
    )
    return serial


def _check_choices_frequency(frequency: str) -> None:
    if frequency not in _FREQUENCIES:
        raise CatalogRefused(
            "invalid_choice",
            field=_("Frequency"),
            value=frequency,
            allowed=", ".join(SerialFrequency.values),
        )


# ---------------------------------------------------------------- subscriptions

SUBSCRIPTION_FIELDS = (
    "starts_on",
    "ends_on",
    "copies",
    "shelf_location",
    "supplier",
    "price_vnd",
    "weekday",
    "first_number",
    "volume",
    "grace_days",
    "barcode_issues",
    "note",
)


def _check_subscription(subscription: SerialSubscription) -> None:
    """Raise SerialRefused or DateOutOfRange for a subscription that breaks a rule."""
    _check_day(subscription.starts_on, field=_("From"))
    if subscription.ends_on < subscription.starts_on:
        raise SerialRefused(
            "period_order",
            starts_on=subscription.starts_on.strftime("%d/%m/%Y"),
            ends_on=subscription.ends_on.strftime("%d/%m/%Y"),
        )
    if (subscription.ends_on - subscription.starts_on).days >= policies.MAX_SUBSCRIPTION_DAYS:
        raise SerialRefused("period_too_long", max=policies.MAX_SUBSCRIPTION_DAYS)
    _check_range(subscription.copies, field=_("Copies"), low=1, high=MAX_SERIAL_COPIES)
    _check_range(subscription.weekday, field=_("Weekday"), low=0, high=6)
    _check_range(
        subscription.first_number,
        field=_("Number of the first issue"),
        low=1,
        high=MAX_ACCESSION_SEQUENCE,
    )
    _check_range(subscription.grace_days, field=_("Days of grace"), low=0, high=MAX_GRACE_DAYS)
    check_price(subscription.price_vnd)
    shelf = subscription.shelf_location
    if shelf is not None and shelf.library_id != subscription.library_id:
        raise SerialRefused("shelf_location_other_library", name=shelf.name)


def _snapshot(subscription: SerialSubscription) -> dict[str, Any]:
    values = {name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS}
    values["shelf_location"] = subscription.shelf_location_id
    values["starts_on"] = subscription.starts_on.isoformat()
    values["ends_on"] = subscription.ends_on.isoformat()
    return values


@transaction.atomic
def subscribe(
    *,
    library: Library,
    title: SerialTitle,
    starts_on: dt.date,
    ends_on: dt.date,
    by: Actor,
    copies: int = 1,
    shelf_location: ShelfLocation | None = None,
    supplier: str = "",
    price_vnd: int | None = None,
    weekday: int | None = None,
    first_number: int = 1,
    volume: str = "",
    grace_days: int = 7,
    barcode_issues: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
) -> SerialSubscription:
    """Record `library`'s subscription to `title` for a period and generate its expected
    issues from the title's frequency; returns it.

    Raises SerialRefused (a period backwards or longer than three years, a number out of
    range, a shelf of another library), CatalogRefused (a price out of range) or
    DateOutOfRange (a start outside the dates accepted).
    """
    at = at or clock.now()
    subscription = SerialSubscription(
        library=library,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        copies=copies,
        shelf_location=shelf_location,
        supplier=text.clean(supplier),
        price_vnd=price_vnd,
        weekday=weekday,
        first_number=first_number,
        volume=text.clean(volume),
        grace_days=grace_days,
        barcode_issues=barcode_issues,
        note=note.strip(),
        created_at=at,
        created_by_id=_user_id(by),
    )
    _check_subscription(subscription)
    subscription.save()
    _generate_issues(subscription)
    audit.record(
        "serial_subscription.create",
        subject=subscription,
        by=by,
        at=at,
        library_id=library.pk,
        after={"title": title.pk, **_snapshot(subscription)},
    )
    catalog_stats.count_subscriptions([subscription])
    return subscription


@transaction.atomic
def change_subscription(
    *, subscription: SerialSubscription, by: Actor, at: dt.datetime | None = None, **values: Any
) -> SerialSubscription:
    """Change a subscription (any of SUBSCRIPTION_FIELDS) and generate its expected issues
    again: issues received, bound, discarded or claimed stay as they are; expected issues
    the new schedule no longer has go, and the days it adds come.

    Raises what `subscribe` raises.
    """
    at = at or clock.now()
    subscription = SerialSubscription.objects.select_for_update().get(pk=subscription.pk)
    before = _snapshot(subscription)
    first_day = subscription.starts_on
    for name, value in values.items():
        if name not in SUBSCRIPTION_FIELDS:
            raise TypeError(f"change_subscription() got an unexpected field {name!r}")
        if isinstance(value, str):
            value = value.strip() if name == "note" else text.clean(value)
        setattr(subscription, name, value)
    _check_subscription(subscription)
    subscription.save()
    _generate_issues(subscription)
    catalog_stats.move_subscription(subscription, from_day=first_day)
    audit.record(
        "serial_subscription.change",
        subject=subscription,
        by=by,
        at=at,
        library_id=subscription.library_id,
        before=before,
        after=_snapshot(subscription),
    )
    return subscription


def _generate_issues(subscription: SerialSubscription) -> None:
    """Bring the expected issues of `subscription` in line with its schedule (the title's
    frequency over the period), numbering them from its first number."""
    schedule = policies.issue_dates(
        frequency=subscription.title.frequency,
        starts_on=subscription.starts_on,
        ends_on=subscription.ends_on,
        weekday=subscription.weekday,
    )
    if subscription.title.frequency == SerialFrequency.IRREGULAR:
        return  # issues are added by hand as they come; none is dropped
    wanted = {day: subscription.first_number + index for index, day in enumerate(schedule)}
    existing = list(subscription.issues.all())
    kept_days = set()
    claimed = set(
        SerialClaim.objects.filter(issue__subscription=subscription).values_list(
            "issue_id", flat=True
        )
    )
    gone: list[int] = []
    changed: list[SerialIssue] = []
    for issue in existing:
        settled = issue.state != IssueState.EXPECTED or issue.pk in claimed
        if settled:
            kept_days.add(issue.expected_on)
            continue
        number = wanted.get(issue.expected_on)
        if number is None:
            gone.append(issue.pk)
            continue
        kept_days.add(issue.expected_on)
        if issue.number != number or issue.volume != subscription.volume:
            issue.number, issue.volume = number, subscription.volume
            changed.append(issue)
    if gone:
        SerialIssue.objects.filter(pk__in=gone).delete()
    if changed:
        SerialIssue.objects.bulk_update(changed, ["number", "volume"])
    SerialIssue.objects.bulk_create(
        [
            SerialIssue(
                subscription=subscription,
                expected_on=day,
                number=number,
                volume=subscription.volume,
            )
            for day, number in wanted.items()
            if day not in kept_days
        ]
    )


@transaction.atomic
def add_issue(
    *,
    subscription: SerialSubscription,
    expected_on: dt.date,
    number: int,
    by: Actor,
    volume: str = "",
    at: dt.datetime | None = None,
) -> SerialIssue:
    """Add an issue by hand: an issue of an irregular title, or a special issue (the Tết
    issue, a supplement) outside the schedule.

    Raises SerialRefused (a number out of range, the same number on that day already),
    DateOutOfRange.
    """
    at = at or clock.now()
    _check_day(expected_on, field=_("Expected on"))
    _check_range(number, field=_("Number"), low=1, high=MAX_ACCESSION_SEQUENCE)
    if subscription.issues.filter(expected_on=expected_on, number=number).exists():
        raise SerialRefused(
            "duplicate_issue",
            title=subscription.title.bib.title,
            number=number,
            day=expected_on.strftime("%d/%m/%Y"),
        )
    issue = SerialIssue.objects.create(
        subscription=subscription,
        expected_on=expected_on,
        number=number,
        volume=text.clean(volume) or subscription.volume,
    )
    audit.record(
        "serial_issue.create",
        subject=issue,
        by=by,
        at=at,
        library_id=subscription.library_id,
        after={"expected_on": expected_on.isoformat(), "number": number},
    )
    return issue


# ---------------------------------------------------------------- check-in


def _locked(issues: Sequence[SerialIssue]) -> list[SerialIssue]:
    """The issues again, locked for the change, by date."""
    return list(
        SerialIssue.objects.select_for_update(of=("self",))
        .filter(pk__in=[issue.pk for issue in issues])
        .select_related("subscription__title__bib", "subscription__library")
        .order_by("expected_on", "number", "pk")
    )


def _refuse_unless(issue: SerialIssue, state: str, code: str) -> None:
    """Raise SerialRefused(code) naming the issue and its state when it is not in `state`."""
    if issue.state != state:
        raise SerialRefused(code, issue=issue_label(issue), state=issue.get_state_display())


def _mark_received(issues: list[SerialIssue], *, by: Actor, at: dt.datetime) -> None:
    """Write `issues` as received with their `copies_received`, close their open claims,
    audit them and count them in the day's figures: a few statements for the whole list."""
    for issue in issues:
        issue.state = IssueState.RECEIVED
        issue.received_at = at
        issue.received_by_id = _user_id(by)
    SerialIssue.objects.bulk_update(
        issues, ["state", "copies_received", "received_at", "received_by"]
    )
    SerialClaim.objects.filter(issue__in=issues, state__in=OPEN_CLAIM_STATES).update(
        state=ClaimState.RESOLVED, closed_at=at
    )
    audit.record_many(
        "serial_issue.receive",
        (
            audit.Entry(
                issue,
                issue.subscription.library_id,
                after={"copies": issue.copies_received, "label": issue_label(issue)},
            )
            for issue in issues
        ),
        by=by,
        at=at,
    )
    catalog_stats.count_issues(issues)


def _add_copies(issue: SerialIssue, codes: list[str], *, by: Actor, at: dt.datetime) -> None:
    """Add the issue's copies to the catalogue (item type periodical, on the subscription's
    shelf, in its intake batch), with `codes` as the first barcodes."""
    subscription = issue.subscription
    batch = _intake_batch(subscription, by=by, at=at)
    added = add_items(
        copies=[
            NewCopy(
                bib_id=subscription.title.bib_id,
                library=subscription.library,
                barcode=codes[index] if index < len(codes) else "",
                shelf_location=subscription.shelf_location,
                item_type=ItemType.PERIODICAL,
                acquired_on=clock.local_date(at),
                notes=issue_label(issue),
                intake_batch=batch,
            )
            for index in range(issue.copies_received)
        ],
        by=by,
        at=at,
    )
    if added.refused:
        raise next(iter(added.refused.values()))
    issue.copies.add(*added.items)


@transaction.atomic
def receive_issue(
    *,
    issue: SerialIssue,
    by: Actor,
    copies: int | None = None,
    barcodes: Sequence[str] = (),
    at: dt.datetime | None = None,
) -> SerialIssue:
    """Check in an issue that has arrived: `copies` of it (the subscription's copies by
    default). A subscription that barcodes its issues adds each copy to the catalogue
    (item type periodical, on the subscription's shelf), with `barcodes` when given (one per
    copy) or barcodes made from the library's code. An open claim for the issue is closed.

    Raises SerialRefused (the issue received, bound or discarded already; copies out of
    range), CatalogRefused (a barcode in use or badly written, no accession register).
    """
    return receive_issues(issues=[issue], by=by, at=at, copies=copies, barcodes=barcodes)[0]


@transaction.atomic
def receive_issues(
    *,
    issues: Sequence[SerialIssue],
    by: Actor,
    at: dt.datetime | None = None,
    copies: int | None = None,
    barcodes: Sequence[str] = (),
) -> list[SerialIssue]:
    """Check in the issues ticked on the check-in list, each with `copies` (its
    subscription's copies by default): all of them, or none when one is refused
    (receive_issue's refusals). `barcodes` go to the first copies added. A few statements
    for the whole list, and add_items for the copies of subscriptions that barcode issues."""
    at = at or clock.now()
    if not issues:
        raise SerialRefused("nothing_selected")
    locked = _locked(issues)
    codes = [code for code in (text.clean(code) for code in barcodes) if code]
    for issue in locked:
        _refuse_unless(issue, IssueState.EXPECTED, "issue_not_expected")
        issue.copies_received = issue.subscription.copies if copies is None else copies
        _check_range(issue.copies_received, field=_("Copies"), low=1, high=MAX_SERIAL_COPIES)
        if len(codes) > issue.copies_received:
            raise SerialRefused("too_many_barcodes", count=len(codes), copies=issue.copies_received)
    _mark_received(locked, by=by, at=at)
    for issue in locked:
        if issue.subscription.barcode_issues:
            _add_copies(issue, codes, by=by, at=at)
    return locked


def _intake_batch(subscription: SerialSubscription, *, by: Actor, at: dt.datetime) -> IntakeBatch:
    """The intake batch (general register, Part I) the subscription's copies join: one per
    subscription, opened with its first issue added as copies (a register of one batch a
    day would bury the books' batches)."""
    if subscription.intake_batch_id is not None:
        return IntakeBatch.objects.get(pk=subscription.intake_batch_id)
    batch = open_intake_batch(
        library=subscription.library,
        source=ItemSource.PURCHASE,
        received_on=clock.local_date(at),
        supplier=subscription.supplier,
        note=_("Subscription to %(title)s, %(starts_on)s – %(ends_on)s")
        % {
            "title": subscription.title.bib.title,
            "starts_on": subscription.starts_on.strftime("%d/%m/%Y"),
            "ends_on": subscription.ends_on.strftime("%d/%m/%Y"),
        },
        by=by,
        at=at,
    )
    subscription.intake_batch = batch
    subscription.save(update_fields=["intake_batch"])
    return batch


def _parse_issue_ref(value: str) -> int | dt.date | None:
    value = text.clean(value)
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007  # a calendar day typed at the desk, no time of day
        except ValueError:
            continue
    return None


def find_scanned_issue(
    *, library: Library, code: str, issue: str = "", today: dt.date | None = None
) -> SerialIssue:
    """The issue a scan at `library`'s check-in desk names: the title by its ISSN (typed, or
    read from the cover's 977 barcode), the issue by its number or its date, or by the
    barcode's add-on, else the oldest issue of the title still expected.

    Raises SerialRefused (a code that is no ISSN, a title the library does not take, no
    such issue, nothing left to receive).
    """
    today = today or clock.today()
    scanned = policies.read_serial_scan(code)
    if scanned is None:
        raise SerialRefused("unreadable_scan", code=text.clean(code))
    subscriptions = SerialSubscription.objects.filter(
        library=library, title__issn=scanned.issn
    ).select_related("title__bib")
    subscription = (
        subscriptions.filter(starts_on__lte=today, ends_on__gte=today).first()
        or subscriptions.order_by("-ends_on").first()
    )
    if subscription is None:
        raise SerialRefused("not_subscribed", library=library.name, issn=scanned.issn)
    issues = SerialIssue.objects.filter(
        subscription__library=library, subscription__title=subscription.title
    ).select_related("subscription__title__bib")
    reference = _parse_issue_ref(issue) if issue else scanned.number
    title = subscription.title.bib.title
    if issue and reference is None:
        raise SerialRefused("issue_not_found", title=title, issue=text.clean(issue))
    if isinstance(reference, int):
        # The issue still expected with that number; else the latest one (received already:
        # receive_issue says so).
        numbered = issues.filter(number=reference)
        found = (
            numbered.filter(state=IssueState.EXPECTED).order_by("expected_on").first()
            or numbered.order_by("-expected_on").first()
        )
    elif isinstance(reference, dt.date):
        found = issues.filter(expected_on=reference).order_by("number").first()
    else:
        found = (
            issues.filter(state=IssueState.EXPECTED, expected_on__lte=today)
            .order_by("expected_on", "number")
            .first()
        )
        if found is None:
            raise SerialRefused("nothing_to_receive", title=title)
    if found is None:
        raise SerialRefused("issue_not_found", title=title, issue=text.clean(issue) or reference)
    return found


# ---------------------------------------------------------------- claims


@transaction.atomic
def raise_claims(
    *,
    issues: Sequence[SerialIssue],
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> list[SerialClaim]:
    """Claim late issues from their supplier: one claim per issue, to send in a letter.

    Raises SerialRefused (nothing selected, an issue not expected any more, not late yet,
    claimed already), with nothing written.
    """
    at = at or clock.now()
    today = clock.local_date(at)
    if not issues:
        raise SerialRefused("nothing_selected")
    locked = _locked(issues)
    claimed = set(
        SerialClaim.objects.filter(issue__in=locked, state__in=OPEN_CLAIM_STATES).values_list(
            "issue_id", flat=True
        )
    )
    claims: list[SerialClaim] = []
    for issue in locked:
        _refuse_unless(issue, IssueState.EXPECTED, "issue_not_expected")
        grace = issue.subscription.grace_days
        if not policies.is_late(expected_on=issue.expected_on, grace_days=grace, today=today):
            first_day = issue.expected_on + dt.timedelta(days=grace + 1)
            raise SerialRefused(
                "not_late", issue=issue_label(issue), day=first_day.strftime("%d/%m/%Y")
            )
        if issue.pk in claimed:
            raise SerialRefused("already_claimed", issue=issue_label(issue))
        claims.append(
            SerialClaim(issue=issue, raised_at=at, raised_by_id=_user_id(by), note=note.strip())
        )
    SerialClaim.objects.bulk_create(claims)
    audit.record_many(
        "serial_claim.create",
        (audit.Entry(claim, claim.issue.subscription.library_id) for claim in claims),
        by=by,
        at=at,
        note=note.strip(),
    )
    return claims


def _locked_open_claims(claims: Sequence[SerialClaim]) -> list[SerialClaim]:
    """The claims again, locked; SerialRefused("claim_closed") when one is closed."""
    if not claims:
        raise SerialRefused("nothing_to_claim")
    locked = list(
        SerialClaim.objects.select_for_update(of=("self",))
        .filter(pk__in=[claim.pk for claim in claims])
        .select_related("issue__subscription")
    )
    if any(claim.state not in OPEN_CLAIM_STATES for claim in locked):
        raise SerialRefused("claim_closed")
    return locked


@transaction.atomic
def mark_claims_sent(
    *, claims: Sequence[SerialClaim], by: Actor, at: dt.datetime | None = None
) -> int:
    """Record that the claim letter went to the supplier; returns how many claims were sent.

    Claims sent before are sent again (a reminder); closed ones are refused.
    Raises SerialRefused (nothing selected, a claim closed).
    """
    at = at or clock.now()
    locked = _locked_open_claims(claims)
    SerialClaim.objects.filter(pk__in=[claim.pk for claim in locked]).update(
        state=ClaimState.SENT, sent_at=at
    )
    audit.record_many(
        "serial_claim.send",
        (audit.Entry(claim, claim.issue.subscription.library_id) for claim in locked),
        by=by,
        at=at,
    )
    return len(locked)


@transaction.atomic
def cancel_claims(
    *, claims: Sequence[SerialClaim], by: Actor, note: str = "", at: dt.datetime | None = None
) -> int:
    """Close claims without their issues (the supplier says they were never published, or
    the library gives up on them); returns how many. Raises SerialRefused (nothing selected,
    a claim closed already)."""
    at = at or clock.now()
    locked = _locked_open_claims(claims)
    for claim in locked:
        claim.state = ClaimState.CANCELLED
        claim.closed_at = at
        claim.note = (note.strip() or claim.note)[:300]
    SerialClaim.objects.bulk_update(locked, ["state", "closed_at", "note"])
    audit.record_many(
        "serial_claim.cancel",
        (audit.Entry(claim, claim.issue.subscription.library_id) for claim in locked),
        by=by,
        at=at,
        note=note.strip(),
    )
    return len(locked)


# ---------------------------------------------------------------- binding and discarding


def _lock_received(issues: Sequence[SerialIssue]) -> list[SerialIssue]:
    """The issues, locked, once each is checked: received, of one title at one library, and
    not added as catalogue copies (those go through the weeding list copy by copy)."""
    if not issues:
        raise SerialRefused("nothing_selected")
    locked = _locked(issues)
    owners = {(issue.subscription.library_id, issue.subscription.title_id) for issue in locked}
    if len(owners) > 1:
        raise SerialRefused("issues_of_several_titles")
    with_copies = set(
        SerialIssue.copies.through.objects.filter(
            serialissue_id__in=[i.pk for i in locked]
        ).values_list("serialissue_id", flat=True)
    )
    for issue in locked:
        _refuse_unless(issue, IssueState.RECEIVED, "issue_not_received")
        if issue.pk in with_copies:
            raise SerialRefused("issue_has_copies", issue=issue_label(issue))
    return locked


@transaction.atomic
def bind_issues(
    *,
    issues: Sequence[SerialIssue],
    by: Actor,
    barcode: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Item:
    """Bind received issues of one title into a volume: one new catalogue copy of the title
    (item type periodical, on the subscription's shelf), which the issues then point to.

    Raises SerialRefused (nothing selected, issues of several titles, an issue not received
    or added as copies), CatalogRefused (the volume's barcode, no accession register).
    """
    at = at or clock.now()
    locked = _lock_received(issues)
    first, last = locked[0], locked[-1]
    subscription = first.subscription
    what = _("Bound volume: %(first)s – %(last)s") % {
        "first": issue_label(first),
        "last": issue_label(last),
    }
    volume = add_item(
        bib=subscription.title.bib,
        library=subscription.library,
        by=by,
        barcode=barcode,
        shelf_location=subscription.shelf_location,
        item_type=ItemType.PERIODICAL,
        acquired_on=clock.local_date(at),
        notes="\n".join(part for part in (what, note.strip()) if part),
        at=at,
    )
    _dispose(locked, state=IssueState.BOUND, at=at, note=note, bound_into=volume)
    audit.record_many(
        "serial_issue.bind",
        (
            audit.Entry(issue, subscription.library_id, after={"item": volume.pk})
            for issue in locked
        ),
        by=by,
        at=at,
        note=note.strip(),
    )
    return volume


@transaction.atomic
def discard_issues(
    *, issues: Sequence[SerialIssue], by: Actor, note: str, at: dt.datetime | None = None
) -> list[SerialIssue]:
    """Discard received issues of one title (popular serials two years after publication,
    TT 02/2020 Art. 19), with the reason or decision number in `note`.

    Raises SerialRefused (no note, nothing selected, issues of several titles, an issue not
    received or added as catalogue copies).
    """
    at = at or clock.now()
    if not note.strip():
        raise SerialRefused("note_required")
    locked = _lock_received(issues)
    _dispose(locked, state=IssueState.DISCARDED, at=at, note=note)
    library_id = locked[0].subscription.library_id
    audit.record_many(
        "serial_issue.discard",
        (audit.Entry(issue, library_id) for issue in locked),
        by=by,
        at=at,
        note=note.strip(),
    )
    return locked


def _dispose(
    issues: list[SerialIssue],
    *,
    state: str,
    at: dt.datetime,
    note: str,
    bound_into: Item | None = None,
) -> None:
    for issue in issues:
        issue.state = state
        issue.disposed_at = at
        issue.disposal_note = note.strip()[:300]
        issue.bound_into = bound_into
    SerialIssue.objects.bulk_update(issues, ["state", "disposed_at", "disposal_note", "bound_into"])
