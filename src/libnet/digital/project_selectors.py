"""Reads of digitisation projects: the projects a user sees, a project's documents and how
far it is, the month a library's pages digitised are counted from (for planning)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from libnet.digital import access, stats_sources
from libnet.digital.models import (
    DigitalObject,
    DigitisationProject,
    ItemState,
    ProjectItem,
    ProjectState,
)
from libnet.digital.project_errors import ProjectNotFound
from libnet.network.access import User

# Counted from a library's projects once it has one; entered by hand before (planning).
PAGES_DIGITISED = stats_sources.PAGES_DIGITISED

# The steps of a document, in the only order they are taken.
STEPS: tuple[str, ...] = (
    ItemState.SELECTED,
    ItemState.CHECKED,
    ItemState.SCANNED,
    ItemState.DESCRIBED,
    ItemState.PUBLISHED,
)
# A project moves forward only: planned → active → closed.
PROJECT_STATES: tuple[str, ...] = (ProjectState.PLANNED, ProjectState.ACTIVE, ProjectState.CLOSED)


def next_step(state: str) -> str | None:
    """The step after `state`, or None once published."""
    index = STEPS.index(state)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def projects_for_staff(user: User) -> QuerySet[DigitisationProject]:
    """The projects of the libraries `user` works at (and below)."""
    return DigitisationProject.objects.filter(
        library_id__in=access.staff_library_ids(user)
    ).select_related("library")


def get_project_for_staff(
    user: User, project_id: int, *, write: bool = False
) -> DigitisationProject:
    """The project if `user` works at its library (with `write`, as its cataloguer), else
    ProjectNotFound, as for one that does not exist."""
    libraries = access.require_digitiser(user) if write else access.staff_library_ids(user)
    found = (
        DigitisationProject.objects.filter(pk=project_id, library_id__in=libraries)
        .select_related("library")
        .first()
    )
    if found is None:
        raise ProjectNotFound("project_not_found")
    return found


def get_item(project: DigitisationProject, item_id: int) -> ProjectItem:
    found = project.items.filter(pk=item_id).first()
    if found is None:
        raise ProjectNotFound("project_item_not_found")
    return found


def project_items(project: DigitisationProject) -> QuerySet[ProjectItem]:
    """The documents of `project` with what they point to and their pages, in the order added."""
    return (
        project.items.select_related("record", "copy", "object")
        .prefetch_related("steps__by")
        .annotate(page_count=Count("object__pages"))
        .order_by("pk")
    )


@dataclass(frozen=True)
class Progress:
    items: int
    by_state: dict[str, int]
    unfit: int
    pages_published: int
    target_pages: int

    @property
    def percent(self) -> int:
        if not self.target_pages:
            return 0
        return min(100, round(100 * self.pages_published / self.target_pages))


def progress(project: DigitisationProject) -> Progress:
    """How far `project` is: documents per step, those unfit, pages published against target."""
    by_state = dict.fromkeys(STEPS, 0)
    for state, count in project.items.values_list("state").annotate(count=Count("pk")).order_by():
        by_state[state] = count
    pages = DigitalObject.objects.filter(
        project_item__project=project, project_item__state=ItemState.PUBLISHED
    ).aggregate(pages=Count("pages"))["pages"]
    return Progress(
        items=sum(by_state.values()),
        by_state=by_state,
        unfit=project.items.filter(fit_to_scan=False).count(),
        pages_published=pages or 0,
        target_pages=project.target_pages,
    )


def counting_since(library_id: int) -> dt.date | None:
    """The first day of the month from which `library_id`'s pages digitised are counted from
    its projects (the month its earliest project starts), or None: it has no project and
    enters the figure by hand."""
    first = (
        DigitisationProject.objects.filter(library_id=library_id)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    return first.replace(day=1) if first is not None else None


def objects_to_link(project: DigitisationProject) -> QuerySet[DigitalObject]:
    """The project library's objects with pages not yet linked to a document."""
    return (
        DigitalObject.objects.filter(library_id=project.library_id, project_item__isnull=True)
        .annotate(page_count=Count("pages"))
        .filter(page_count__gt=0)
        .order_by("title")
    )
