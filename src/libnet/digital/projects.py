"""Digitisation projects (TT 02/2020 Art. 14): a plan and its list of documents to digitise,
the condition check before scanning, and each document's steps in order

    selected → checked → scanned → described → published

each a ProjectStep with who, when and a note. A document found unfit to scan stops at the
check, with its condition as the reason. "Scanned" needs the digital object holding its
pages; "published" opens that object to readers (public or in the library only) and counts
its pages in `pages_digitised` for the project's library on that day.

The services (every write: check → write → audit, one transaction); reads are in
project_selectors.py.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from libnet.catalog.models import BibRecord, Item
from libnet.core import audit, clock, text, validation
from libnet.core.audit import Actor
from libnet.digital import hand_entry, services, stats_sources
from libnet.digital.models import (
    Access,
    DigitalObject,
    DigitisationProject,
    ItemState,
    ProjectItem,
    ProjectState,
    ProjectStep,
)
from libnet.digital.project_errors import ProjectRefused
from libnet.digital.project_selectors import PROJECT_STATES, counting_since, next_step
from libnet.network.models import Library

MAX_NAME = 200
MAX_DESCRIPTION = 500
MAX_NOTE = 300
MAX_TEXT = 20_000
MAX_TARGET_PAGES = 10_000_000


def _label(state: str) -> str:
    return str(ItemState(state).label)


def _clean(value: str, *, limit: int) -> str:
    cleaned = text.clean(value or "")
    if len(cleaned) > limit:
        raise ProjectRefused("text_too_long", limit=limit)
    return cleaned


def _open(project: DigitisationProject) -> None:
    if project.state == ProjectState.CLOSED:
        raise ProjectRefused("project_closed")


# --- services -----------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    library: Library,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    by: Actor,
    plan: str = "",
    target_pages: int = 0,
    at: dt.datetime | None = None,
) -> DigitisationProject:
    """Start a digitisation project of `library` (planned) and return it.

    From the month it starts, the library's pages digitised are counted from its projects:
    its hand entries for those months are taken out (digital.hand_entry). Raises
    ProjectRefused (name, dates, target) or DateOutOfRange; nothing is written then.
    """
    at = at or clock.now()
    name = _clean(name, limit=MAX_NAME)
    if not name:
        raise ProjectRefused("name_required")
    plan = _clean(plan, limit=MAX_TEXT)
    today = clock.local_date(at)
    validation.check_date(starts_on, field=_("Starts on"), window="operational", today=today)
    validation.check_date(ends_on, field=_("Ends on"), window="operational", today=today)
    if ends_on < starts_on:
        raise ProjectRefused("dates_reversed")
    if not 0 <= target_pages <= MAX_TARGET_PAGES:
        raise ProjectRefused("target_pages_invalid")
    since_before = counting_since(library.pk)
    project = DigitisationProject.objects.create(
        library=library,
        name=name,
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        target_pages=target_pages,
        created_by=audit.user_of(by),
    )
    audit.record(
        "digital.project_create",
        subject=project,
        by=by,
        at=at,
        library_id=library.pk,
        after={"name": name, "starts_on": starts_on.isoformat(), "target_pages": target_pages},
    )
    since = starts_on.replace(day=1)
    if since_before is None or since < since_before:
        hand_entry.counting_starts(library.pk, since, by=by, at=at)
    return project


@transaction.atomic
def change_project_state(
    *, project: DigitisationProject, to: str, by: Actor, at: dt.datetime | None = None
) -> DigitisationProject:
    """Move `project` one state forward (planned → in progress → closed)."""
    at = at or clock.now()
    project = DigitisationProject.objects.select_for_update().get(pk=project.pk)
    index = PROJECT_STATES.index(project.state)
    if to not in PROJECT_STATES or PROJECT_STATES.index(to) <= index:
        raise ProjectRefused("state_out_of_order", state=ProjectState(project.state).label)
    before = project.state
    project.state = to
    project.save(update_fields=["state"])
    audit.record(
        "digital.project_state",
        subject=project,
        by=by,
        at=at,
        library_id=project.library_id,
        before={"state": before},
        after={"state": to},
    )
    return project


@transaction.atomic
def add_item(
    *,
    project: DigitisationProject,
    by: Actor,
    record: BibRecord | None = None,
    copy: Item | None = None,
    description: str = "",
    at: dt.datetime | None = None,
) -> ProjectItem:
    """Put a document on the project's list: a catalogue record, a copy of the project's
    library (found by barcode through catalog's access), or a document not yet catalogued
    described in words. Raises ProjectRefused."""
    at = at or clock.now()
    _open(project)
    description = _clean(description, limit=MAX_DESCRIPTION)
    if copy is not None:
        if copy.home_library_id != project.library_id:
            raise ProjectRefused(
                "copy_of_another_library", barcode=copy.barcode, library=copy.home_library.name
            )
        record = record or copy.bib
    if record is None and not description:
        raise ProjectRefused("item_required")
    same = (
        Q(copy=copy)
        if copy is not None
        else Q(record=record, copy__isnull=True)
        if record is not None
        else Q(description=description, record__isnull=True)
    )
    if project.items.filter(same).exists():
        raise ProjectRefused("already_in_project")
    item = ProjectItem.objects.create(
        project=project, record=record, copy=copy, description=description
    )
    ProjectStep.objects.create(item=item, state=ItemState.SELECTED, at=at, by=audit.user_of(by))
    audit.record(
        "digital.project_item_add",
        subject=item,
        by=by,
        at=at,
        library_id=project.library_id,
        after={
            "project": project.pk,
            "record": record.pk if record else None,
            "copy": copy.barcode if copy else None,
            "description": description,
        },
    )
    return item


def _step(
    item: ProjectItem, to: str, *, by: Actor, at: dt.datetime, note: str, before: str
) -> None:
    item.state = to
    item.save(update_fields=["state", "condition", "fit_to_scan", "object"])
    ProjectStep.objects.create(item=item, state=to, at=at, by=audit.user_of(by), note=note)
    audit.record(
        "digital.project_step",
        subject=item,
        by=by,
        at=at,
        library_id=item.project.library_id,
        before={"state": before},
        after={"state": to, "object": item.object_id},
        note=note,
    )
    # Work on a document puts a planned project in progress.
    project = item.project
    if project.state == ProjectState.PLANNED:
        project.state = ProjectState.ACTIVE
        project.save(update_fields=["state"])


def _locked(item: ProjectItem) -> ProjectItem:
    locked = ProjectItem.objects.select_for_update().select_related("project").get(pk=item.pk)
    _open(locked.project)
    return locked


def _expect(item: ProjectItem, to: str) -> None:
    following = next_step(item.state)
    if following is None:
        raise ProjectRefused("already_published")
    if to != following:
        raise ProjectRefused("step_out_of_order", state=_label(item.state), next=_label(following))
    if item.fit_to_scan is False:
        raise ProjectRefused("unfit_to_scan", condition=item.condition)


@transaction.atomic
def check_condition(
    *,
    item: ProjectItem,
    condition: str,
    fit_to_scan: bool,
    by: Actor,
    at: dt.datetime | None = None,
) -> ProjectItem:
    """Record the condition check before scanning (TT 02/2020 Art. 14). A document unfit to
    scan stops there, its condition the reason. Raises ProjectRefused."""
    at = at or clock.now()
    item = _locked(item)
    _expect(item, ItemState.CHECKED)
    condition = _clean(condition, limit=MAX_TEXT)
    if not condition:
        raise ProjectRefused("condition_required")
    before = item.state
    item.condition = condition
    item.fit_to_scan = fit_to_scan
    note = "" if fit_to_scan else audit.note(_("Not fit to scan"))
    _step(item, ItemState.CHECKED, by=by, at=at, note=note, before=before)
    return item


@transaction.atomic
def advance_item(
    *,
    item: ProjectItem,
    to: str,
    by: Actor,
    note: str = "",
    digital_object: DigitalObject | None = None,
    object_access: str = "",
    at: dt.datetime | None = None,
) -> ProjectItem:
    """Take the document's next step: scanned (with `digital_object`, holding its pages, of
    the project's library), described, or published (opens the object to readers with
    `object_access` and counts its pages). Only forward, one step at a time; raises
    ProjectRefused otherwise, and nothing is written."""
    at = at or clock.now()
    item = _locked(item)
    if to == ItemState.CHECKED and item.state == ItemState.SELECTED:
        # The check is its own form: a condition and a verdict (check_condition).
        raise ProjectRefused("condition_required")
    _expect(item, to)
    note = _clean(note, limit=MAX_NOTE)
    before = item.state
    project = item.project
    if to == ItemState.SCANNED:
        if digital_object is None:
            raise ProjectRefused("object_required")
        found = DigitalObject.objects.select_for_update().get(pk=digital_object.pk)
        if found.library_id != project.library_id:
            raise ProjectRefused("object_of_another_library")
        if ProjectItem.objects.filter(object=found).exclude(pk=item.pk).exists():
            raise ProjectRefused("object_already_linked")
        if not found.pages.exists():
            raise ProjectRefused("object_has_no_pages")
        item.object = found
    elif to == ItemState.PUBLISHED:
        if object_access not in (Access.PUBLIC, Access.ON_SITE):
            raise ProjectRefused("access_for_readers")
        if item.object_id is None:
            raise ProjectRefused("object_required")
        # The object's access is digital.services' to change (its first opening beyond
        # staff is its publication date); the project's publication is this step.
        published = services.set_access(
            obj=DigitalObject.objects.get(pk=item.object_id), access_=object_access, by=by, at=at
        )
        stats_sources.count_published_pages(
            library_id=project.library_id,
            day=clock.local_date(at),
            pages=published.pages.count(),
        )
    _step(item, to, by=by, at=at, note=note, before=before)
    return item
