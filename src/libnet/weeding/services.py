"""Writes of weeding: content flags, and a round from its request to its closing.

Each service checks, writes and audits in one transaction; a refusal leaves nothing written.
Copies change only through catalog's services (the decision withdraws them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.weeding import policies, selectors
from libnet.weeding.errors import WeedingInvalid, WeedingNotFound, WeedingRefused
from libnet.weeding.models import (
    ContentFlag,
    CouncilMember,
    Criterion,
    Disposal,
    RoundCopy,
    RoundState,
    RoundStep,
    WeedingRound,
)

MAX_COUNCIL_MEMBERS = 15
# The audit action of each step of a round.
STEP_ACTIONS = {
    RoundState.REQUESTED: "weeding.request",
    RoundState.APPROVED: "weeding.approve",
    RoundState.LISTED: "weeding.list",
    RoundState.COUNCIL: "weeding.council",
    RoundState.MINUTES: "weeding.minutes",
    RoundState.DECIDED: "weeding.decide",
    RoundState.PUBLISHED: "weeding.publish",
    RoundState.CLOSED: "weeding.close",
}
# Copies that cannot leave the shelf's books today: they are out of the library's hands.
_MOVING = (ItemStatus.ON_LOAN, ItemStatus.IN_TRANSIT, ItemStatus.ON_ROTATION)


# ---------------------------------------------------------------- content flags


@transaction.atomic
def flag_content(
    *, library: Library, bib: BibRecord, reason: str, by: Actor, at: dt.datetime | None = None
) -> ContentFlag:
    """Flag a record's content for weeding at `library` (TT 02/2020 Art. 19.1: outdated,
    repealed law, unsuited to the library), with the cataloguer's reason."""
    at = at or clock.now()
    reason = reason.strip()
    if not reason:
        raise WeedingInvalid("reason_required")
    if ContentFlag.objects.filter(library=library, bib=bib, cleared_at__isnull=True).exists():
        raise WeedingRefused("already_flagged")
    flag = ContentFlag.objects.create(
        library=library, bib=bib, reason=reason[:300], flagged_at=at, flagged_by=audit.user_of(by)
    )
    audit.record(
        "weeding.flag_content", subject=flag, by=by, at=at, library_id=library.pk, note=reason
    )
    return flag


@transaction.atomic
def clear_content_flag(*, flag: ContentFlag, by: Actor, at: dt.datetime | None = None) -> None:
    """Take the flag off: the record is no longer proposed under the content criterion."""
    at = at or clock.now()
    if flag.cleared_at is not None:
        return
    flag.cleared_at = at
    flag.save(update_fields=["cleared_at"])
    audit.record(
        "weeding.clear_content_flag", subject=flag, by=by, at=at, library_id=flag.library_id
    )


# ---------------------------------------------------------------- the round


def _step(
    weeding_round: WeedingRound,
    state: str,
    *,
    on: dt.date,
    by: Actor,
    at: dt.datetime,
    reference: str = "",
    note: str = "",
) -> None:
    RoundStep.objects.create(
        round=weeding_round,
        state=state,
        done_on=on,
        done_at=at,
        done_by=audit.user_of(by),
        reference=reference,
        note=note[:500],
    )
    audit.record(
        STEP_ACTIONS[RoundState(state)],
        subject=weeding_round,
        by=by,
        at=at,
        library_id=weeding_round.library_id,
        after={"state": state, "on": on.isoformat(), "reference": reference},
        note=note[:500],
    )


@transaction.atomic
def open_round(
    *,
    library: Library,
    plan: str,
    by: Actor,
    on: dt.date | None = None,
    early_reason: str = "",
    at: dt.datetime | None = None,
) -> WeedingRound:
    """Open a weeding round: the request and the plan sent to the managing body (Mẫu 01, 02).

    The holdings are counted now: the 10 % cap of the round is worked out on them. A round
    before the cycle is due is allowed (the managing body may order one) and keeps its reason.
    Raises WeedingRefused("round_open") while another round of the library is undecided.
    """
    at = at or clock.now()
    on = check_date(on or clock.local_date(at), field=_("request date"), window="operational")
    library = Library.objects.select_for_update().get(pk=library.pk)
    undecided = WeedingRound.objects.filter(library=library, state__in=selectors.UNDECIDED).first()
    if undecided is not None:
        raise WeedingRefused("round_open", number=undecided.pk)
    weeding_round = WeedingRound.objects.create(
        library=library,
        opened_at=at,
        opened_by=audit.user_of(by),
        stock_at_opening=selectors.stock_held(library),
        plan=plan.strip(),
        early_reason=early_reason.strip()[:500],
    )
    _step(weeding_round, RoundState.REQUESTED, on=on, by=by, at=at, note=early_reason)
    return weeding_round


