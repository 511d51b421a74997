"""The staff shell: the home page and one page per library the user works for."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.catalog import holdings
from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.models import ItemStatus
from libnet.interop import access as interop_access
from libnet.network import access
from libnet.staff import selectors

RECENT_IMPORTS = 5


@login_required
@require_GET
def home(request):
    places = selectors.workplaces(request.user)
    for place in places:
        ids = frozenset({place.library.pk})
        place.titles = catalog_selectors.titles_held(ids)
        place.copies = sum(catalog_selectors.copy_counts(ids).values())
    return render(
        request,
        "staff/home.html",
        {
            "workplaces": places,
            "visible_count": len(access.visible_library_ids(request.user)),
            # An officer of a managing body works for it, not for a library.
            "bodies": list(access.bodies_by_ids(access.body_ids(request.user))),
        },
    )


@login_required
@require_GET
def library_detail(request, code: str):
    library = access.get_library_for_staff(request.user, code)
    ids = frozenset({library.pk})
    counts = catalog_selectors.copy_counts(ids)
    return render(
        request,
        "staff/library.html",
        {
            "library": library,
            "titles": catalog_selectors.titles_held(ids),
            "copies_total": sum(counts.values()),
            "copies_by_status": [
                (label, counts.get(value, 0)) for value, label in ItemStatus.choices
            ],
            "registers": holdings.registers_with_counts(ids),
            "imports": interop_access.jobs_for_staff(request.user).filter(library=library)[
                :RECENT_IMPORTS
            ],
            "can_catalog": access.can(request.user, "catalog", library),
        },
    )
