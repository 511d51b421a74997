"""JSON endpoints of weeding, under /api/v1/weeding.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
another library's round or library is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from libnet.catalog.errors import CatalogRefused
from libnet.core import clock
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Date, Identifier, IdParam, InputSchema, TextRules
from libnet.core.validation import DateOutOfRange
from libnet.weeding import access, policies, selectors, services
from libnet.weeding.errors import WeedingInvalid, WeedingRefused
from libnet.weeding.models import (
    CouncilMember,
    Criterion,
    Disposal,
    RoundState,
    RoundStep,
    WeedingRound,
)

# The most copies one request puts on a list: a tenth of a large provincial library's stock.
MAX_COPIES = 5_000

router = Router(tags=["weeding"], auth=STAFF_AUTH)


class WeedingCandidatesQuery(Schema):
    library: Identifier = Field(description="The library's code.")


class WeedingCandidateOut(Schema):
    item_id: int
    barcode: str
    accession_number: str
    title: str
    call_number: str
    status: str
    criterion: str = Field(
        description="The first criterion the copy meets (catalog's WithdrawalReason)."
    )
    article: str = Field(description="The article of TT 02/2020/TT-BVHTTDL.")
    also: list[str] = Field(description="Other criteria it meets.")


class WeedingRoundIn(InputSchema):
    library: Identifier
    plan: Annotated[str, TextRules.column(WeedingRound, "plan")] = ""
    early_reason: Annotated[str, TextRules.column(WeedingRound, "early_reason")] = ""
    requested_on: Date | None = None


class WeedingStepOut(Schema):
    state: str
    done_on: dt.date
    reference: str


class WeedingRoundOut(Schema):
    id: int
    library: str
    state: str
    stock_at_opening: int
    cap: int = Field(
        description="The most copies the round may weed: 10 % of the stock at opening."
    )
    copies: int
    next_due_on: dt.date | None = Field(
        description="When the library's cycle makes the next round due (None: due now)."
    )
    early: bool = Field(description="Opened before the cycle was due.")
    decision_number: str
    decided_on: dt.date | None
    published_on: dt.date | None
    steps: list[WeedingStepOut]


class WeedingCopyIn(InputSchema):
    barcode: Identifier
    criterion: Criterion
    disposal: Disposal = Disposal.DESTROY


class WeedingCopiesIn(InputSchema):
    copies: Annotated[list[WeedingCopyIn], Field(min_length=1, max_length=MAX_COPIES)]


class WeedingAddedOut(Schema):
    added: int
    copies: int


class WeedingStepIn(InputSchema):
    to: RoundState
    on: Date | None = None
    reference: Annotated[str, TextRules.column(RoundStep, "reference")] = ""
    note: Annotated[str, TextRules.column(RoundStep, "note")] = ""


class WeedingCouncilMemberIn(InputSchema):
    name: Annotated[str, TextRules.column(CouncilMember, "name")]
    role: Annotated[str, TextRules.column(CouncilMember, "role")] = ""
    organisation: Annotated[str, TextRules.column(CouncilMember, "organisation")] = ""


class WeedingCouncilIn(InputSchema):
    members: Annotated[
        list[WeedingCouncilMemberIn], Field(min_length=1, max_length=services.MAX_COUNCIL_MEMBERS)
    ]


class WeedingDecisionIn(InputSchema):
    number: Annotated[str, TextRules.column(WeedingRound, "decision_number")]
    decided_on: Date
    note: Annotated[str, TextRules.column(RoundStep, "note")] = ""


def _round_out(weeding_round: WeedingRound) -> WeedingRoundOut:
    cycle = selectors.library_cycle(weeding_round.library, stock=weeding_round.stock_at_opening)
    return WeedingRoundOut(
        id=weeding_round.pk,
        library=weeding_round.library.code,
        state=weeding_round.state,
        stock_at_opening=weeding_round.stock_at_opening,
        cap=policies.cap(weeding_round.stock_at_opening),
        copies=weeding_round.copies.count(),
        next_due_on=cycle.next_due_on,
        early=cycle.is_early(clock.local_date(weeding_round.opened_at)),
        decision_number=weeding_round.decision_number,
        decided_on=weeding_round.decided_on,
        published_on=weeding_round.published_on,
        steps=[
            WeedingStepOut(state=step.state, done_on=step.done_on, reference=step.reference)
            for step in weeding_round.steps.all()
        ],
    )


@router.get("/weeding/candidates", response={200: list[WeedingCandidateOut], **refusals(NotFound)})
def candidates(
    request: HttpRequest, query: Query[WeedingCandidatesQuery]
) -> list[WeedingCandidateOut]:
    """The library's copies that meet a weeding criterion (TT 02/2020 Art. 19–22), each with
    the first it meets; copies already on an undecided round's list are left out."""
    library = access.get_library_for_weeding(request.user, query.library)
    return [
        WeedingCandidateOut(
            item_id=proposal.item_id,
            barcode=proposal.barcode,
            accession_number=proposal.accession_number,
            title=proposal.title,
            call_number=proposal.call_number,
            status=proposal.status,
            criterion=proposal.criterion,
            article=proposal.article,
            also=[str(criterion) for criterion in proposal.also],
        )
        for proposal in selectors.proposals(library, today=clock.today())
    ]


