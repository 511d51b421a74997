"""System check: the search index waits for a rebuild a migration asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.database)
def reindex_requested(
    app_configs: Sequence[Any] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    if not databases:
        return []
    from libnet.search.models import ReindexRequest

    try:
        reasons = list(ReindexRequest.objects.values_list("reason", flat=True))
    except DatabaseError:  # before `migrate` has made the table
        return []
    if not reasons:
        return []
    return [
        checks.Warning(
            "The search index must be rebuilt after this upgrade: " + "; ".join(reasons),
            hint="Run `libnet reindex` (searches answer from the old index until then).",
            id="search.W001",
        )
    ]


def announce_after_migrate(**kwargs: Any) -> None:
    """At the end of `libnet migrate`, say that a migration asked for a rebuild."""
    from libnet.search.models import ReindexRequest

    verbosity = int(kwargs.get("verbosity", 1))
    try:
        reasons = list(ReindexRequest.objects.values_list("reason", flat=True))
    except DatabaseError:
        return
    if reasons and verbosity:
        stdout = kwargs.get("stdout")
        line = (
            "libnet: the search index must be rebuilt (" + "; ".join(reasons) + "): run "
            "`libnet reindex`. / Cần dựng lại chỉ mục tìm kiếm: chạy `libnet reindex`.\n"
        )
        if stdout is not None:
            stdout.write(line)
        else:
            import sys

            sys.stdout.write(line)
