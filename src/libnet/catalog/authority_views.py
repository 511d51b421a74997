"""Authority pages, under /staff/authorities/: the list with its search, one authority with
its variants, related headings and records, the form that creates or changes one (a new
heading renames it in its records), and the upload of an authority file. Any member of staff
reads them; the provincial library's cataloguers write them. Thin: parse → access →
service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.catalog import access, authority_selectors, policies
from libnet.catalog.authority_forms import AuthorityRecordForm
from libnet.catalog.models import AuthorityKind
from libnet.catalog.services import authorities
from libnet.catalog.views import marc_rows
from libnet.core import audit, pages
from libnet.network import access as network_access

PAGE_SIZE = 50
RECORDS_SHOWN = 200


def _may_edit(request: HttpRequest) -> bool:
    return policies.authority_change_refusal(access.record_editor(request.user)) is None


@login_required
@require_GET
def authority_list(request: HttpRequest) -> HttpResponse:
    network_access.require_role(request.user, "view")
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    if kind not in AuthorityKind.values:
        kind = ""
    page = Paginator(authority_selectors.authorities(query=query, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "catalog/authorities/list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": AuthorityKind.choices,
            "may_edit": _may_edit(request),
        },
    )


@login_required
@require_GET
def authority_detail(request: HttpRequest, authority_id: int) -> HttpResponse:
    authority = access.get_authority_for_staff(request.user, authority_id)
    records = authority_selectors.linked_records(authority)
    return render(
        request,
        "catalog/authorities/detail.html",
        {
            "authority": authority,
            "variants": authority_selectors.variants(authority),
            "related": authority_selectors.related(authority),
            "records": list(records[:RECORDS_SHOWN]),
            "record_count": records.count(),
            "marc_rows": marc_rows(authority.marc_json),
            "history": list(audit.entries_for(authority)[:20]),
            "may_edit": _may_edit(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def authority_new(request: HttpRequest) -> HttpResponse:
    authorities.check_authority_change(by=request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("kind") in AuthorityKind.values:
        initial["kind"] = request.GET["kind"]
    form = AuthorityRecordForm(request.POST or None, initial=initial)

    def create(data: dict[str, Any]) -> HttpResponse:
        authority = authorities.create_authority(form=form.authority_form(), by=request.user)
        messages.success(
            request,
            _("Authority %(heading)s created; %(count)s records linked to it.")
            % {"heading": authority.heading, "count": authority.heading_links.count()},
        )
        return redirect("authorities:detail", authority.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "catalog/authorities/form.html",
        {"form": form, "authority": None},
        status=pages.form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def authority_edit(request: HttpRequest, authority_id: int) -> HttpResponse:
    authority = access.get_authority_for_staff(request.user, authority_id)
    authorities.check_authority_change(by=request.user)
    form = AuthorityRecordForm(request.POST or None, authority=authority)

    def change(data: dict[str, Any]) -> HttpResponse:
        changed = authorities.change_authority(
            authority=authority, form=form.authority_form(), by=request.user
        )
        if changed.renamed:
            messages.success(
                request,
                _("Heading renamed to %(heading)s in %(count)s records.")
                % {"heading": changed.authority.heading, "count": changed.records_changed},
            )
        else:
            messages.success(request, _("Authority record saved."))
        return redirect("authorities:detail", authority.pk)

    done = pages.submit(request, form, change)
    if done is not None:
        return done
    return render(
        request,
        "catalog/authorities/form.html",
        {"form": form, "authority": authority},
        status=pages.form_status(request),
    )
