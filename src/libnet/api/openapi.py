"""The OpenAPI schema with the answers of the door: what any request may meet before, or
besides, what the endpoint itself refuses.

Each app's endpoint declares its own refusals (`core.api_errors.refusals`). The statuses the
API gives on its own are worked out here from the operation, so that none is forgotten:

- 401 `unauthorized`: a staff operation, without a valid token or session;
- 403 `csrf_failed`: a staff operation that changes something, sent on a session without the
  CSRF token (core/api_auth.py);
- 422 `invalid_request`: an operation that reads parameters or a body (libnet/api/guard.py);
- 400 `invalid_json` and 413 `request_too_large`: an operation that reads a JSON body;
- 429 `rate_limited`, with Retry-After: every throttled operation (libnet/api/throttling.py).

Each comes with an example answer, in Vietnamese, made from its refusal (libnet/api/errors.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from http.client import responses
from typing import Any, cast

from django.conf import settings
from django.utils import translation
from ninja import Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from libnet.api.errors import BodyRefused, RateLimited, RequestTooLarge, Unauthorized
from libnet.core.api_auth import StaffSession
from libnet.core.api_errors import ErrorOut, ValidationOut
from libnet.core.errors import LibnetError, PermissionDenied

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

REFUSED = "refused, `{code, message}`."
DESCRIPTIONS = {
    400: f"Not valid: {REFUSED}",
    401: "No valid token and no staff session: `unauthorized`.",
    403: f"Not allowed: {REFUSED}",
    404: "Not found, or not in the caller's libraries: `{code, message}`.",
    409: "Refused by a rule: `{code, message}`; nothing was written.",
    413: "The body is over 10 MB: `request_too_large`.",
    422: "A parameter or field is not valid: `invalid_request`, each problem in `detail`.",
    429: "Too many requests: `rate_limited`; Retry-After says how many seconds to wait.",
}
CSRF = "A change sent on a staff session without the CSRF token: `csrf_failed`."
INVALID_JSON = "The body is not JSON: `invalid_json`."


@dataclass(frozen=True)
class DoorAnswer:
    """One status the door may answer: its shape, a sentence, and an example refusal."""

    model: type[Schema]
    description: str
    example: LibnetError | None = None


def door_answers(operation: Operation) -> dict[int, DoorAnswer]:
    """The statuses `operation` may answer at the door."""
    answers: dict[int, DoorAnswer] = {}
    sources = {model.__ninja_param_source__ for model in operation.models}
    if operation.auth_callbacks:
        answers[401] = DoorAnswer(ErrorOut, DESCRIPTIONS[401], Unauthorized("unauthorized"))
        by_session = any(isinstance(auth, StaffSession) for auth in operation.auth_callbacks)
        if by_session and UNSAFE_METHODS & set(operation.methods):
            answers[403] = DoorAnswer(ErrorOut, CSRF, PermissionDenied("csrf_failed"))
    if sources:
        answers[422] = DoorAnswer(ValidationOut, DESCRIPTIONS[422])
    if "body" in sources:
        answers[400] = DoorAnswer(ErrorOut, INVALID_JSON, BodyRefused("invalid_json"))
    if "body" in sources or UNSAFE_METHODS & set(operation.methods):
        # Django refuses to read a larger body, whichever part of libnet reads it.
        answers[413] = DoorAnswer(ErrorOut, DESCRIPTIONS[413], RequestTooLarge("request_too_large"))
    if operation.throttle_objects:
        answers[429] = DoorAnswer(
            ErrorOut, DESCRIPTIONS[429], RateLimited("rate_limited", seconds=42)
        )
    return answers


@cache
def _response_model(model: type[Schema]) -> type[Schema]:
    # ninja describes a response through a schema with one field, `response`.
    return type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": model}})


class LibnetOpenAPISchema(OpenAPISchema):
    """ninja's schema, with the door's answers added to each operation's responses."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result: dict[int, Any] = super().responses(operation)
        for status, answer in result.items():
            if answer["description"] == responses.get(status) and status in DESCRIPTIONS:
                answer["description"] = DESCRIPTIONS[status]
        for status, answer in door_answers(operation).items():
            if status in result:  # the endpoint's own refusals answer with it too
                result[status]["description"] = f"{answer.description} Or: {REFUSED}"
                continue
            schema, _required = self._create_schema_from_model(
                cast(Any, _response_model(answer.model)), mode="serialization"
            )
            content: dict[str, Any] = {"schema": schema}
            if answer.example is not None:
                with translation.override(settings.LANGUAGE_CODE):
                    content["example"] = answer.example.as_dict()
            result[status] = {
                "description": answer.description,
                "content": {self.api.renderer.media_type: content},
            }
        if 429 in result:
            result[429]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before the next request.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            }
        return dict(sorted(result.items()))
