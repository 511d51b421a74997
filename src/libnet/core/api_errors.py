"""The JSON API's one error shape, declared once for the OpenAPI schema.

A refusal is a 4xx `{"code", "message"}` (ErrorOut): `code` is stable, for programs; `message`
says what to do next, in Vietnamese unless the language cookie says otherwise. Input that
breaks the rules of core/schemas.py is a 422 `{"code": "invalid_request", "message", "detail"}`
(ValidationOut). The API's handlers write both (libnet/api/api.py).

Each endpoint lists the refusals its services and access getters can raise:

    @router.post("/circulation/checkout", response={201: CheckoutOut, **refusals(NotFound, CheckoutRefused)})

What every request may meet at the door (401 without a token, 422 for a malformed field, 429
past the rate…) is added to each operation by the API itself (libnet/api/openapi.py).
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from libnet.core.errors import LibnetError


class ErrorOut(Schema):
    """A refusal: nothing was written."""

    code: str = Field(
        description="Stable: match on it. E.g. card_expired, item_not_found.",
        examples=["item_not_found"],
    )
    message: str = Field(
        description="What to do next, for a person, in the request's language.",
        examples=["Thư viện của bạn không có bản sách nào với mã này."],
    )


class ProblemOut(Schema):
    """One field the request got wrong."""

    type: str = Field(
        description="Stable code of the problem: too_long, required, not_a_date…",
        examples=["too_long"],
    )
    loc: list[str | int] = Field(
        description='Where: ["body", "data", "name"], ["query", "page"].',
        examples=[["body", "data", "name"]],
    )
    field: str = Field(
        description="The field as the client names it; empty for the whole body.",
        examples=["name"],
    )
    msg: str = Field(
        description="The problem, naming the field, in the request's language.",
        examples=["name quá dài: tối đa 200 ký tự (hiện có 1.000.000)."],
    )


class ValidationOut(Schema):
    """Input the API refused before any service ran: nothing was written."""

    code: str = Field(description="Always invalid_request.", examples=["invalid_request"])
    message: str = Field(
        description="The first problem (and how many more there are).",
        examples=["Yêu cầu không hợp lệ: name quá dài: tối đa 200 ký tự (hiện có 1.000.000)."],
    )
    detail: list[ProblemOut]


def refusals(*errors: type[LibnetError]) -> dict[int, Any]:
    """The `response=` entries for the refusals an endpoint can answer: each error class's
    status, with the shape `{"code", "message"}`."""
    return {error.status: ErrorOut for error in errors}
