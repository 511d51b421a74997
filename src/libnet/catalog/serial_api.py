"""Serials endpoints for staff, under /api/v1/serials: a library's subscriptions and their
issues, check-in (by issue, or as the desk scans), and claims for late issues.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
another library's subscription, issue or claim is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.catalog import access, selectors
from libnet.catalog.errors import CatalogRefused, SerialRefused
from libnet.catalog.models import (
    MAX_SERIAL_COPIES,
    IssueState,
    SerialClaim,
    SerialIssue,
    SerialSubscription,
)
from libnet.catalog.services import serials
from libnet.core import text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Id, Identifier, IdParam, InputSchema, IntRange, TextRules
from libnet.network import access as network_access

router = Router(tags=["serials"], auth=STAFF_AUTH)

# The most issues ticked or claimed in one request: a year of a daily.
MAX_ISSUES = 400


class SerialSubscriptionOut(Schema):
    id: int
    library: str
    title: str
    issn: str
    frequency: str
    starts_on: dt.date
    ends_on: dt.date
    copies: int
    shelf_location: str
    supplier: str
    barcode_issues: bool


class SerialIssueOut(Schema):
    id: int
    subscription_id: int
    expected_on: dt.date
    volume: str
    number: int
    label: str
    state: str = Field(description="expected, received, bound or discarded.")
    copies_received: int
    barcodes: list[str] = Field(description="Its catalogue copies, when issues get barcodes.")


class IssueReceiveIn(InputSchema):
    copies: Annotated[int, IntRange(1, MAX_SERIAL_COPIES)] | None = Field(
        None, description="Empty: the subscription's copies of each issue."
    )
    barcodes: Annotated[list[Identifier], Field(max_length=MAX_SERIAL_COPIES)] = Field(
        [], description="One per copy, when the subscription barcodes its issues."
    )


class IssueScanIn(InputSchema):
    library: Identifier
    code: Annotated[str, TextRules(max_length=40)] = Field(
        description="An ISSN (0866-7020) or the cover's EAN-13 (977…), with its add-on."
    )
    issue: Annotated[str, TextRules(max_length=20)] = Field(
        "", description="The number or the date (dd/mm/yyyy); empty: the oldest expected."
    )
    copies: Annotated[int, IntRange(1, MAX_SERIAL_COPIES)] | None = None


class SerialClaimsIn(InputSchema):
    issues: Annotated[list[Id], Field(min_length=1, max_length=MAX_ISSUES)]
    note: Annotated[str, TextRules(max_length=300)] = ""


class SerialClaimOut(Schema):
    id: int
    issue: SerialIssueOut
    state: str = Field(description="open, sent, resolved or cancelled.")
    supplier: str
    raised_at: dt.datetime


def _subscription_out(subscription: SerialSubscription) -> SerialSubscriptionOut:
    return SerialSubscriptionOut(
        id=subscription.pk,
        library=subscription.library.code,
        title=subscription.title.bib.title,
        issn=subscription.title.issn,
        frequency=subscription.title.frequency,
        starts_on=subscription.starts_on,
        ends_on=subscription.ends_on,
        copies=subscription.copies,
        shelf_location=subscription.shelf_location.name if subscription.shelf_location else "",
        supplier=subscription.supplier,
        barcode_issues=subscription.barcode_issues,
    )


def _issue_out(issue: SerialIssue) -> SerialIssueOut:
    return SerialIssueOut(
        id=issue.pk,
        subscription_id=issue.subscription_id,
        expected_on=issue.expected_on,
        volume=issue.volume,
        number=issue.number,
        label=serials.issue_label(issue),
        state=issue.state,
        copies_received=issue.copies_received,
        barcodes=[copy.barcode for copy in issue.copies.all()],
    )


def _claim_out(claim: SerialClaim) -> SerialClaimOut:
    return SerialClaimOut(
        id=claim.pk,
        issue=_issue_out(claim.issue),
        state=claim.state,
        supplier=claim.issue.subscription.supplier,
        raised_at=claim.raised_at,
    )


@router.get("/serials", response={200: list[SerialSubscriptionOut], **refusals(NotFound)})
def list_subscriptions(request: HttpRequest, library: Identifier) -> list[SerialSubscriptionOut]:
    """The serial subscriptions of one of the caller's libraries (its code)."""
    chosen = network_access.get_library_for_staff(request.user, text.identifier(library))
    return [_subscription_out(row) for row in selectors.serial_subscriptions([chosen.pk])]


@router.get(
    "/serials/{subscription_id}/issues",
    response={200: list[SerialIssueOut], **refusals(NotFound)},
)
def list_issues(
    request: HttpRequest,
    subscription_id: IdParam,
    year: Annotated[int, IntRange(1900, 2999, from_text=True)] | None = None,
    state: IssueState | None = None,
) -> list[SerialIssueOut]:
    """The issues of a subscription of the caller's libraries, by date."""
    subscription = access.get_subscription_for_staff(request.user, subscription_id)
    issues = subscription.issues.prefetch_related("copies").order_by("expected_on", "number")
    if year is not None:
        issues = issues.filter(expected_on__year=year)
    if state is not None:
        issues = issues.filter(state=state)
    return [_issue_out(issue) for issue in issues]


@router.post(
    "/serials/{subscription_id}/issues/{issue_id}/receive",
    response={200: SerialIssueOut, **refusals(NotFound, SerialRefused, CatalogRefused)},
)
def receive(
    request: HttpRequest, subscription_id: IdParam, issue_id: IdParam, data: IssueReceiveIn
) -> SerialIssueOut:
    """Check in an issue of a subscription of a library where the caller catalogues."""
    issue = access.get_issue_for_staff(
        request.user, issue_id, "catalog", subscription_id=subscription_id
    )
    received = serials.receive_issue(
        issue=issue, copies=data.copies, barcodes=list(data.barcodes), by=request.user
    )
    return _issue_out(received)


@router.post(
    "/serials/scan",
    response={200: SerialIssueOut, **refusals(NotFound, SerialRefused, CatalogRefused)},
)
def receive_scanned(request: HttpRequest, data: IssueScanIn) -> SerialIssueOut:
    """Check in the issue a scan at the desk names (see the check-in page)."""
    library = network_access.get_library_for_staff(
        request.user, text.identifier(data.library), "catalog"
    )
    issue = serials.find_scanned_issue(library=library, code=data.code, issue=data.issue)
    received = serials.receive_issue(issue=issue, copies=data.copies, by=request.user)
    return _issue_out(received)


@router.get("/serials/claims", response={200: list[SerialClaimOut], **refusals(NotFound)})
def list_claims(request: HttpRequest, library: Identifier) -> list[SerialClaimOut]:
    """The open claims (to send, or sent) of one of the caller's libraries."""
    chosen = network_access.get_library_for_staff(request.user, text.identifier(library))
    claims = selectors.serial_claims([chosen.pk]).prefetch_related("issue__copies")
    return [_claim_out(claim) for claim in claims]


@router.post(
    "/serials/claims", response={201: list[SerialClaimOut], **refusals(NotFound, SerialRefused)}
)
def raise_claims(request: HttpRequest, data: SerialClaimsIn) -> Status[list[SerialClaimOut]]:
    """Claim late issues of the caller's libraries from their suppliers."""
    issues = access.issues_for_staff(request.user, data.issues, "catalog")
    made = serials.raise_claims(issues=issues, note=data.note, by=request.user)
    return Status(201, [_claim_out(claim) for claim in made])
