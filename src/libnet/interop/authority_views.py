"""The upload of an authority file, under /staff/authority-import/: read with the MARC
import's streaming reader, written through catalog.services.authorities (interop sits above
catalog, which may not import it)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from libnet.catalog.authority_forms import AuthorityImportForm
from libnet.catalog.services import authorities
from libnet.core import pages
from libnet.interop.marc import reader
from libnet.interop.services import authorities as authority_import_service

REPORT_LINES_SHOWN = 1000


@login_required
@require_http_methods(["GET", "POST"])
def authority_import(request: HttpRequest) -> HttpResponse:
    """Upload an authority file; imported at once (authority files are small beside the
    catalogue), then the report: counts and a line per record failed or skipped."""
    authorities.check_authority_change(by=request.user)
    form = AuthorityImportForm(request.POST or None, request.FILES or None)
    lines: list[str] = []
    counts = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix) as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
            stored.flush()
            try:
                counts = authority_import_service.import_authority_file(
                    path=Path(stored.name), by=request.user, on_failure=lines.append
                )
            except reader.UnreadableFile as error:
                form.add_error("file", str(error))
    return render(
        request,
        "interop/authority_import.html",
        {
            "form": form,
            "counts": counts,
            "lines": lines[:REPORT_LINES_SHOWN],
            "more_lines": max(len(lines) - REPORT_LINES_SHOWN, 0),
        },
        status=pages.form_status(request) if counts is None else 200,
    )
