"""Staff pages of a display's themed list, a contest's rounds, entrants and prizes, and an
event's photos and documents. Thin: access getter → one service → render; every page 404s
for staff who do not organise the event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog import services as catalog_services
from libnet.catalog.models import RecordList
from libnet.core.errors import LibnetError
from libnet.core.inputs import row_id, row_ids, typed_date
from libnet.core.pages import inline_pdf
from libnet.events import access, attachments, contests, display_documents, displays
from libnet.events.errors import EventNotFound
from libnet.events.models import ContestEntrant, ContestScore, Event, EventAttachment


def _themed_list(event: Event) -> RecordList | None:
    return RecordList.objects.get(pk=event.display_list_id) if event.display_list_id else None


def _ids(values: list[str]) -> list[int]:
    return row_ids(values)[:500]


# --- the themed list of a display --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def display(request: HttpRequest, event_id: int) -> HttpResponse:
    """The themed list: its copies in order; copies proposed from the catalogue by subject,
    class number and keywords; added, removed, moved, annotated; sent in a rotation batch."""
    event = access.get_event_for_staff(request.user, event_id)
    proposal = None
    outcome = None
    error = ""
    query = {
        name: (request.GET.get(name) or "").strip()
        for name in ("subject", "class_number", "keywords")
    }
    try:
        if request.method == "POST":
            response, outcome = _display_action(request, event)
            if response is not None:
                return response
        elif any(query.values()):
            proposal = displays.propose_copies(event=event, **query)
    except LibnetError as refusal:
        error = refusal.message
    record_list = _themed_list(event)
    return render(
        request,
        "events/display.html",
        {
            "event": event,
            "record_list": record_list,
            "entries": catalog_selectors.record_list_entries(record_list) if record_list else [],
            "query": query,
            "proposal": proposal,
            "batches": displays.draft_batches(event),
            "outcome": outcome,
            "error": error,
        },
        status=400 if error else 200,
    )


def _display_action(
    request: HttpRequest, event: Event
) -> tuple[HttpResponse | None, object | None]:
    action = request.POST.get("action", "")
    if action == "add":
        added = displays.add_copies(
            event=event, item_ids=_ids(request.POST.getlist("item")), by=request.user
        )
        messages.success(request, _("%(count)s copies added to the list.") % {"count": added})
        return redirect("events:display", event.pk), None
    if action == "batch":
        result = displays.send_in_batch(
            event=event, batch_id=row_id(request.POST.get("batch")) or 0, by=request.user
        )
        return None, result
    record_list = displays.themed_list(event=event, by=request.user)
    if action == "remove":
        catalog_services.remove_from_list(
            record_list=record_list, entry_ids=_ids(request.POST.getlist("entry")), by=request.user
        )
    elif action in ("up", "down"):
        catalog_services.move_entry(
            record_list=record_list,
            entry_id=row_id(request.POST.get("entry")) or 0,
            up=action == "up",
            by=request.user,
        )
    elif action == "note":
        catalog_services.set_entry_note(
            record_list=record_list,
            entry_id=row_id(request.POST.get("entry")) or 0,
            note=request.POST.get("note", ""),
            by=request.user,
        )
    elif action == "introduction":
        catalog_services.update_list(
            record_list=record_list,
            title=request.POST.get("title", ""),
            introduction=request.POST.get("introduction", ""),
            by=request.user,
        )
    return redirect("events:display", event.pk), None


@login_required
@require_GET
def display_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_staff(request.user, event_id)
    record_list = _themed_list(event)
    entries = list(catalog_selectors.record_list_entries(record_list)) if record_list else []
    return inline_pdf(
        display_documents.display_list_pdf(event, entries), f"danh-muc-{event.pk}.pdf"
    )


@login_required
@require_GET
def bibliography_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_staff(request.user, event_id)
    record_list = _themed_list(event)
    entries = list(catalog_selectors.record_list_entries(record_list)) if record_list else []
    content = display_documents.display_bibliography_pdf(
        event, entries, record_list.introduction if record_list else ""
    )
    return inline_pdf(content, f"thu-muc-{event.pk}.pdf")


# --- contests ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contest(request: HttpRequest, event_id: int) -> HttpResponse:
    """A contest's rounds, entrants, scores and prizes."""
    event = access.get_event_for_staff(request.user, event_id)
    error = ""
    if request.method == "POST":
        try:
            _contest_action(request, event)
        except LibnetError as refusal:
            error = refusal.message
        else:
            return redirect("events:contest", event.pk)
    rounds = list(event.rounds.all())
    entrants = list(event.entrants.all())
    scores = {
        (row.round_id, row.entrant_id): row
        for row in ContestScore.objects.filter(round__event=event)
    }
    table = [
        (
            entrant,
            [
                (contest_round, scores.get((contest_round.pk, entrant.pk)))
                for contest_round in rounds
            ],
        )
        for entrant in entrants
    ]
    return render(
        request,
        "events/contest.html",
        {
            "event": event,
            "is_contest": event.kind.code == contests.CONTEST,
            "rounds": rounds,
            "table": table,
            "winners": [entrant for entrant in entrants if entrant.prize],
            "values": request.POST if request.method == "POST" else None,
            "error": error,
        },
        status=400 if error else 200,
    )


