"""The register of pupils who help in the library (cộng tác viên học sinh)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text
from libnet.core.validation import check_date
from libnet.network.access import User
from libnet.network.models import Library
from libnet.schools.errors import HelperRefused
from libnet.schools.models import CLASS_NAME_LENGTH, PupilHelper
from libnet.schools.services.standard import _check_school_year, _user


def _field(value: object, code: str, limit: int) -> str:
    cleaned = text.clean(str(value or ""))
    if not cleaned or len(cleaned) > limit:
        raise HelperRefused(code, limit=limit)
    return cleaned


@transaction.atomic
def add_helper(
    *,
    library: Library,
    school_year: int,
    full_name: object,
    class_name: object,
    duties: object,
    joined_on: dt.date | None,
    by: User | None,
    at: dt.datetime | None = None,
) -> PupilHelper:
    """Enter a pupil in the school's register of library helpers for the school year."""
    at = at or clock.now()
    _check_school_year(school_year)
    name = _field(full_name, "name_required", 120)
    pupil_class = _field(class_name, "class_required", CLASS_NAME_LENGTH)
    what = _field(duties, "duties_required", 300)
    if joined_on is None:
        raise HelperRefused("joined_on_required")
    check_date(joined_on, field=_("Joined on"), window="operational")
    helper = PupilHelper.objects.create(
        library=library,
        school_year=school_year,
        full_name=name,
        class_name=pupil_class,
        duties=what,
        joined_on=joined_on,
        created_at=at,
        created_by=_user(by),
    )
    # The pupil's name is personal data of a child: the audit keeps the row's id, not the name.
    audit.record(
        "schools.helper_added",
        subject=helper,
        by=by,
        at=at,
        library_id=library.pk,
        after={"class": helper.class_name},
    )
    return helper


@transaction.atomic
def end_helper(
    *, helper: PupilHelper, left_on: dt.date | None, by: User | None, at: dt.datetime | None = None
) -> PupilHelper:
    """Record the day a pupil stopped helping in the library."""
    at = at or clock.now()
    helper = PupilHelper.objects.select_for_update().get(pk=helper.pk)
    if left_on is None:
        raise HelperRefused("left_on_required")
    check_date(left_on, field=_("Left on"), window="operational")
    if helper.left_on is not None:
        raise HelperRefused("already_left")
    if left_on < helper.joined_on:
        raise HelperRefused("left_before_joining")
    helper.left_on = left_on
    helper.save(update_fields=["left_on"])
    audit.record(
        "schools.helper_left",
        subject=helper,
        by=by,
        at=at,
        library_id=helper.library_id,
        after={"left_on": left_on.isoformat()},
    )
    return helper
