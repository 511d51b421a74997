"""Consent to the library's processing of a reader's data (Luật BVDLCN 2025): given at the
desk or collected on signed forms, withdrawn but never deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy

from libnet.core import audit, clock, inputs, text, validation
from libnet.core.audit import Actor
from libnet.patrons import policies
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Consent, ConsentRole, Patron
from libnet.patrons.services.checks import check_not_erased


@dataclass(frozen=True)
class ConsentGiven:
    """A consent: who gave it (reader or guardian) and their name.

    Given at the desk, it is dated when it is recorded. Collected elsewhere (signed forms a
    school gathered), `given_on` is the day of the forms and `collected_by` who gathered them.
    """

    given_by: str
    giver_name: str = ""
    purpose: str = policies.LIBRARY_SERVICE
    given_on: dt.date | None = None
    collected_by: str = ""


def record_consent_given(
    *, patron: Patron, consent: ConsentGiven, by: Actor, at: dt.datetime
) -> Consent:
    """Record `consent` in the caller's transaction (issuing a card, or record_consent); an
    open consent of the same giver and purpose is kept as is."""
    if consent.given_by not in ConsentRole.values:
        raise PatronRefused("consent_giver_required")
    if consent.purpose not in policies.CONSENT_PURPOSES:
        raise PatronRefused("unknown_consent_purpose")
    giver_name = text.clean(consent.giver_name or "")
    if consent.given_by == ConsentRole.READER and not giver_name:
        giver_name = patron.full_name
    if not giver_name:
        raise PatronRefused("consent_giver_required")
    given_at = at
    if consent.given_on is not None:
        validation.check_date(
            consent.given_on,
            field=str(gettext_lazy("Date of the consent forms")),
            window="operational",
            today=clock.local_date(at),
        )
        given_at = dt.datetime.combine(consent.given_on, dt.time(12, 0), tzinfo=clock.VIETNAM)
    existing = patron.consents.filter(
        given_by=consent.given_by, purpose=consent.purpose, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    patron.__dict__.pop("_libnet_open_consent_roles", None)
    record = Consent.objects.create(
        patron=patron,
        given_by=consent.given_by,
        giver_name=inputs.check_column(Consent, "giver_name", giver_name),
        purpose=consent.purpose,
        given_at=given_at,
        recorded_by_id=by.pk if by is not None and by.is_authenticated else None,
        collected_by=text.clean(consent.collected_by or "")[:200],
    )
    audit.record(
        "patron.consent",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        after={
            "consent": record.pk,
            "given_by": record.given_by,
            "purpose": record.purpose,
            "given_at": record.given_at.isoformat(),
            "collected": bool(record.collected_by),
        },
    )
    return record


@transaction.atomic
def record_consent(
    *,
    patron: Patron,
    given_by: str,
    by: Actor,
    giver_name: str = "",
    purpose: str = policies.LIBRARY_SERVICE,
    at: dt.datetime | None = None,
    given_on: dt.date | None = None,
    collected_by: str = "",
) -> Consent:
    """Record that the reader or a guardian consents to `purpose`; an open consent is kept as is.

    Given in person, it is dated now. Collected on signed forms (a school's), `given_on` is
    the forms' date and `collected_by` who gathered them; both are kept with the record.
    """
    check_not_erased(patron)
    return record_consent_given(
        patron=patron,
        consent=ConsentGiven(
            given_by=given_by,
            giver_name=giver_name,
            purpose=purpose,
            given_on=given_on,
            collected_by=collected_by,
        ),
        by=by,
        at=at or clock.now(),
    )


@transaction.atomic
def withdraw_consent(*, consent: Consent, by: Actor, at: dt.datetime | None = None) -> Consent:
    """Close a consent record; it is kept, with the moment of withdrawal."""
    at = at or clock.now()
    consent = Consent.objects.select_for_update().select_related("patron").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise PatronRefused("consent_already_withdrawn")
    consent.withdrawn_at = at
    consent.save(update_fields=["withdrawn_at"])
    consent.patron.__dict__.pop("_libnet_open_consent_roles", None)
    audit.record(
        "patron.consent_withdrawn",
        subject=consent.patron,
        by=by,
        at=at,
        library_id=consent.patron.home_library_id,
        after={"consent": consent.pk, "given_by": consent.given_by, "purpose": consent.purpose},
    )
    return consent
