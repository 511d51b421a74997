"""Every answer of the JSON API in the test suite has its status in the OpenAPI schema.

tests/conftest.py wraps each operation of the API: an answer whose status its operation does
not document fails the test that caused it, naming the operation and the status. A client
reading the schema then knows every status the suite has seen.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from ninja.operation import Operation


@cache
def _schema() -> dict[str, Any]:
    from libnet.api.api import api

    return dict(api.get_openapi_schema(path_prefix="/api/v1"))


def openapi_schema() -> dict[str, Any]:
    """The API's OpenAPI schema, as /api/v1/openapi.json gives it: made once per run (each
    making takes a third of a second), a copy for each caller to change as it likes."""
    return copy.deepcopy(_schema())


@cache
def documented_statuses() -> dict[str, set[int]]:
    """operationId → the statuses the schema gives it."""
    schema = _schema()
    return {
        operation["operationId"]: {int(status) for status in operation["responses"]}
        for methods in schema["paths"].values()
        for operation in methods.values()
    }


class UndocumentedStatus(AssertionError):
    """An operation answered a status its OpenAPI description does not list."""


@contextmanager
def statuses_checked() -> Iterator[None]:
    """While open, an operation answering an undocumented status raises UndocumentedStatus."""
    original = Operation.run

    def run(self: Operation, request: Any, **kwargs: Any) -> Any:
        response = original(self, request, **kwargs)
        operation_id = self.api.get_openapi_operation_id(self)
        documented = documented_statuses().get(operation_id)
        if documented is not None and response.status_code not in documented:
            raise UndocumentedStatus(
                f"{request.method} {request.path} ({operation_id}) answered "
                f"{response.status_code}, not in its OpenAPI responses {sorted(documented)}: "
                f"{response.content[:300]!r}"
            )
        return response

    Operation.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        Operation.run = original  # type: ignore[method-assign]