def _locked(weeding_round: WeedingRound) -> WeedingRound:
    return (
        WeedingRound.objects.select_for_update(of=("self",))
        .select_related("library")
        .get(pk=weeding_round.pk)
    )


@transaction.atomic
def add_copies(
    *,
    weeding_round: WeedingRound,
    copies: Sequence[tuple[Item, str]],
    by: Actor,
    disposal: str = Disposal.DESTROY,
    disposals: Mapping[int, str] | None = None,
    at: dt.datetime | None = None,
) -> list[RoundCopy]:
    """Put copies on the round's list, each with its criterion, and the proposed disposal
    (`disposals`: a copy's own, by its id; `disposal` for the others).

    A copy already on the list stays as it is. Refused: a copy of another library (not
    found), withdrawn, out of the library's hands, or on another undecided round's list; a
    list over 10 % of the holdings at opening. Nothing is written when one is refused.
    """
    at = at or clock.now()
    weeding_round = _locked(weeding_round)
    if weeding_round.state not in policies.LIST_EDITABLE:
        raise WeedingRefused("list_fixed")
    if not copies:
        raise WeedingInvalid("no_copies")
    disposals = disposals or {}
    if any(value not in Disposal.values for value in [disposal, *disposals.values()]):
        raise WeedingInvalid("bad_disposal")
    present = set(weeding_round.copies.values_list("item_id", flat=True))
    elsewhere = selectors.copies_in_undecided_rounds(weeding_round.library) - present
    new: list[RoundCopy] = []
    seen: set[int] = set()
    for item, criterion in copies:
        if criterion not in Criterion.values:
            raise WeedingInvalid("bad_criterion")
        if item.pk in present or item.pk in seen:
            continue
        seen.add(item.pk)
        if item.home_library_id != weeding_round.library_id:
            raise WeedingNotFound("item_not_found")
        if item.status == ItemStatus.WITHDRAWN:
            raise WeedingRefused("withdrawn", barcode=item.barcode)
        if item.status in _MOVING:
            raise WeedingRefused("cannot_withdraw_now", barcode=item.barcode)
        if item.pk in elsewhere:
            raise WeedingRefused("in_other_round", barcode=item.barcode)
        new.append(
            RoundCopy(
                round=weeding_round,
                item=item,
                criterion=criterion,
                disposal=disposals.get(item.pk, disposal),
                added_at=at,
                added_by=audit.user_of(by),
            )
        )
    _check_cap(weeding_round, len(present) + len(new))
    RoundCopy.objects.bulk_create(new)
    if new:
        audit.record(
            "weeding.add_copies",
            subject=weeding_round,
            by=by,
            at=at,
            library_id=weeding_round.library_id,
            after={"items": [copy.item_id for copy in new]},
        )
    return new


def _check_cap(weeding_round: WeedingRound, count: int) -> None:
    # TT 02/2020: at most 10 % of the holdings in one weeding; the text gives no exception.
    if policies.over_cap(copies=count, stock_at_opening=weeding_round.stock_at_opening):
        raise WeedingRefused(
            "over_cap",
            cap=policies.cap(weeding_round.stock_at_opening),
            stock=weeding_round.stock_at_opening,
            count=count,
        )