def _entrant(event: Event, raw: str | None) -> ContestEntrant:
    number = row_id(raw)
    found = event.entrants.filter(pk=number).first() if number is not None else None
    if found is None:
        raise EventNotFound("entrant_not_found")
    return found


def _contest_action(request: HttpRequest, event: Event) -> None:
    action = request.POST.get("action", "")
    if action == "round":
        contests.add_round(
            event=event,
            name=request.POST.get("name", ""),
            held_on=typed_date(request.POST.get("held_on"), field=_("Held on")),
            by=request.user,
        )
    elif action == "entrant":
        contests.add_entrant(
            event=event,
            name=request.POST.get("name", ""),
            unit=request.POST.get("unit", ""),
            is_class=request.POST.get("is_class") == "on",
            by=request.user,
        )
    elif action == "score":
        round_id = row_id(request.POST.get("round"))
        found = event.rounds.filter(pk=round_id).first() if round_id is not None else None
        if found is None:
            raise EventNotFound("round_not_found")
        contests.record_score(
            contest_round=found,
            entrant=_entrant(event, request.POST.get("entrant")),
            score=request.POST.get("score", ""),
            advanced=request.POST.get("advanced") == "on",
            by=request.user,
        )
    elif action == "prize":
        contests.award_prize(
            entrant=_entrant(event, request.POST.get("entrant")),
            prize=request.POST.get("prize", ""),
            rank=request.POST.get("rank", ""),
            by=request.user,
        )
    messages.success(request, _("Saved."))


@login_required
@require_GET
def certificates_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The award certificates of the prize winners, or of one (`?entrant=`)."""
    event = access.get_event_for_staff(request.user, event_id)
    winners = [entrant for entrant in event.entrants.all() if entrant.prize]
    wanted = request.GET.get("entrant")
    if wanted:
        entrant = _entrant(event, wanted)
        if not entrant.prize:
            raise EventNotFound("entrant_not_found")
        winners = [entrant]
    if not winners:
        raise EventNotFound("entrant_not_found")
    return inline_pdf(
        display_documents.certificates_pdf(event, winners), f"giay-khen-{event.pk}.pdf"
    )


# --- photos and documents ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def files(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's photos and documents, and a new one attached."""
    event = access.get_event_for_staff(request.user, event_id)
    error = ""
    if request.method == "POST":
        try:
            attachments.attach_file(
                event=event,
                upload=request.FILES.get("file"),
                caption=request.POST.get("caption", ""),
                by=request.user,
            )
        except LibnetError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("File attached."))
            return redirect("events:files", event.pk)
    return render(
        request,
        "events/files.html",
        {"event": event, "files": list(event.attachments.all()), "error": error},
        status=400 if error else 200,
    )


def _attachment(request: HttpRequest, event_id: int, attachment_id: int) -> EventAttachment:
    event = access.get_event_for_staff(request.user, event_id)
    found = (
        EventAttachment.objects.filter(event=event, pk=attachment_id)
        .select_related("event")
        .first()
    )
    if found is None:
        raise EventNotFound("attachment_not_found")
    return found


@login_required
@require_GET
def file_download(request: HttpRequest, event_id: int, attachment_id: int) -> HttpResponse:
    found = _attachment(request, event_id, attachment_id)
    response = HttpResponse(attachments.content_of(found), content_type=found.content_type)
    disposition = (
        "inline"
        if found.kind == "photo" or found.content_type == "application/pdf"
        else "attachment"
    )
    response["Content-Disposition"] = (
        f'{disposition}; filename="{found.pk}{found.path[found.path.rfind(".") :]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def file_remove(request: HttpRequest, event_id: int, attachment_id: int) -> HttpResponse:
    found = _attachment(request, event_id, attachment_id)
    attachments.remove_attachment(attachment=found, by=request.user)
    messages.success(request, _("File taken off the event."))
    return redirect("events:files", event_id)
