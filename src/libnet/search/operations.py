"""A migration operation that asks for the search index to be rebuilt after an upgrade.

from libnet.search.operations import require_reindex

class Migration(migrations.Migration):
    dependencies = [("search", "0004_reindexrequest"), ...]
    operations = [..., require_reindex("subjects are now indexed with their subdivisions")]
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def require_reindex(reason: str) -> migrations.RunPython:
    """Return the operation that records `reason` as a request to rebuild the search index."""

    def forward(apps: Any, schema_editor: Any) -> None:
        request = apps.get_model("search", "ReindexRequest")
        request.objects.using(schema_editor.connection.alias).create(
            reason=reason, requested_at=timezone.now()
        )

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