@transaction.atomic
def change_copy(
    *,
    round_copy: RoundCopy,
    by: Actor,
    disposal: str | None = None,
    criterion: str | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> RoundCopy:
    """Change a listed copy's proposed disposal, criterion or note."""
    at = at or clock.now()
    weeding_round = _locked(round_copy.round)
    if weeding_round.state not in policies.LIST_EDITABLE:
        raise WeedingRefused("list_fixed")
    before = {"disposal": round_copy.disposal, "criterion": round_copy.criterion}
    if disposal is not None:
        if disposal not in Disposal.values:
            raise WeedingInvalid("bad_disposal")
        round_copy.disposal = disposal
    if criterion is not None:
        if criterion not in Criterion.values:
            raise WeedingInvalid("bad_criterion")
        round_copy.criterion = criterion
    if note is not None:
        round_copy.note = note.strip()[:300]
    round_copy.save(update_fields=["disposal", "criterion", "note"])
    audit.record(
        "weeding.change_copy",
        subject=round_copy,
        by=by,
        at=at,
        library_id=weeding_round.library_id,
        before=before,
        after={"disposal": round_copy.disposal, "criterion": round_copy.criterion},
    )
    return round_copy


@transaction.atomic
def remove_copy(*, round_copy: RoundCopy, by: Actor, at: dt.datetime | None = None) -> None:
    """Take a copy off the round's list (the council kept it, or it was listed by mistake)."""
    at = at or clock.now()
    weeding_round = _locked(round_copy.round)
    if weeding_round.state not in policies.LIST_EDITABLE:
        raise WeedingRefused("list_fixed")
    audit.record(
        "weeding.remove_copy",
        subject=weeding_round,
        by=by,
        at=at,
        library_id=weeding_round.library_id,
        before={"item": round_copy.item_id, "criterion": round_copy.criterion},
    )
    round_copy.delete()


@transaction.atomic
def set_council(
    *,
    weeding_round: WeedingRound,
    members: Sequence[tuple[str, str, str]],
    by: Actor,
    at: dt.datetime | None = None,
) -> list[CouncilMember]:
    """Name the appraisal council (TT 02/2020 Art. 26): (full name, role in the council,
    position and organisation) each, in order; replaces the members named before."""
    at = at or clock.now()
    weeding_round = _locked(weeding_round)
    if weeding_round.state not in policies.COUNCIL_EDITABLE:
        raise WeedingRefused("council_fixed")
    cleaned = [
        (name.strip(), role.strip(), organisation.strip())
        for name, role, organisation in members
        if name.strip() or role.strip() or organisation.strip()
    ]
    if any(not name for name, _role, _organisation in cleaned):
        raise WeedingInvalid("member_name_required")
    if len(cleaned) > MAX_COUNCIL_MEMBERS:
        raise WeedingInvalid("too_many_members", count=MAX_COUNCIL_MEMBERS)
    weeding_round.council.all().delete()
    council = CouncilMember.objects.bulk_create(
        CouncilMember(
            round=weeding_round,
            position=position,
            name=name[:200],
            role=role[:200],
            organisation=organisation[:300],
        )
        for position, (name, role, organisation) in enumerate(cleaned, start=1)
    )
    audit.record(
        "weeding.set_council",
        subject=weeding_round,
        by=by,
        at=at,
        library_id=weeding_round.library_id,
        after={"council": [name for name, _role, _organisation in cleaned]},
    )
    return council


def _advance(
    weeding_round: WeedingRound,
    to: str,
    *,
    on: dt.date,
    by: Actor,
    at: dt.datetime,
    reference: str = "",
    note: str = "",
) -> WeedingRound:
    refusal = policies.advance_refusal(
        state=weeding_round.state,
        to=to,
        copies=weeding_round.copies.count(),
        council=weeding_round.council.count(),
        on=on,
        published_on=weeding_round.published_on,
    )
    if refusal == "wrong_step":
        following = policies.NEXT_STATE.get(weeding_round.state)
        raise WeedingRefused(
            refusal,
            state=RoundState(weeding_round.state).label,
            next=RoundState(following).label if following else "—",
        )
    if refusal == "still_published" and weeding_round.published_on is not None:
        until = policies.publication_ends(weeding_round.published_on) - dt.timedelta(days=1)
        raise WeedingRefused(refusal, until=until.strftime("%d/%m/%Y"))
    if refusal:
        raise WeedingRefused(refusal)
    weeding_round.state = to
    weeding_round.save(update_fields=["state"])
    _step(weeding_round, to, on=on, by=by, at=at, reference=reference, note=note)
    return weeding_round


@transaction.atomic
def advance_round(
    *,
    weeding_round: WeedingRound,
    to: str,
    by: Actor,
    on: dt.date | None = None,
    reference: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> WeedingRound:
    """Record the next step of the procedure, on its day, with its document number:
    approved (Mẫu 03, the managing body's approval number), listed (Mẫu 04), council (Mẫu 05),
    minutes (Mẫu 06a, 06b). The decision and the publication have their own services.
    """
    at = at or clock.now()
    on = check_date(on or clock.local_date(at), field=_("date"), window="operational")
    weeding_round = _locked(weeding_round)
    if to in (RoundState.DECIDED, RoundState.PUBLISHED, RoundState.CLOSED):
        raise WeedingRefused(
            "wrong_step",
            state=RoundState(weeding_round.state).label,
            next=RoundState(policies.NEXT_STATE.get(weeding_round.state, to)).label,
        )
    reference = reference.strip()[:100]
    if to == RoundState.APPROVED:
        if not reference:
            raise WeedingInvalid("reference_required")
        weeding_round.approval_number = reference
        weeding_round.save(update_fields=["approval_number"])
    return _advance(weeding_round, to, on=on, by=by, at=at, reference=reference, note=note)


@transaction.atomic
def decide_round(
    *,
    weeding_round: WeedingRound,
    number: str,
    decided_on: dt.date,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> WeedingRound:
    """The weeding decision (Mẫu 07a, 07b): its number and date are recorded in the register
    of decisions, and every listed copy is withdrawn with its criterion: "đã thanh lọc" and
    the decision number in the accession register and the catalogue (TT 02/2020 Art. 28). A
    record whose last copy goes is harvested as deleted (OAI-PMH) and stays readable by staff.

    Refused when the list is over the cap, a copy is out of the library's hands, or the
    number is already used at the library; then nothing is written.
    """
    at = at or clock.now()
    # The decision number's one form, as catalog's register of decisions keeps it.
    number = text.identifier(number)
    if not number:
        raise WeedingInvalid("reference_required")
    decided_on = check_date(decided_on, field=_("decision date"), window="operational")
    weeding_round = _locked(weeding_round)
    listed = list(weeding_round.copies.select_related("item"))
    _check_cap(weeding_round, len(listed))
    weeding_round = _advance(
        weeding_round, RoundState.DECIDED, on=decided_on, by=by, at=at, reference=number, note=note
    )
    decision = catalog_services.record_withdrawal_decision(
        library=weeding_round.library, number=number, decided_on=decided_on, by=by, note=note
    )
    catalog_services.withdraw_items(
        decision=decision, items=[(copy.item, copy.criterion) for copy in listed], by=by, at=at
    )
    weeding_round.decision = decision
    weeding_round.decision_number = decision.number
    weeding_round.decided_on = decided_on
    weeding_round.save(update_fields=["decision", "decision_number", "decided_on"])
    return weeding_round


@transaction.atomic
def publish_round(
    *,
    weeding_round: WeedingRound,
    by: Actor,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> WeedingRound:
    """Publish the decided list on the library's OPAC page for 15 days (TT 02/2020)."""
    at = at or clock.now()
    on = check_date(on or clock.local_date(at), field=_("publication date"), window="operational")
    weeding_round = _locked(weeding_round)
    weeding_round = _advance(weeding_round, RoundState.PUBLISHED, on=on, by=by, at=at)
    weeding_round.published_on = on
    weeding_round.save(update_fields=["published_on"])
    return weeding_round


@transaction.atomic
def close_round(
    *,
    weeding_round: WeedingRound,
    by: Actor,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> WeedingRound:
    """Close the round once its 15 days of publication are over; the disposal is carried out.
    Its file (steps, council, list, decision) is kept: nothing is deleted."""
    at = at or clock.now()
    on = on or clock.local_date(at)
    weeding_round = _locked(weeding_round)
    return _advance(weeding_round, RoundState.CLOSED, on=on, by=by, at=at)
