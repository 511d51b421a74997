"""Authority records: created and changed on the staff form, imported from files, renamed.

Authorities are the network's (DESIGN.md §4): only the provincial library's cataloguers
write them (catalog.policies.authority_change_refusal). Every write is audited. Renaming a
heading rewrites the heading in every record linked to it, through `replace_record`, in the
same transaction, the index told once at the end (catalog.changes.batch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pymarc
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import access, authority_marc, changes, marc, policies
from libnet.catalog.authority_marc import AuthorityData, AuthorityForm
from libnet.catalog.errors import AuthorityRefused, CatalogForbidden
from libnet.catalog.models import (
    Authority,
    AuthorityKind,
    AuthorityName,
    AuthorityNameRole,
    AuthorityRelation,
    BibRecord,
    HeadingLink,
)
from libnet.catalog.services import headings
from libnet.catalog.services.records import replace_record
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.network.models import Library

MAX_HEADING = 500
# Records looked at per form when an authority is created or changed; past it, the records
# are linked by `link_catalogue` (the command after an import, or a later save of each record).
LINK_CANDIDATES = 5000
_IMPORT_NOTE = _("authority import")


def check_authority_change(*, by: Actor, library: Library | None = None) -> None:
    """Raise CatalogForbidden unless `by` (or, without a person, `library`) may write
    authority records: the provincial library's cataloguers, superusers."""
    code = policies.authority_change_refusal(access.record_editor(by, library))
    if code is not None:
        raise CatalogForbidden(code)


def _check_form(form: AuthorityForm, *, authority: Authority | None) -> None:
    heading = text.clean(form.heading)
    if not heading:
        raise AuthorityRefused("no_heading")
    if len(heading) > MAX_HEADING or any(len(text.clean(v)) > MAX_HEADING for v in form.variants):
        raise AuthorityRefused("heading_too_long", max=MAX_HEADING)
    key = authority_marc.heading_key(heading)
    if not key:
        # Punctuation alone names no one, and matches no heading of any record.
        raise AuthorityRefused("heading_without_letters", heading=heading)
    others = AuthorityName.objects.filter(authority__kind=form.kind, key=key).select_related(
        "authority"
    )
    if authority is not None:
        others = others.exclude(authority=authority)
    other = others.first()
    if other is None:
        return
    if other.role == AuthorityNameRole.HEADING:
        raise AuthorityRefused("duplicate_heading", heading=heading)
    raise AuthorityRefused("heading_is_variant", heading=heading, other=other.authority.heading)


def _write_names(authority: Authority, data: AuthorityData) -> None:
    """Write the heading's and variants' forms and the relations of `authority` from `data`,
    and point the relations of other authorities that name it at it."""
    AuthorityName.objects.filter(authority=authority).delete()
    AuthorityRelation.objects.filter(authority=authority).delete()
    names = [
        AuthorityName(
            authority=authority,
            role=role,
            tag=form.tag,
            form=form.form[:MAX_HEADING],
            key=authority_marc.heading_key(form.form),
            short_key=authority_marc.heading_key(form.short),
            folded_key=text.fold(authority_marc.heading_key(form.form)),
        )
        for role, forms in (
            (AuthorityNameRole.HEADING, [data.heading]),
            (AuthorityNameRole.VARIANT, data.variants),
        )
        for form in forms
    ]
    AuthorityName.objects.bulk_create(names)
    related_keys = {authority_marc.heading_key(r.heading) for r in data.related}
    targets = dict(
        AuthorityName.objects.filter(
            role=AuthorityNameRole.HEADING, key__in=related_keys, authority__kind=authority.kind
        )
        .exclude(authority=authority)
        .values_list("key", "authority_id")
    )
    AuthorityRelation.objects.bulk_create(
        AuthorityRelation(
            authority=authority,
            kind=related.kind,
            tag=related.tag,
            heading=related.heading[:MAX_HEADING],
            key=authority_marc.heading_key(related.heading),
            target_id=targets.get(authority_marc.heading_key(related.heading)),
        )
        for related in data.related
    )
    # Relations written before this heading existed (Nguyễn Sen, named by Tô Hoài first).
    AuthorityRelation.objects.filter(
        key=authority_marc.heading_key(data.heading.form), authority__kind=authority.kind
    ).exclude(authority=authority).update(target=authority)


