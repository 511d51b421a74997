"""Reads of the digital library's staff pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from libnet.digital.models import (
    DerivativeState,
    DigitalCollection,
    DigitalObject,
    DigitalPage,
    FixityProblem,
    ReadingRoomNetwork,
)


@dataclass(frozen=True)
class PageCounts:
    pages: int
    ready: int
    waiting: int
    failed: int


def with_page_counts(objects: QuerySet[DigitalObject]) -> QuerySet[DigitalObject]:
    """`objects` with pages, pages_ready, pages_waiting and pages_failed counted (one query)."""
    return objects.annotate(
        page_total=Count("pages"),
        pages_ready=Count("pages", filter=Q(pages__derivatives=DerivativeState.READY)),
        pages_waiting=Count("pages", filter=Q(pages__derivatives=DerivativeState.PENDING)),
        pages_failed=Count("pages", filter=Q(pages__derivatives=DerivativeState.FAILED)),
    )


def filter_objects(
    objects: QuerySet[DigitalObject],
    *,
    title: str = "",
    library_id: int | None = None,
    access: str = "",
    collection_id: int | None = None,
    derivatives: str = "",
) -> QuerySet[DigitalObject]:
    """The objects of a staff list narrowed by its filters (derivatives: some page in that state)."""
    if title:
        objects = objects.filter(title__icontains=title)
    if library_id:
        objects = objects.filter(library_id=library_id)
    if access:
        objects = objects.filter(access=access)
    if collection_id:
        objects = objects.filter(collections=collection_id)
    if derivatives:
        objects = objects.filter(
            pk__in=DigitalPage.objects.filter(derivatives=derivatives).values("object_id")
        )
    return objects


def first_ready_pages(object_ids: list[int]) -> dict[int, int]:
    """For each object, the sequence of its first page whose derivatives are ready (its cover)."""
    found: dict[int, int] = {}
    rows = (
        DigitalPage.objects.filter(object_id__in=object_ids, derivatives=DerivativeState.READY)
        .order_by("object_id", "sequence")
        .values_list("object_id", "sequence")
    )
    for object_id, sequence in rows:
        found.setdefault(object_id, sequence)
    return found


def collections_of(library_ids: frozenset[int]) -> QuerySet[DigitalCollection]:
    return (
        DigitalCollection.objects.filter(library_id__in=library_ids)
        .select_related("library")
        .annotate(object_count=Count("digital_objects"))
        .order_by("library__name", "name")
    )


def networks_of(library_ids: frozenset[int]) -> QuerySet[ReadingRoomNetwork]:
    return (
        ReadingRoomNetwork.objects.filter(library_id__in=library_ids)
        .select_related("library")
        .order_by("library__name", "network")
    )


def problems_of(
    check_ids: list[int], library_ids: frozenset[int]
) -> dict[int, list[FixityProblem]]:
    """The problems of the given runs about files of `library_ids`, by run."""
    found: dict[int, list[FixityProblem]] = {check_id: [] for check_id in check_ids}
    rows = (
        FixityProblem.objects.filter(
            check_run_id__in=check_ids, file__object__library_id__in=library_ids
        )
        .select_related("file__object__library")
        .order_by("check_run_id", "file_id")
    )
    for problem in rows:
        found[problem.check_run_id].append(problem)
    return found
