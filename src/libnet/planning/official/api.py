"""`GET /api/v1/statistics/{form}?library=&period=`: an official statistics form of a
library, row by row, as its page and its XLSX/PDF give it. Another branch's or another
body's library is a 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Code, Identifier, TextRules
from libnet.planning import access
from libnet.planning.errors import OfficialFormRefused, PeriodRefused
from libnet.planning.official.sheets import OfficialForm, Value, official_form

Period = Annotated[str, TextRules(max_length=16)]

router = Router(tags=["planning"], auth=STAFF_AUTH)


class FormRowOut(Schema):
    number: str
    label: str
    unit: str
    counts: str
    kind: str
    period: int | float | None
    to_date: int | float | None
    part_of: str | None


class OfficialFormOut(Schema):
    form: str
    title: str
    library: str
    period: str
    libraries_counted: int
    libnet_layout: bool
    columns: list[str]
    rows: list[FormRowOut]
    notes: list[str]


def _json(value: Value) -> int | float | None:
    return float(value) if isinstance(value, Decimal) else value


def form_object(form: OfficialForm) -> OfficialFormOut:
    return OfficialFormOut(
        form=form.code,
        title=form.title,
        library=form.library.code,
        period=form.period.code,
        libraries_counted=form.library_count,
        libnet_layout=form.libnet_own,
        columns=["period", "to_date"],
        rows=[
            FormRowOut(
                number=row.number,
                label=row.label,
                unit=row.unit,
                counts=row.counts,
                kind=row.kind,
                period=_json(row.period),
                to_date=_json(row.to_date),
                part_of=row.part_of,
            )
            for row in form.rows
        ],
        notes=form.notes,
    )


@router.get(
    "/statistics/{form}",
    response={200: OfficialFormOut, **refusals(NotFound, PeriodRefused, OfficialFormRefused)},
)
def get_official_form(
    request: HttpRequest, form: Code, library: Identifier, period: Period
) -> OfficialFormOut:
    """Return statistics form `form` (tt18: TT 18/2014 Art. 13; ministry: the Ministry's
    yearly table) of a library and the libraries below it for a period: per row what it
    counts, the period's figure and, for figures that add up, since the start of the year."""
    found = access.get_library_for_reports(request.user, library.strip())
    return form_object(official_form(form, found, access.period_from(period)))
