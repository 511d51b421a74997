"""Mẫu 01, the mobile library's statistics for a month, quarter or year: on screen, as PDF
and as Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.core import clock
from libnet.core.errors import NotFound
from libnet.mobile import access, documents, policies, selectors
from libnet.mobile.forms import ReportForm
from libnet.network.errors import RoleRequired


def _report_from(request: HttpRequest) -> tuple[ReportForm, selectors.MobileReport | None]:
    libraries = access.report_libraries_for_staff(request.user)
    if not libraries.exists():
        raise RoleRequired("mobile_report")
    today = clock.today()
    data = request.GET if "library" in request.GET else None
    form = ReportForm(
        data,
        libraries=libraries,
        initial={
            "library": libraries.first(),
            "period": "month",
            "year": today.year,
            "number": today.month,
        },
    )
    if data is None or not form.is_valid():
        return form, None
    bounds = policies.period_bounds(
        form.cleaned_data["period"], form.cleaned_data["year"], form.cleaned_data["number"] or 1
    )
    if bounds is None:
        return form, None
    report = selectors.mobile_report(
        library=form.cleaned_data["library"], start=bounds[0], end=bounds[1]
    )
    return form, report


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Mẫu 01 for a month, quarter or year, on screen with PDF and XLSX downloads."""
    form, mobile_report = _report_from(request)
    return render(
        request,
        "mobile/report.html",
        {
            "form": form,
            "report": mobile_report,
            "title": documents.report_title(),
            "period": documents.report_period(mobile_report) if mobile_report else "",
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and mobile_report is None else 200,
    )


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    _form, mobile_report = _report_from(request)
    if mobile_report is None:
        raise NotFound("not_found")
    name = f"mau01-{mobile_report.library.code}-{mobile_report.start:%Y%m%d}-{mobile_report.end:%Y%m%d}"
    if kind == "pdf":
        response = HttpResponse(
            documents.report_pdf(mobile_report), content_type=documents.PDF_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            documents.report_workbook(mobile_report), content_type=documents.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@login_required
@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")
