"""MARC import pages: upload a file, follow the job, read and download its report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.interop import access, jobs
from libnet.interop.forms import MarcUploadForm
from libnet.interop.models import JobStatus
from libnet.network import access as network_access

RECENT_JOBS = 30


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    network_access.require_role(request.user, "catalog")
    if request.method == "POST":
        form = MarcUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            job = jobs.enqueue_import(
                library=form.cleaned_data["library"],
                uploaded=uploaded,
                original_name=uploaded.name,
                by=request.user,
                options=form.importer_options(),
            )
            return redirect("staff:import_job", job.pk)
    else:
        form = MarcUploadForm(user=request.user)
    recent = access.jobs_for_staff(request.user)
    library_code = request.GET.get("library", "")
    if library_code:
        recent = recent.filter(library__code=library_code)
    return render(
        request,
        "interop/imports.html",
        {
            "form": form,
            "can_upload": form.library_choices_exist(),
            "jobs": recent[:RECENT_JOBS],
            "library_code": library_code,
        },
    )


REPORT_LINES_SHOWN = 500


def _job_context(job) -> dict:
    failures = job.report.splitlines()
    warnings = job.warnings_report.splitlines()
    return {
        "job": job,
        "is_active": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "report_lines": failures[:REPORT_LINES_SHOWN],
        "report_line_count": len(failures),
        "warning_lines": warnings[:REPORT_LINES_SHOWN],
        "warning_line_count": len(warnings),
    }


@login_required
@require_GET
def import_job(request, job_id: int):
    job = access.get_job_for_staff(request.user, job_id)
    return render(request, "interop/job.html", _job_context(job))


@login_required
@require_GET
def import_job_status(request, job_id: int):
    """The status block alone, polled by the job page every two seconds while it runs."""
    job = access.get_job_for_staff(request.user, job_id)
    return render(request, "interop/_job_status.html", _job_context(job))


@login_required
@require_GET
def import_job_report(request, job_id: int):
    job = access.get_job_for_staff(request.user, job_id)
    sections = [
        f"# {_('Failures: records not imported, copies not added')}\n{job.report}".rstrip(),
        f"# {_('Warnings: records imported with repairs, copies kept with a value dropped')}\n"
        f"{job.warnings_report}".rstrip(),
    ]
    response = HttpResponse("\n".join(sections) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.txt"'
    return response