@router.post(
    "/weeding/rounds",
    response={201: WeedingRoundOut, **refusals(NotFound, WeedingRefused, DateOutOfRange)},
)
def create_round(request: HttpRequest, data: WeedingRoundIn) -> Status[WeedingRoundOut]:
    """Open a weeding round of a library of the caller: the request and plan (Mẫu 01, 02);
    the holdings are counted for the 10 % cap."""
    library = access.get_library_for_weeding(request.user, data.library)
    weeding_round = services.open_round(
        library=library,
        plan=data.plan,
        early_reason=data.early_reason,
        on=data.requested_on,
        by=request.user,
    )
    return Status(201, _round_out(weeding_round))


@router.get("/weeding/rounds/{round_id}", response={200: WeedingRoundOut, **refusals(NotFound)})
def get_round(request: HttpRequest, round_id: IdParam) -> WeedingRoundOut:
    return _round_out(access.get_round_for_staff(request.user, round_id))


@router.post(
    "/weeding/rounds/{round_id}/copies",
    response={200: WeedingAddedOut, **refusals(NotFound, WeedingInvalid, WeedingRefused)},
)
def add_copies(request: HttpRequest, round_id: IdParam, data: WeedingCopiesIn) -> WeedingAddedOut:
    """Put copies of the round's library on its list by barcode, each with its criterion and
    proposed disposal; refused past 10 % of the holdings at opening (409 `over_cap`)."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    items = [(access.copy_by_barcode(weeding_round, copy.barcode), copy) for copy in data.copies]
    added = services.add_copies(
        weeding_round=weeding_round,
        copies=[(item, copy.criterion) for item, copy in items],
        disposals={item.pk: copy.disposal for item, copy in items},
        by=request.user,
    )
    return WeedingAddedOut(added=len(added), copies=weeding_round.copies.count())


@router.post(
    "/weeding/rounds/{round_id}/steps",
    response={
        200: WeedingRoundOut,
        **refusals(NotFound, WeedingInvalid, WeedingRefused, DateOutOfRange),
    },
)
def advance(request: HttpRequest, round_id: IdParam, data: WeedingStepIn) -> WeedingRoundOut:
    """Record the next step: approved (with the approval number), listed, council, minutes,
    published (the list on the OPAC for 15 days) or closed; the decision has its own
    endpoint. Steps go in order (409 `wrong_step`)."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    if data.to == RoundState.PUBLISHED:
        weeding_round = services.publish_round(
            weeding_round=weeding_round, on=data.on, by=request.user
        )
    elif data.to == RoundState.CLOSED:
        weeding_round = services.close_round(
            weeding_round=weeding_round, on=data.on, by=request.user
        )
    else:
        weeding_round = services.advance_round(
            weeding_round=weeding_round,
            to=data.to,
            on=data.on,
            reference=data.reference,
            note=data.note,
            by=request.user,
        )
    return _round_out(weeding_round)


@router.post(
    "/weeding/rounds/{round_id}/council",
    response={200: WeedingRoundOut, **refusals(NotFound, WeedingInvalid, WeedingRefused)},
)
def council(request: HttpRequest, round_id: IdParam, data: WeedingCouncilIn) -> WeedingRoundOut:
    """Name the appraisal council (replaces the members named before)."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    services.set_council(
        weeding_round=weeding_round,
        members=[(m.name, m.role, m.organisation) for m in data.members],
        by=request.user,
    )
    return _round_out(weeding_round)


@router.post(
    "/weeding/rounds/{round_id}/decision",
    response={
        200: WeedingRoundOut,
        **refusals(NotFound, WeedingInvalid, WeedingRefused, CatalogRefused, DateOutOfRange),
    },
)
def decision(request: HttpRequest, round_id: IdParam, data: WeedingDecisionIn) -> WeedingRoundOut:
    """The weeding decision (Mẫu 07a): its number and date; every listed copy is withdrawn
    with the number and its criterion. A number the library used before is refused (409
    `duplicate_decision_number`), and then nothing is withdrawn."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    weeding_round = services.decide_round(
        weeding_round=weeding_round,
        number=data.number,
        decided_on=data.decided_on,
        note=data.note,
        by=request.user,
    )
    return _round_out(weeding_round)
