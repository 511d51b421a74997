"""Importing a class list into a school: new pupils get cards, known pupils are updated,
each row in its own savepoint, the consents the school collected recorded with them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.core import audit, clock, inputs, text, validation
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import policies, selectors, services
from libnet.patrons.errors import PatronRefused
from libnet.patrons.imports.reading import SourceRow, read_pupil_file
from libnet.patrons.imports.values import (
    RowError,
    cell_text,
    parse_birth_date,
    parse_gender,
    phone_from_cell,
)
from libnet.patrons.models import ConsentRole, Patron, PatronStatus


@dataclass(frozen=True)
class CollectedConsents:
    """The school says it collected signed consent forms for the pupils of this list: when
    (the forms' date) and who gathered them. Recorded with each pupil's consents; without
    this, or without a parent's name for a pupil under 16, the card waits for consent."""

    given_on: dt.date
    collected_by: str


@dataclass(frozen=True)
class RowResult:
    number: int
    full_name: str
    school_class: str
    action: str  # "created", "updated" or "failed"
    card_number: str = ""
    message: str = ""
    # Whose consent the pupil's card still waits for (ConsentRole values); empty: usable.
    waiting_for: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), row by row."""

    school: Library
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def waiting(self) -> int:
        """Pupils whose card cannot be used until their consents are recorded."""
        return sum(1 for row in self.rows if row.action != "failed" and row.waiting_for)

    @property
    def failures(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == "failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school.code,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "failed": self.failed,
            "waiting_for_consent": self.waiting,
        }


class _DryRunRollback(Exception):
    """Raised at the end of a dry run to roll the whole import back."""


def import_pupils(
    *,
    school: Library,
    raw: bytes,
    filename: str,
    by: Actor,
    at: dt.datetime | None = None,
    dry_run: bool = False,
    default_class: str = "",
    consents: CollectedConsents | None = None,
) -> ImportReport:
    """Import a class list into `school`: new pupils get cards, known pupils are updated.

    `default_class` fills rows without a class (a file that is one class's list). With
    `consents`, the consents the school collected are recorded for each pupil (the pupil's
    own from 7, a parent's, named in the file, under 16); a card whose consents are not all
    recorded waits (selectors.card_refusal) and the report says so. Raises PatronRefused when
    the file itself is unusable; row problems go into the report.
    """
    if school.kind not in SCHOOL_KINDS:
        raise PatronRefused("not_a_school", library=school.name)
    at = at or clock.now()
    if consents is not None:
        if not text.clean(consents.collected_by or ""):
            raise PatronRefused("consent_collector_required")
        validation.check_date(
            consents.given_on,
            field=_("Date of the consent forms"),
            window="operational",
            today=clock.local_date(at),
        )
    source = read_pupil_file(raw, filename)
    report = ImportReport(school=school, dry_run=dry_run, ignored_headers=source.ignored_headers)
    pupil = services.category_by_code(policies.PUPIL_CATEGORY)
    fallback_class = policies.normalize_class_name(default_class)
    try:
        with transaction.atomic():
            for row in source.rows:
                report.rows.append(
                    _import_row(row, school, pupil, fallback_class, consents, by, at)
                )
            audit.record(
                "patrons.import_pupils",
                subject=school,
                by=by,
                at=at,
                library_id=school.pk,
                after={
                    "file": filename[:200],
                    "consents_collected_on": consents.given_on.isoformat() if consents else None,
                    **report.as_dict(),
                },
            )
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _import_row(
    row: SourceRow,
    school: Library,
    pupil: Any,
    fallback_class: str,
    consents: CollectedConsents | None,
    by: Actor,
    at: dt.datetime,
) -> RowResult:
    values = row.values
    name = text.clean(cell_text(values.get("full_name")))
    school_class = policies.normalize_class_name(cell_text(values.get("school_class")))
    school_class = school_class or fallback_class
    try:
        if not name:
            raise RowError(_("the name is missing"))
        birth_date = parse_birth_date(values.get("birth_date"))
        gender = parse_gender(values.get("gender"))
        if not school_class:
            raise RowError(_("the class is missing"))
        phone = phone_from_cell(values.get("phone"))
        address = cell_text(values.get("address"))
        card_number = cell_text(values.get("card_number"))
        guardian = cell_text(values.get("guardian_name"))
        with transaction.atomic():
            existing = (
                Patron.objects.select_for_update()
                .filter(school=school, name_folded=text.fold(name), birth_date=birth_date)
                .exclude(status=PatronStatus.ERASED)
                .first()
            )
            if existing is not None:
                _update_pupil(existing, school_class, gender, phone, address, by, at)
                _record_collected(existing, consents, guardian, by, at)
                return RowResult(
                    row.number,
                    name,
                    school_class,
                    "updated",
                    existing.card_number,
                    waiting_for=_waiting_for(existing, at),
                )
            patron = services.issue_card(
                library=school,
                full_name=name,
                category=pupil,
                by=by,
                at=at,
                birth_date=birth_date,
                gender=gender,
                phone=phone,
                address=address,
                school=school,
                school_class=school_class,
                card_number=card_number,
                # The rule for this file is the school's own: same name and date of birth.
                confirm_duplicate=True,
            )
            _record_collected(patron, consents, guardian, by, at)
            return RowResult(
                row.number,
                name,
                school_class,
                "created",
                patron.card_number,
                waiting_for=_waiting_for(patron, at),
            )
    except RowError as error:
        return RowResult(row.number, name, school_class, "failed", message=str(error))
    except LibnetError as error:
        return RowResult(row.number, name, school_class, "failed", message=error.message)


def _record_collected(
    patron: Patron,
    consents: CollectedConsents | None,
    guardian: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Record the consents the school collected for this pupil: the pupil's own, and the
    parent's when the file names the parent. Nothing is assumed: without a name, no record."""
    if consents is None or patron.birth_date is None:
        return
    age = policies.age_on(patron.birth_date, clock.local_date(at))
    for role in sorted(policies.consents_needed(age)):
        giver = patron.full_name if role == ConsentRole.READER else guardian
        if not giver:
            continue
        services.record_consent(
            patron=patron,
            given_by=role,
            giver_name=giver,
            by=by,
            at=at,
            given_on=consents.given_on,
            collected_by=consents.collected_by,
        )


def _waiting_for(patron: Patron, at: dt.datetime) -> tuple[str, ...]:
    return tuple(selectors.card_consents_missing(patron=patron, on=clock.local_date(at)))


def _update_pupil(
    patron: Patron,
    school_class: str,
    gender: str,
    phone: str,
    address: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Bring a known pupil up to date with the list; blank cells keep what is stored."""
    before = {"school_class": patron.school_class}
    changed: list[str] = []
    updates = {
        "school_class": services.clean_class(school_class),
        "gender": gender,
        "phone": services.clean_phone(phone),
        "address": inputs.check_column(Patron, "address", text.clean(address)),
    }
    for name, value in updates.items():
        if value and getattr(patron, name) != value:
            setattr(patron, name, value)
            changed.append(name)
    if patron.left_school_on is not None:
        patron.left_school_on = None
        changed.append("left_school_on")
    if not changed:
        return
    patron.updated_at = at
    patron.save(update_fields=[*changed, "updated_at"])
    audit.record(
        "patron.import_update",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.school_id,
        before=before,
        after={"school_class": patron.school_class, "changed": changed},
    )