def _apply(
    authority: Authority, record: pymarc.Record, data: AuthorityData, at: dt.datetime
) -> None:
    authority.kind = data.kind
    authority.heading = data.heading.form[:MAX_HEADING]
    authority.heading_tag = data.heading.tag
    authority.heading_sort_key = text.sort_key_hex(data.heading.form)[:600]
    authority.marc_json = marc.record_to_json(record)
    authority.notes = data.notes
    authority.control_number = data.control_number[:100]
    authority.control_number_source = data.control_number_source[:100]
    authority.updated_at = at


def _snapshot(authority: Authority) -> dict[str, object]:
    return {
        "heading": authority.heading,
        "variants": list(
            authority.names.filter(role=AuthorityNameRole.VARIANT).values_list("form", flat=True)
        ),
    }


def _link_existing(authority: Authority) -> list[int]:
    """Link the records already catalogued under a form of `authority` (a new heading or a
    new variant); return the ids of the records linked. The records are found by their
    extracted author or subject lines, then matched exactly by their MARC."""
    forms = list(authority.names.values_list("form", flat=True))
    # A person or a body is also a subject (600, 610): their names are looked for in both.
    columns = ["subjects"] if authority.kind == AuthorityKind.SUBJECT else ["authors", "subjects"]
    candidates: set[int] = set()
    for form in forms:
        first = form.split(" -- ")[0]
        for column in columns:
            candidates.update(
                BibRecord.objects.filter(**{f"{column}__contains": first}).values_list(
                    "pk", flat=True
                )[:LINK_CANDIDATES]
            )
    if not candidates:
        return []
    headings.link_all_records(bib_ids=sorted(candidates))
    return list(
        HeadingLink.objects.filter(authority=authority, bib_id__in=candidates).values_list(
            "bib_id", flat=True
        )
    )


def create_authority(
    *, form: AuthorityForm, by: Actor, library: Library | None = None, at: dt.datetime | None = None
) -> Authority:
    """Create an authority record from the staff form and link the records catalogued under
    its heading or variants; returns it.

    Raises CatalogForbidden("authority_provincial_only") unless `by` is a provincial
    cataloguer, AuthorityRefused when the heading is empty, too long, or already a heading or
    variant of another authority of its kind.
    """
    with transaction.atomic():
        at = at or clock.now()
        check_authority_change(by=by, library=library)
        _check_form(form, authority=None)
        record = authority_marc.write_authority(form)
        data = authority_marc.read_authority(record)
        authority = Authority(created_at=at, created_by=audit.user_of(by))
        _apply(authority, record, data, at)
        authority.save()
        _write_names(authority, data)
        # The records linked are told to the index as they are linked (link_all_records).
        linked = _link_existing(authority)
        audit.record(
            "authority.create",
            subject=authority,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            after={**_snapshot(authority), "records_linked": len(linked)},
        )
        return authority


@dataclass(frozen=True)
class AuthorityChange:
    authority: Authority
    renamed: bool
    records_changed: int


