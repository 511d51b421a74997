"""The OpenAPI schema documents every answer of every operation, in one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from libnet.api.api import api

# As /api/v1/openapi.json serves it (JSON: statuses are strings).
SCHEMA = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1")))
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


def _component(response: dict[str, Any]) -> dict[str, Any]:
    reference = response["content"]["application/json"]["schema"]["$ref"]
    return COMPONENTS[reference.rsplit("/", 1)[-1]]


def test_every_refusal_is_code_and_message_and_every_invalid_input_adds_detail():
    for method, path, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            shape = _component(response)
            assert {"code", "message"} <= set(shape["required"]), (method, path, status)
            if int(status) == 422:
                assert "detail" in shape["required"], (method, path)


def test_staff_operations_document_401_and_public_ones_do_not():
    public = {
        ("GET", "/api/v1/libraries"),
        ("GET", "/api/v1/search"),
        ("GET", "/api/v1/digital/objects"),  # public objects for anyone, more for staff
    }
    for method, path, operation in OPERATIONS:
        documents_401 = "401" in operation["responses"]
        assert documents_401 == ((method, path) not in public), (method, path)
        assert ("security" in operation) == documents_401


def test_every_operation_documents_429_with_retry_after():
    for method, path, operation in OPERATIONS:
        too_many = operation["responses"]["429"]
        assert "Retry-After" in too_many["headers"], (method, path)
        assert _component(too_many) == COMPONENTS["ErrorOut"]


def test_a_change_on_a_session_may_be_refused_for_csrf():
    for method, path, operation in OPERATIONS:
        if method != "GET" and "security" in operation:
            assert "csrf_failed" in operation["responses"]["403"]["description"], (method, path)


def test_an_operation_that_reads_input_documents_422_and_one_that_reads_a_body_400_and_413():
    for method, path, operation in OPERATIONS:
        reads_body = "requestBody" in operation
        if reads_body or operation["parameters"]:
            assert "422" in operation["responses"], (method, path)
        if reads_body:
            assert {"400", "413"} <= set(operation["responses"]), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "refusals"),
    [
        ("GET", "/api/v1/items/{item_id}", {"404"}),
        ("POST", "/api/v1/circulation/checkout", {"400", "404", "409"}),
        ("POST", "/api/v1/patrons/{patron_id}/erase", {"400", "403", "404", "409"}),
        ("POST", "/api/v1/rotation/batches/{batch_id}/close", {"400", "403", "404", "409"}),
        ("GET", "/api/v1/search", {"400"}),
    ],
)
def test_an_endpoint_documents_its_own_refusals(method, path, refusals):
    assert refusals <= set(SCHEMA["paths"][path][method.lower()]["responses"])


def test_the_handover_record_is_documented_as_a_pdf():
    ok = SCHEMA["paths"]["/api/v1/rotation/batches/{batch_id}/handover.pdf"]["get"]["responses"]
    assert list(ok["200"]["content"]) == ["application/pdf"]


def test_no_two_schemas_share_a_component_name(monkeypatch):
    # django-ninja merges each operation's schema definitions by name: a second class of the
    # same name (a `SyncIn` in two apps) would silently document the other one's fields.
    from ninja.openapi.schema import OpenAPISchema

    seen: dict[str, Any] = {}
    clashes: list[str] = []
    merge = OpenAPISchema.add_schema_definitions

    def checked(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in seen and seen[name] != definition:
                clashes.append(name)
            seen.setdefault(name, definition)
        merge(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    api.get_openapi_schema(path_prefix="/api/v1")
    assert seen
    assert not sorted(set(clashes))
