"""Staff pages of the digital library, under /staff/digital/: the objects of the user's
libraries with their pages and images, uploads, page order, access and collections, the
reading-room networks and the fixity check. Each object is looked up through
digital.access (another library's object is a 404); each change goes through a service,
which checks that the user digitises for the object's library."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access as catalog_access
from libnet.core import pages
from libnet.core.errors import LibnetError, NotFound
from libnet.digital import access, fixity, selectors, services, storage
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.forms import (
    AccessForm,
    CollectionForm,
    CollectionsForm,
    NetworkForm,
    NewCollectionForm,
    NewObjectForm,
    ObjectFilter,
    ObjectForm,
    UploadForm,
)
from libnet.digital.models import DigitalCollection, DigitalObject, DigitalPage, ReadingRoomNetwork
from libnet.network import access as network_access
from libnet.network.models import Library

LIST_SIZE = 60


def _digitiser_libraries(request: HttpRequest) -> QuerySet[Library]:
    return Library.objects.filter(pk__in=access.require_digitiser(request.user)).order_by("name")


def _staff_object(request: HttpRequest, object_id: int) -> DigitalObject:
    return access.get_object_for_staff(request.user, object_id)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The objects of the user's libraries, newest first, with their cover and page states."""
    library_ids = network_access.require_role(request.user, "view")
    form = ObjectFilter(
        request.GET or None,
        libraries=Library.objects.filter(pk__in=library_ids).order_by("name"),
        collections=selectors.collections_of(library_ids),
    )
    objects = access.objects_for_staff(request.user)
    if form.is_valid():
        data = form.cleaned_data
        objects = selectors.filter_objects(
            objects,
            title=data["q"],
            library_id=data["library"].pk if data["library"] else None,
            access=data["access"],
            collection_id=data["collection"].pk if data["collection"] else None,
            derivatives=data["derivatives"],
        )
    found = list(
        selectors.with_page_counts(objects).select_related("library").order_by("-pk")[:LIST_SIZE]
    )
    covers = selectors.first_ready_pages([obj.pk for obj in found])
    return render(
        request,
        "digital/index.html",
        {
            "form": form,
            "objects": [(obj, covers.get(obj.pk)) for obj in found],
            "digitises": bool(network_access.visible_library_ids(request.user, access.PERMISSION)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def object_new(request: HttpRequest) -> HttpResponse:
    """Create an object from a catalogue record (its number) or described in Dublin Core."""
    libraries = _digitiser_libraries(request)
    initial: dict[str, Any] = {"library": network_access.own_library(request.user, "catalog")}
    if request.GET.get("record"):
        initial["record"] = request.GET["record"]
    form = NewObjectForm(request.POST or None, libraries=libraries, initial=initial)

    def create(data: dict[str, Any]) -> HttpResponse:
        record = (
            catalog_access.get_record_for_staff(request.user, data["record"])
            if data["record"]
            else None
        )
        obj = services.create_object(
            library=data["library"],
            record=record,
            dublin_core=form.dublin_core(),
            access_=data["access"],
            han_nom=data["han_nom"],
            watermark=data["watermark"],
            by=request.user,
        )
        messages.success(request, _("Digital object “%(title)s” created.") % {"title": obj.title})
        return redirect("digital:object", obj.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request, "digital/object_new.html", {"form": form}, status=pages.form_status(request)
    )


def _object_context(request: HttpRequest, obj: DigitalObject, **forms: Any) -> dict[str, Any]:
    page_list = list(obj.pages.select_related("file").order_by("sequence"))
    context: dict[str, Any] = {
        "object": obj,
        "pages": page_list,
        "files": obj.files.count(),
        "may_change": obj.library_id
        in network_access.visible_library_ids(request.user, access.PERMISSION),
        "collections": list(obj.collections.order_by("name")),
    }
    if context["may_change"]:
        context["upload_form"] = forms.get("upload_form") or UploadForm()
        context["access_form"] = forms.get("access_form") or AccessForm(
            initial={"access": obj.access}
        )
        context["collections_form"] = forms.get("collections_form") or CollectionsForm(
            initial={"collections": context["collections"]},
            choices=DigitalCollection.objects.filter(library_id=obj.library_id),
        )
        edit: dict[str, Any] = dict(ObjectForm.initial_from(obj.dublin_core))
        edit.update(record=obj.record_id, han_nom=obj.han_nom, watermark=obj.watermark)
        context["edit_form"] = forms.get("edit_form") or ObjectForm(initial=edit)
    return context


@login_required
@require_GET
def object_detail(request: HttpRequest, object_id: int) -> HttpResponse:
    """An object: its description, its pages with the state of their images, and (for its
    library's cataloguers) the forms to upload files, change access and collections."""
    obj = _staff_object(request, object_id)
    return render(request, "digital/object.html", _object_context(request, obj))


def _object_post(
    request: HttpRequest,
    object_id: int,
    form_name: str,
    form: Any,
    write: Any,
) -> HttpResponse:
    obj = _staff_object(request, object_id)
    done = pages.submit(request, form, lambda data: write(obj, data))
    if done is not None:
        return done
    return render(
        request,
        "digital/object.html",
        _object_context(request, obj, **{form_name: form}),
        status=400,
    )


@login_required
@require_POST
def object_edit(request: HttpRequest, object_id: int) -> HttpResponse:
    form = ObjectForm(request.POST)

    def write(obj: DigitalObject, data: dict[str, Any]) -> HttpResponse:
        record = (
            catalog_access.get_record_for_staff(request.user, data["record"])
            if data["record"]
            else None
        )
        core = form.dublin_core()
        services.update_object(
            obj=obj,
            record=record,
            dublin_core=core,
            title=(core.get("title") or [""])[0] or (record.title if record else ""),
            han_nom=data["han_nom"],
            watermark=data["watermark"],
            by=request.user,
        )
        messages.success(request, _("Description saved."))
        return redirect("digital:object", obj.pk)

    return _object_post(request, object_id, "edit_form", form, write)


@login_required
@require_POST
def object_access(request: HttpRequest, object_id: int) -> HttpResponse:
    form = AccessForm(request.POST)

    def write(obj: DigitalObject, data: dict[str, Any]) -> HttpResponse:
        obj = services.set_access(obj=obj, access_=data["access"], by=request.user)
        messages.success(
            request, _("Who may see it: %(access)s.") % {"access": obj.get_access_display()}
        )
        return redirect("digital:object", obj.pk)

    return _object_post(request, object_id, "access_form", form, write)


@login_required
@require_POST
def object_collections(request: HttpRequest, object_id: int) -> HttpResponse:
    obj = _staff_object(request, object_id)
    form = CollectionsForm(
        request.POST,
        choices=DigitalCollection.objects.filter(library_id=obj.library_id),
    )

    def write(found: DigitalObject, data: dict[str, Any]) -> HttpResponse:
        services.set_collections(obj=found, collections=data["collections"], by=request.user)
        messages.success(request, _("Collections saved."))
        return redirect("digital:object", found.pk)

    return _object_post(request, object_id, "collections_form", form, write)


@login_required
@require_POST
def object_upload(request: HttpRequest, object_id: int) -> HttpResponse:
    """Receive many files at once; each refused file is named with its reason, the others kept."""
    form = UploadForm(request.POST, request.FILES)

    def write(obj: DigitalObject, data: dict[str, Any]) -> HttpResponse:
        outcomes = services.add_files(obj=obj, uploads=data["documents"], by=request.user)
        kept = [outcome for outcome in outcomes if outcome.error is None]
        if kept:
            added = sum(outcome.pages for outcome in kept)
            messages.success(
                request,
                ngettext(
                    "%(files)s file kept, %(pages)s pages added; their images are being made.",
                    "%(files)s files kept, %(pages)s pages added; their images are being made.",
                    len(kept),
                )
                % {"files": len(kept), "pages": added},
            )
        for outcome in outcomes:
            if outcome.error is not None:
                messages.error(request, outcome.error.message)
        return redirect("digital:object", obj.pk)

    return _object_post(request, object_id, "upload_form", form, write)


@login_required
@require_http_methods(["GET", "POST"])
def page_order(request: HttpRequest, object_id: int) -> HttpResponse:
    """The pages in order, each with its position and label to change."""
    obj = _staff_object(request, object_id)
    page_list = list(obj.pages.select_related("file").order_by("sequence"))
    error = ""
    if request.method == "POST":
        try:
            order, labels = _order_and_labels(request, page_list)
            if order != [page.pk for page in page_list]:
                services.reorder_pages(obj=obj, page_ids=order, by=request.user)
            by_pk = {page.pk: page for page in page_list}
            new_sequence = {pk: number for number, pk in enumerate(order, start=1)}
            services.label_pages(
                obj=obj,
                labels={new_sequence[pk]: label for pk, label in labels.items() if pk in by_pk},
                by=request.user,
            )
        except LibnetError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Page order and labels saved."))
            return redirect("digital:pages", obj.pk)
    return render(
        request,
        "digital/pages.html",
        {"object": obj, "pages": page_list, "error": error},
        status=400 if error else 200,
    )


def _order_and_labels(
    request: HttpRequest, page_list: list[DigitalPage]
) -> tuple[list[int], dict[int, str]]:
    """The order the page asks for (pages sorted by the position typed, ties kept in their
    order) and the labels typed."""
    positions: list[tuple[float, int, int]] = []
    labels: dict[int, str] = {}
    for index, page in enumerate(page_list):
        raw = request.POST.get(f"position-{page.pk}", "").strip().replace(",", ".")
        try:
            position = float(raw) if raw else float(index + 1)
        except ValueError:
            position = float(index + 1)
        positions.append((position, index, page.pk))
        labels[page.pk] = request.POST.get(f"label-{page.pk}", page.label)
    return [pk for _position, _index, pk in sorted(positions)], labels


@login_required
@require_POST
def page_remove(request: HttpRequest, object_id: int) -> HttpResponse:
    obj = _staff_object(request, object_id)
    try:
        sequence = int(request.POST.get("sequence", ""))
    except ValueError:
        raise DigitalObjectNotFound("digital_page_not_found") from None
    services.remove_page(obj=obj, sequence=sequence, by=request.user)
    messages.success(request, _("Page %(number)s removed.") % {"number": sequence})
    return redirect("digital:pages", obj.pk)


@login_required
@require_GET
def page_thumbnail(request: HttpRequest, object_id: int, sequence: int) -> HttpResponseBase:
    """A page's thumbnail for the staff pages (whatever the object's access)."""
    obj = _staff_object(request, object_id)
    page = obj.pages.filter(sequence=sequence).select_related("file").first()
    if page is None:
        raise DigitalObjectNotFound("digital_page_not_found")
    path = storage.derivative(page, storage.THUMBNAIL)
    if not path.exists():
        raise DigitalObjectNotFound("digital_page_not_found")
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def collections(request: HttpRequest) -> HttpResponse:
    """The named collections of the user's libraries, and a form to make one."""
    library_ids = access.require_digitiser(request.user)
    form = NewCollectionForm(
        request.POST or None,
        libraries=_digitiser_libraries(request),
        initial={"library": network_access.own_library(request.user, "catalog")},
    )

    def create(data: dict[str, Any]) -> HttpResponse:
        made = services.create_collection(
            library=data["library"],
            code=data["code"],
            name=data["name"],
            description=data["description"],
            by=request.user,
        )
        messages.success(request, _("Collection “%(name)s” created.") % {"name": made.name})
        return redirect("digital:collections")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "digital/collections.html",
        {"collections": selectors.collections_of(library_ids), "form": form},
        status=pages.form_status(request),
    )


def _collection(request: HttpRequest, collection_id: int) -> DigitalCollection:
    library_ids = access.require_digitiser(request.user)
    found = DigitalCollection.objects.filter(pk=collection_id, library_id__in=library_ids).first()
    if found is None:
        raise NotFound("not_found")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, collection_id: int) -> HttpResponse:
    collection = _collection(request, collection_id)
    if request.method == "POST" and "delete" in request.POST:
        services.delete_collection(collection=collection, by=request.user)
        messages.success(request, _("Collection “%(name)s” deleted.") % {"name": collection.name})
        return redirect("digital:collections")
    form = CollectionForm(
        request.POST or None,
        initial={
            "code": collection.code,
            "name": collection.name,
            "description": collection.description,
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.update_collection(
            collection=collection,
            code=data["code"],
            name=data["name"],
            description=data["description"],
            by=request.user,
        )
        messages.success(request, _("Collection saved."))
        return redirect("digital:collections")

    done = pages.submit(request, form, save)
    if done is not None:
        return done
    return render(
        request,
        "digital/collection.html",
        {"collection": collection, "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def networks(request: HttpRequest) -> HttpResponse:
    """The reading-room networks of the user's libraries: readers there see on-site objects."""
    library_ids = access.require_digitiser(request.user)
    form = NetworkForm(
        request.POST or None,
        libraries=_digitiser_libraries(request),
        initial={"library": network_access.own_library(request.user, "catalog")},
    )

    def add(data: dict[str, Any]) -> HttpResponse:
        row = services.add_network(
            library=data["library"], network=data["network"], note=data["note"], by=request.user
        )
        messages.success(request, _("Network %(network)s added.") % {"network": row.network})
        return redirect("digital:networks")

    def refused(error: LibnetError) -> None:
        form.add_error("network", error.message)

    done = pages.submit(request, form, add, refused=refused)
    if done is not None:
        return done
    return render(
        request,
        "digital/networks.html",
        {"networks": selectors.networks_of(library_ids), "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_POST
def network_remove(request: HttpRequest, network_id: int) -> HttpResponse:
    library_ids = access.require_digitiser(request.user)
    row = ReadingRoomNetwork.objects.filter(pk=network_id, library_id__in=library_ids).first()
    if row is None:
        raise NotFound("not_found")
    services.remove_network(network=row, by=request.user)
    messages.success(request, _("Network %(network)s removed.") % {"network": row.network})
    return redirect("digital:networks")


@login_required
@require_GET
def fixity_checks(request: HttpRequest) -> HttpResponse:
    """The latest fixity checks; the files found changed or missing among the user's libraries."""
    library_ids = access.require_digitiser(request.user)
    runs = fixity.last_checks()
    problems = selectors.problems_of([run.pk for run in runs], library_ids)
    return render(
        request,
        "digital/fixity.html",
        {"runs": [(run, problems[run.pk]) for run in runs]},
    )