def change_authority(
    *,
    authority: Authority,
    form: AuthorityForm,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> AuthorityChange:
    """Change an authority's heading, variants, related headings and notes.

    A new heading is a rename: the old heading becomes a variant (searches and imports that
    use it still find the authority), and every record linked to the authority gets the new
    heading in its linked fields through `replace_record`, all in this one audited
    transaction. Raises as create_authority; CatalogForbidden also when a linked record may
    not be changed by `by` (nothing is written then).
    """
    with transaction.atomic(), changes.batch():
        at = at or clock.now()
        check_authority_change(by=by, library=library)
        authority = Authority.objects.select_for_update().get(pk=authority.pk)
        form = AuthorityForm(
            kind=authority.kind,
            heading=form.heading,
            variants=form.variants,
            identities=form.identities,
            related=form.related,
            notes=form.notes,
        )
        _check_form(form, authority=authority)
        before = _snapshot(authority)
        old = marc.record_from_json(authority.marc_json)
        old_data = authority_marc.read_authority(old)
        old_keys = frozenset(
            key
            for key in (
                authority_marc.heading_key(old_data.heading.form),
                authority_marc.heading_key(old_data.heading.short),
            )
            if key
        )
        renamed = authority_marc.heading_key(form.heading) not in old_keys
        if renamed:
            # The old heading is kept as a "see from" form.
            form = AuthorityForm(
                kind=form.kind,
                heading=form.heading,
                variants=(*form.variants, old_data.heading.form),
                identities=form.identities,
                related=form.related,
                notes=form.notes,
            )
        record = authority_marc.write_authority(form, base=old)
        data = authority_marc.read_authority(record)
        _apply(authority, record, data, at)
        authority.save()
        _write_names(authority, data)
        linked_before = set(
            HeadingLink.objects.filter(authority=authority).values_list("bib_id", flat=True)
        )
        rewritten = 0
        if renamed:
            rewritten = _rename_in_records(
                authority=authority,
                record=record,
                old_keys=old_keys,
                by=by,
                library=library,
                at=at,
            )
        linked_now = set(_link_existing(authority))
        # The index keeps the forms of each record's headings: every record linked before
        # or now is told.
        changes.records_changed(linked_before | linked_now)
        audit.record(
            "authority.rename" if renamed else "authority.change",
            subject=authority,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before=before,
            after={**_snapshot(authority), "records_changed": rewritten},
        )
        return AuthorityChange(authority, renamed, rewritten)


def _rename_in_records(
    *,
    authority: Authority,
    record: pymarc.Record,
    old_keys: frozenset[str],
    by: Actor,
    library: Library | None,
    at: dt.datetime,
) -> int:
    """Write the authority's new heading into its linked records; return how many changed."""
    new_heading = next(f for f in record.get_fields(*authority_marc.HEADING_KINDS))
    bib_ids = sorted(
        set(HeadingLink.objects.filter(authority=authority).values_list("bib_id", flat=True))
    )
    changed = 0
    for bib in BibRecord.objects.filter(pk__in=bib_ids).order_by("pk").iterator(chunk_size=200):
        marc_record = marc.record_from_json(bib.marc_json)
        if authority_marc.rename_heading(
            marc_record, kind=authority.kind, old_keys=old_keys, new_heading=new_heading
        ):
            replace_record(bib=bib, marc_record=marc_record, by=by, library=library, at=at)
            changed += 1
    return changed


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportedAuthority:
    """What importing one authority record did: "created", "updated" (same 001/003) or
    "skipped" (its heading is already an authority's)."""

    outcome: str
    authority: Authority | None


def import_authority(
    *,
    record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> ImportedAuthority:
    """Add one authority record read from a file (NFC, UTF-8), or update the one with its
    001/003; a record whose heading another authority of its kind has already is skipped.
    Links no records: the import links them all once at the end (`link_all_records`).

    Raises AuthorityRefused("not_an_authority") without a heading libnet keeps,
    CatalogForbidden as create_authority.
    """
    with transaction.atomic():
        at = at or clock.now()
        check_authority_change(by=by, library=library)
        try:
            data = authority_marc.read_authority(record)
        except authority_marc.AuthorityInvalid as error:
            raise AuthorityRefused("not_an_authority", found=str(error)) from error
        existing = None
        if data.control_number:
            existing = Authority.objects.filter(
                control_number=data.control_number[:100],
                control_number_source=data.control_number_source[:100],
                kind=data.kind,
            ).first()
        if existing is None:
            if AuthorityName.objects.filter(
                authority__kind=data.kind,
                role=AuthorityNameRole.HEADING,
                key=authority_marc.heading_key(data.heading.form),
            ).exists():
                return ImportedAuthority("skipped", None)
            authority = Authority(created_at=at, created_by=audit.user_of(by))
            action, outcome = "authority.create", "created"
            before = None
        else:
            authority = existing
            action, outcome = "authority.import", "updated"
            before = _snapshot(authority)
        _apply(authority, record, data, at)
        authority.save()
        _write_names(authority, data)
        if existing is not None:
            # Its records' documents hold its forms, which may have changed.
            changes.records_changed(
                HeadingLink.objects.filter(authority=authority).values_list("bib_id", flat=True)
            )
        audit.record(
            action,
            subject=authority,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before=before,
            after={"heading": authority.heading},
            note=audit.note(_IMPORT_NOTE),
        )
        return ImportedAuthority(outcome, authority)


def link_catalogue(*, on_progress: Callable[[int], None] | None = None) -> int:
    """Link the headings of every catalogue record again (after an authority import), a
    chunk of records per transaction; the index is told of the records whose links changed.
    Returns the number of links."""
    return headings.link_all_records(on_progress=on_progress)
