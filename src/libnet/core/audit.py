"""The audit log: every service write records who, when, what, before and after."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from libnet.core import bulk, clock
from libnet.core.models import AuditEntry

Actor = AbstractBaseUser | AnonymousUser | None


_PLAIN = (str, int, bool, float, type(None))


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of `instance` as JSON-ready values (foreign keys as ids)."""
    return {
        name: _jsonable(getattr(instance, attname))
        for name, attname in _attnames(type(instance), tuple(fields))
    }


@functools.cache
def _attnames(model: type[models.Model], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(name, attname) of each field: a bulk service snapshots thousands of copies."""
    return tuple((name, getattr(model._meta.get_field(name), "attname", name)) for name in fields)


# The columns an entry is written with, in order (core.bulk.insert_values).
_FIELDS = (
    "at",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "library_id",
    "before",
    "after",
    "note",
)

Row = tuple[Any, ...]


def _actor_id(by: Actor) -> Any:
    return by.pk if by is not None and getattr(by, "is_authenticated", False) else None


def user_of(by: Actor) -> Any:
    """The user to keep as the one who did it (a `created_by`): None for a command or an
    anonymous request."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def record(
    action: str,
    *,
    subject: models.Model,
    by: Actor,
    at: dt.datetime | None = None,
    library_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> None:
    """Write one audit entry; call inside the service's transaction.

    Inside `batch()` the entry is written when the block ends. The entry is written as a row,
    without an AuditEntry instance: every loan and return writes two.
    """
    row = (
        at or clock.now(),
        _actor_id(by),
        action,
        subject._meta.label_lower,
        str(subject.pk),
        library_id,
        dict(before) if before is not None else None,
        dict(after) if after is not None else None,
        note,
    )
    pending = _batch.get()
    if pending is not None:
        pending.append(row)
    else:
        bulk.insert_values(AuditEntry, _FIELDS, [row])


class Entry(NamedTuple):
    """One entry of `record_many`: the object written, its library, its state before and after."""

    subject: models.Model
    library_id: int | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record_many(
    action: str,
    entries: Iterable[Entry],
    *,
    by: Actor,
    at: dt.datetime | None = None,
    note: str = "",
) -> int:
    """Write one audit entry per element of `entries`, all of `action`, by `by`, at `at`, with
    one INSERT (or into the open `batch()`); return how many. Call inside the service's
    transaction.

    For the bulk services (the copies of an import batch, the copies of a rotation batch):
    the same entries `record` would write one by one, without a statement each.
    """
    at = at or clock.now()
    actor_id = _actor_id(by)
    rows: list[Row] = [
        (
            at,
            actor_id,
            action,
            entry.subject._meta.label_lower,
            str(entry.subject.pk),
            entry.library_id,
            dict(entry.before) if entry.before is not None else None,
            dict(entry.after) if entry.after is not None else None,
            note,
        )
        for entry in entries
    ]
    pending = _batch.get()
    if pending is not None:
        pending.extend(rows)
    else:
        bulk.insert_values(AuditEntry, _FIELDS, rows)
    return len(rows)


_batch: ContextVar[list[Row] | None] = ContextVar("audit_batch", default=None)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Write the entries recorded inside the block in one INSERT when the block ends.

    For a service that records several entries in one transaction (a loan, and the status of
    its copy): open it inside the transaction, `with transaction.atomic(), audit.batch():`,
    so the entries are written before the commit. A block inside another joins the outer
    one. When the block ends with an exception nothing is written (the transaction is rolled
    back anyway), so do not catch an error inside it and carry on after a rolled-back write.
    """
    if _batch.get() is not None:
        yield
        return
    rows: list[Row] = []
    token = _batch.set(rows)
    try:
        yield
    finally:
        _batch.reset(token)
    if rows:
        bulk.insert_values(AuditEntry, _FIELDS, rows)


def entries_for(subject: models.Model) -> models.QuerySet[AuditEntry]:
    """Return the audit entries of one object, newest first."""
    return AuditEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).select_related("actor")


# What each action code means, for people: every history a page shows reads its labels here
# (staff_tags.audit_action). A test checks that every code a service records has one.
ACTION_LABELS: dict[str, Promise] = {
    "api_token.create": pgettext_lazy("history", "API token created"),
    "batch.create": pgettext_lazy("history", "rotation batch planned"),
    "batch.update": pgettext_lazy("history", "rotation batch changed"),
    "batch.add_item": pgettext_lazy("history", "added to a rotation batch"),
    "batch.remove_item": pgettext_lazy("history", "taken out of a rotation batch"),
    "batch.pack": pgettext_lazy("history", "rotation batch packed"),
    "batch.unpack": pgettext_lazy("history", "rotation batch unpacked"),
    "batch.ship": pgettext_lazy("history", "rotation batch sent"),
    "batch.scan_arrival": pgettext_lazy("history", "scanned on arrival at the rotation point"),
    "batch.receive": pgettext_lazy("history", "rotation batch received"),
    "batch.use": pgettext_lazy("history", "rotation batch put to use at the point"),
    "batch.return": pgettext_lazy("history", "rotation batch sent back"),
    "batch.scan_return": pgettext_lazy("history", "scanned back at the sending library"),
    "batch.close": pgettext_lazy("history", "rotation batch closed"),
    "batch.cancel": pgettext_lazy("history", "rotation batch cancelled"),
    "circulation.in_library_use": pgettext_lazy("history", "read in the library"),
    "circulation.visits": pgettext_lazy("history", "visits counted"),
    "deposit_usage.record": pgettext_lazy("history", "deposit point figures entered"),
    "digital_object.create": pgettext_lazy("history", "digital object created"),
    "digital_object.update": pgettext_lazy("history", "digital object description changed"),
    "digital_object.access": pgettext_lazy("history", "digital object access changed"),
    "digital_object.reorder": pgettext_lazy("history", "digital object pages reordered"),
    "digital_object.remove_page": pgettext_lazy("history", "digital object page removed"),
    "digital_object.labels": pgettext_lazy("history", "digital object pages labelled"),
    "digital_object.collections": pgettext_lazy("history", "digital object collections changed"),
    "digital_file.add": pgettext_lazy("history", "digital file received"),
    "digital_collection.create": pgettext_lazy("history", "digital collection created"),
    "digital_collection.update": pgettext_lazy("history", "digital collection changed"),
    "digital_collection.delete": pgettext_lazy("history", "digital collection deleted"),
    "reading_room_network.add": pgettext_lazy("history", "reading-room network added"),
    "reading_room_network.remove": pgettext_lazy("history", "reading-room network removed"),
    "donation.create": pgettext_lazy("history", "donated books received"),
    "donation.catalogue": pgettext_lazy("history", "donated copies catalogued"),
    "donation.pass_on": pgettext_lazy("history", "donated books passed on"),
    "donor.create": pgettext_lazy("history", "donor added"),
    "drive.create": pgettext_lazy("history", "donation drive opened"),
    "hold.place": pgettext_lazy("history", "hold placed"),
    "hold.waiting": pgettext_lazy("history", "hold waiting for a copy"),
    "hold.in_transit": pgettext_lazy("history", "copy on its way for a hold"),
    "hold.ready": pgettext_lazy("history", "copy set aside on the hold shelf"),
    "hold.fulfilled": pgettext_lazy("history", "hold collected"),
    "hold.cancelled": pgettext_lazy("history", "hold cancelled"),
    "hold.expired": pgettext_lazy("history", "hold not collected in time"),
    "ill.request": pgettext_lazy("history", "inter-library loan requested"),
    "ill.fulfil": pgettext_lazy("history", "inter-library loan sent by the lender"),
    "ill.refuse": pgettext_lazy("history", "inter-library loan refused"),
    "ill.requested": pgettext_lazy("history", "inter-library loan requested"),
    "ill.shipped": pgettext_lazy("history", "inter-library loan sent by the lender"),
    "ill.arrived": pgettext_lazy("history", "inter-library loan arrived"),
    "ill.on_loan": pgettext_lazy("history", "inter-library loan lent to the reader"),
    "ill.returning": pgettext_lazy("history", "inter-library loan on its way back"),
    "ill.closed": pgettext_lazy("history", "inter-library loan returned to the lender"),
    "ill.refused": pgettext_lazy("history", "inter-library loan refused"),
    "ill.cancelled": pgettext_lazy("history", "inter-library loan cancelled"),
    "item.create": pgettext_lazy("history", "copy added"),
    "item.import": pgettext_lazy("history", "copies imported"),
    "item.update": pgettext_lazy("history", "copy edited"),
    "item.status": pgettext_lazy("history", "status changed"),
    "item.move": pgettext_lazy("history", "copy moved"),
    "item.weeding_candidate": pgettext_lazy("history", "proposed for weeding"),
    "intake_batch.create": pgettext_lazy("history", "intake batch opened"),
    "withdrawal_decision.create": pgettext_lazy("history", "withdrawal decision recorded"),
    "library.create": pgettext_lazy("history", "library added"),
    "library.move": pgettext_lazy("history", "library moved under another"),
    "library.reporting_body": pgettext_lazy("history", "reports sent to another managing body"),
    "body.create": pgettext_lazy("history", "managing body added"),
    "body_membership.grant": pgettext_lazy("history", "role at a managing body granted"),
    "loan.checkout": pgettext_lazy("history", "lent"),
    "loan.renew": pgettext_lazy("history", "loan renewed"),
    "loan.checkin": pgettext_lazy("history", "returned"),
    "loan.lost": pgettext_lazy("history", "declared lost"),
    "loan.compensation": pgettext_lazy("history", "lost copy compensated"),
    "marc_import.enqueue": pgettext_lazy("history", "MARC file uploaded"),
    "marc_import.finish": pgettext_lazy("history", "MARC import finished"),
    "membership.grant": pgettext_lazy("history", "role granted"),
    "mobile.route.create": pgettext_lazy("history", "mobile library route added"),
    "mobile.route.add_stop": pgettext_lazy("history", "stop added to the route"),
    "mobile.route.remove_stop": pgettext_lazy("history", "stop taken off the route"),
    "mobile.vehicle.create": pgettext_lazy("history", "vehicle added"),
    "mobile.trip.plan": pgettext_lazy("history", "mobile library trip planned"),
    "mobile.trip.crew_add": pgettext_lazy("history", "crew member added"),
    "mobile.trip.crew_remove": pgettext_lazy("history", "crew member taken off"),
    "mobile.trip.load": pgettext_lazy("history", "loaded on the vehicle"),
    "mobile.trip.depart": pgettext_lazy("history", "trip left"),
    "mobile.trip.return": pgettext_lazy("history", "trip back"),
    "mobile.trip.close": pgettext_lazy("history", "trip closed"),
    "mobile.trip.cancel": pgettext_lazy("history", "trip cancelled"),
    "mobile.trip.check_back": pgettext_lazy("history", "counted back after the trip"),
    "mobile.trip.copy_lost": pgettext_lazy("history", "missing after the trip"),
    "mobile.stop.figures": pgettext_lazy("history", "stop figures recorded"),
    "mobile.stop.checkout": pgettext_lazy("history", "lent at a stop"),
    "mobile.stop.checkin": pgettext_lazy("history", "returned at a stop"),
    "mobile.stop.refused": pgettext_lazy("history", "scan at a stop refused"),
    "patron.issue_card": pgettext_lazy("history", "card issued"),
    "patron.renew_card": pgettext_lazy("history", "card renewed"),
    "patron.block": pgettext_lazy("history", "card blocked"),
    "patron.unblock": pgettext_lazy("history", "card unblocked"),
    "patron.set_pin": pgettext_lazy("history", "OPAC PIN set"),
    "patron.update_contact": pgettext_lazy("history", "contact details changed"),
    "patron.change_category": pgettext_lazy("history", "reader category changed"),
    "patron.change_class": pgettext_lazy("history", "class changed"),
    "patron.consent": pgettext_lazy("history", "consent recorded"),
    "patron.consent_withdrawn": pgettext_lazy("history", "consent withdrawn"),
    "patron.first_use": pgettext_lazy("history", "first visit to this library"),
    "patron.export": pgettext_lazy("history", "data exported for the reader"),
    "patron.erase": pgettext_lazy("history", "data erased on request"),
    "patron.import": pgettext_lazy("history", "readers imported"),
    "patron.import_update": pgettext_lazy("history", "updated from a class list"),
    "patrons.import_pupils": pgettext_lazy("history", "class list imported"),
    "plan.targets": pgettext_lazy("history", "plan targets set"),
    "plan.approve": pgettext_lazy("history", "plan approved"),
    "planning.manual_figure": pgettext_lazy("history", "figure entered by hand"),
    "planning.manual_figure_taken_out": pgettext_lazy(
        "history", "figure entered by hand taken out: computed from events"
    ),
    "point.profile": pgettext_lazy("history", "rotation point profile set"),
    "record.create": pgettext_lazy("history", "record created"),
    "record_list.create": pgettext_lazy("history", "list of records made"),
    "bibliography.publish": pgettext_lazy("history", "bibliography published"),
    "bibliography.withdraw": pgettext_lazy("history", "publication of a bibliography withdrawn"),
    "item.restrict": pgettext_lazy("history", "restricted use of a copy changed"),
    "digital.project_create": pgettext_lazy("history", "digitisation project planned"),
    "digital.project_state": pgettext_lazy("history", "state of a digitisation project changed"),
    "digital.project_item_add": pgettext_lazy(
        "history", "document added to a digitisation project"
    ),
    "digital.project_step": pgettext_lazy("history", "digitisation step recorded"),
    "record_list.update": pgettext_lazy("history", "list of records renamed"),
    "record_list.add": pgettext_lazy("history", "records added to a list"),
    "record_list.remove": pgettext_lazy("history", "records taken out of a list"),
    "record_list.reorder": pgettext_lazy("history", "list of records reordered"),
    "record_list.note": pgettext_lazy("history", "note of a list entry written"),
    "record.copy_catalogue": pgettext_lazy("history", "record copied from another catalogue"),
    "record.replace": pgettext_lazy("history", "record replaced"),
    "record.delete": pgettext_lazy("history", "record deleted"),
    "authority.create": pgettext_lazy("history", "authority record created"),
    "authority.change": pgettext_lazy("history", "authority record changed"),
    "authority.rename": pgettext_lazy("history", "heading renamed in its records"),
    "authority.import": pgettext_lazy("history", "authority record updated by an import"),
    "record.merge": pgettext_lazy("history", "another record merged into this one"),
    "record.merged_away": pgettext_lazy("history", "record merged into another"),
    "register.create": pgettext_lazy("history", "accession register opened"),
    "serial_title.create": pgettext_lazy("history", "serial title added"),
    "serial_subscription.create": pgettext_lazy("history", "serial subscription recorded"),
    "serial_subscription.change": pgettext_lazy("history", "serial subscription changed"),
    "serial_issue.create": pgettext_lazy("history", "serial issue added by hand"),
    "serial_issue.receive": pgettext_lazy("history", "serial issue received"),
    "serial_issue.bind": pgettext_lazy("history", "serial issue bound"),
    "serial_issue.discard": pgettext_lazy("history", "serial issue discarded"),
    "serial_claim.create": pgettext_lazy("history", "missing issue claimed"),
    "serial_claim.send": pgettext_lazy("history", "claim sent to the supplier"),
    "serial_claim.cancel": pgettext_lazy("history", "claim cancelled"),
    "sip_account.create": pgettext_lazy("history", "self-check machine added"),
    "sip_account.change": pgettext_lazy("history", "self-check machine changed"),
    "report.adjust": pgettext_lazy("history", "report adjusted"),
    "report.comment": pgettext_lazy("history", "comment on the report"),
    "report.submit": pgettext_lazy("history", "report submitted"),
    "evaluation.save": pgettext_lazy("history", "self-assessment saved"),
    "evaluation.submit": pgettext_lazy("history", "self-assessment sent for evaluation"),
    "evaluation.evaluate": pgettext_lazy("history", "performance evaluated"),
    "evaluation.return": pgettext_lazy("history", "self-assessment returned for correction"),
    "report.accept": pgettext_lazy("history", "report accepted"),
    "report.return": pgettext_lazy("history", "report returned"),
    "transfer.request": pgettext_lazy("history", "transfer requested"),
    "transfer.ship": pgettext_lazy("history", "sent to another library"),
    "transfer.receive": pgettext_lazy("history", "received from another library"),
    "transfer.cancel": pgettext_lazy("history", "transfer cancelled"),
    # Written by work merged alongside this list (staff sign-in lock, background documents,
    # a trip moved to another day).
    "staff.sign_in_failed": pgettext_lazy("history", "failed sign-in"),
    "staff.sign_in_locked": pgettext_lazy("history", "sign-in locked after failed tries"),
    "document_job.enqueue": pgettext_lazy("history", "document requested"),
    "document_job.finish": pgettext_lazy("history", "document ready"),
    "mobile.trip.reschedule": pgettext_lazy("history", "trip moved to another day"),
    "schools.criteria_loaded": pgettext_lazy("history", "school library criteria loaded"),
    "schools.criteria_drafted": pgettext_lazy(
        "history", "draft of the school library criteria made"
    ),
    "schools.criteria_published": pgettext_lazy("history", "school library criteria published"),
    "schools.criterion_set": pgettext_lazy("history", "school library criterion changed"),
    "schools.enrolment_set": pgettext_lazy("history", "class enrolment entered"),
    "schools.evidence_recorded": pgettext_lazy("history", "evidence of a criterion entered"),
    "schools.self_assessment_submitted": pgettext_lazy("history", "self-assessment sent"),
    "schools.self_assessment_accepted": pgettext_lazy("history", "self-assessment accepted"),
    "schools.self_assessment_returned": pgettext_lazy("history", "self-assessment returned"),
    "schools.plan_saved": pgettext_lazy("history", "school library plan written"),
    "schools.plan_submitted": pgettext_lazy("history", "school library plan sent"),
    "schools.plan_accepted": pgettext_lazy("history", "school library plan accepted"),
    "schools.plan_returned": pgettext_lazy("history", "school library plan returned"),
    "schools.helper_added": pgettext_lazy("history", "pupil helper entered"),
    "schools.helper_left": pgettext_lazy("history", "pupil helper stopped helping"),
    "schools.bookcase_opened": pgettext_lazy("history", "classroom bookcase opened"),
    "schools.bookcase_closed": pgettext_lazy("history", "classroom bookcase closed"),
    "stocktake.open": pgettext_lazy("history", "stocktake opened"),
    "stocktake.close": pgettext_lazy("history", "stocktake closed"),
    "stocktake.mark_lost": pgettext_lazy("history", "missing copies of a stocktake marked lost"),
    "budget.create": pgettext_lazy("history", "budget line added"),
    "budget.overspend": pgettext_lazy("history", "budget line overspent, with its reason"),
    "supplier.create": pgettext_lazy("history", "supplier added"),
    "order.create": pgettext_lazy("history", "order drafted"),
    "order.add_line": pgettext_lazy("history", "title added to an order"),
    "order.remove_line": pgettext_lazy("history", "title taken off an order"),
    "order.send": pgettext_lazy("history", "order sent to the supplier"),
    "order.cancel": pgettext_lazy("history", "order cancelled"),
    "order.receive": pgettext_lazy("history", "copies of an order received"),
    "invoice.create": pgettext_lazy("history", "invoice recorded"),
    "weeding.flag_content": pgettext_lazy("history", "record flagged for weeding (content)"),
    "weeding.clear_content_flag": pgettext_lazy("history", "content flag cleared"),
    "weeding.request": pgettext_lazy("history", "weeding requested"),
    "weeding.approve": pgettext_lazy("history", "weeding plan approved"),
    "weeding.list": pgettext_lazy("history", "weeding list proposed"),
    "weeding.council": pgettext_lazy("history", "weeding council set up"),
    "weeding.minutes": pgettext_lazy("history", "weeding council minutes recorded"),
    "weeding.decide": pgettext_lazy("history", "weeding decided"),
    "weeding.publish": pgettext_lazy("history", "weeding list published"),
    "weeding.close": pgettext_lazy("history", "weeding round closed"),
    "weeding.add_copies": pgettext_lazy("history", "copies put on a weeding list"),
    "weeding.change_copy": pgettext_lazy("history", "copy on a weeding list changed"),
    "weeding.remove_copy": pgettext_lazy("history", "copy taken off a weeding list"),
    "weeding.set_council": pgettext_lazy("history", "weeding council named"),
    "events.plan": pgettext_lazy("history", "event planned"),
    "events.hold": pgettext_lazy("history", "event held"),
    "events.report": pgettext_lazy("history", "event attendance reported"),
    "events.cancel": pgettext_lazy("history", "event cancelled"),
    "events.record": pgettext_lazy("history", "event recorded from a register"),
    "events.national_day_dates": pgettext_lazy("history", "dates of a national day set"),
    "events.register": pgettext_lazy("history", "registration for an event"),
    "events.registration_erased": pgettext_lazy("history", "registration for an event erased"),
    "events.contest_round": pgettext_lazy("history", "contest round added"),
    "events.contest_entrant": pgettext_lazy("history", "contest entrant added"),
    "events.contest_score": pgettext_lazy("history", "contest score entered"),
    "events.contest_prize": pgettext_lazy("history", "contest prize awarded"),
    "events.attach": pgettext_lazy("history", "file attached to an event"),
    "events.detach": pgettext_lazy("history", "file taken off an event"),
    "training.plan": pgettext_lazy("history", "training course planned"),
    "training.add_session": pgettext_lazy("history", "session added to a training course"),
    "training.add_participant": pgettext_lazy("history", "participant added to a training course"),
    "training.mark_attendance": pgettext_lazy("history", "attendance of a session recorded"),
    "training.record_results": pgettext_lazy("history", "results of a training course recorded"),
    "training.finish": pgettext_lazy("history", "training course finished"),
    "training.cancel": pgettext_lazy("history", "training course cancelled"),
    "training.record_qualification": pgettext_lazy("history", "staff qualification recorded"),
    "training.remove_qualification": pgettext_lazy("history", "staff qualification removed"),
    "training.record_inspection": pgettext_lazy("history", "inspection visit recorded"),
    "training.record_findings": pgettext_lazy("history", "findings of an inspection recorded"),
    "training.add_recommendation": pgettext_lazy("history", "recommendation of an inspection made"),
    "training.close_recommendation": pgettext_lazy(
        "history", "recommendation of an inspection closed"
    ),
    "programme.create": pgettext_lazy("history", "cooperation programme recorded"),
    "programme.schools": pgettext_lazy("history", "schools of a programme chosen"),
    "programme.link": pgettext_lazy("history", "activity counted in a programme"),
    "programme.unlink": pgettext_lazy("history", "activity no longer counted in a programme"),
    "programme.targets": pgettext_lazy("history", "targets of a programme set"),
    "programme.review": pgettext_lazy("history", "review of a programme written"),
    "digital.page_text": pgettext_lazy("history", "text of a digital page typed"),
}


def action_label(action: str) -> str:
    """What `action` means, in the user's language; an unknown code reads "other change"."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else str(pgettext_lazy("history", "other change"))


def note(message: str | Promise, **params: Any) -> str:
    """A note a service writes for people (what moved a copy, why it is on a list), in the
    site's language whatever language the request speaks: the log and the lists are read by
    every user long after the request, so they are written in Vietnamese, not in English."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
