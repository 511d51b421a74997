"""The staff shell: the home page of the libraries a user works for."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from libnet.catalog import selectors as catalog_selectors
from libnet.network import access


@login_required
def home(request):
    library_ids = access.visible_library_ids(request.user)
    libraries = access.visible_libraries(request.user).order_by("sort_key")[:50]
    return render(
        request,
        "staff/home.html",
        {
            "libraries": libraries,
            "copy_counts": catalog_selectors.copy_counts(library_ids),
            "titles_held": catalog_selectors.titles_held(library_ids),
        },
    )
