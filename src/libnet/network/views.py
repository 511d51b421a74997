"""The library network page: the whole tree, public directory facts for every library."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.network import access, selectors


@login_required
@require_GET
def tree(request):
    access.require_role(request.user, "view")
    return render(
        request,
        "network/tree.html",
        {
            "rows": selectors.tree_rows(),
            "visible_ids": access.visible_library_ids(request.user),
        },
    )
