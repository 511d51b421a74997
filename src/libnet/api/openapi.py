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
"""

from __future__ import annotations

from functools import cache
from http.client import responses
from typing import Any, cast

from ninja import Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from libnet.core.api_auth import StaffSession
from libnet.core.api_errors import ErrorOut, ValidationOut

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


def door_answers(operation: Operation) -> dict[int, tuple[type[Schema], str]]:
    """The statuses `operation` may answer at the door, each with its shape and a sentence."""
    answers: dict[int, tuple[type[Schema], str]] = {}
    sources = {model.__ninja_param_source__ for model in operation.models}
    if operation.auth_callbacks:
        answers[401] = (ErrorOut, DESCRIPTIONS[401])
        by_session = any(isinstance(auth, StaffSession) for auth in operation.auth_callbacks)
        if by_session and UNSAFE_METHODS & set(operation.methods):
            answers[403] = (ErrorOut, CSRF)
    if sources:
        answers[422] = (ValidationOut, DESCRIPTIONS[422])
    if "body" in sources:
        answers[400] = (ErrorOut, INVALID_JSON)
    if "body" in sources or UNSAFE_METHODS & set(operation.methods):
        # Django refuses to read a larger body, whichever part of libnet reads it.
        answers[413] = (ErrorOut, DESCRIPTIONS[413])
    if operation.throttle_objects:
        answers[429] = (ErrorOut, DESCRIPTIONS[429])
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
        for status, (model, description) in door_answers(operation).items():
            if status in result:  # the endpoint's own refusals answer with it too
                result[status]["description"] = f"{description} Or: {REFUSED}"
                continue
            schema, _required = self._create_schema_from_model(
                cast(Any, _response_model(model)), mode="serialization"
            )
            result[status] = {
                "description": description,
                "content": {self.api.renderer.media_type: {"schema": schema}},
            }
        if 429 in result:
            result[429]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before the next request.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            }
        return dict(sorted(result.items()))
