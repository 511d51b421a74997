"""Scoped getters for import jobs: another library's import does not exist for you."""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.core.errors import NotFound
from libnet.interop.models import MarcImportJob
from libnet.network import access as network_access
from libnet.network.access import User


def jobs_for_staff(user: User, permission: str = "view") -> QuerySet[MarcImportJob]:
    """Import jobs into a library where `user` holds `permission`, newest first."""
    library_ids = network_access.visible_library_ids(user, permission)
    return MarcImportJob.objects.filter(library_id__in=library_ids).select_related(
        "library", "created_by"
    )


def get_job_for_staff(user: User, job_id: int, permission: str = "view") -> MarcImportJob:
    """Return the import job if it targets one of `user`'s libraries; NotFound otherwise."""
    job = jobs_for_staff(user, permission).filter(pk=job_id).first()
    if job is None:
        raise NotFound("job_not_found")
    return job
