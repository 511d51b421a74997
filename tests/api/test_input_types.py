"""Every value the API reads is bounded in one place: the types of core/schemas.py.

A new endpoint with a plain `str` or `int` field fails here, before a client finds the 500.
"""

from __future__ import annotations

from typing import Any

import pytest

from libnet.api.api import api
from libnet.core.schemas import InputSchema
from tests.api.documented import openapi_schema

SCHEMA = openapi_schema()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _unbounded(schema: dict[str, Any], where: str) -> list[str]:
    """The places in `schema` where a string, number, list or map has no bound."""
    schema = _resolve(schema)
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            return [
                problem
                for part in schema[key]
                if part.get("type") != "null"
                for problem in _unbounded(part, where)
            ]
    # pydantic writes the bound of a map's keys without their type.
    kind = schema.get("type") or ("string" if "maxLength" in schema else None)
    if "enum" in schema or kind in ("boolean", "null"):
        return []
    if kind == "string":
        bounded = "maxLength" in schema or schema.get("format") in ("date", "date-time")
        return [] if bounded else [f"{where}: a string without maxLength"]
    if kind == "integer":
        bounded = "minimum" in schema and "maximum" in schema
        return [] if bounded else [f"{where}: an integer without minimum and maximum"]
    if kind == "array":
        problems = [] if "maxItems" in schema else [f"{where}: a list without maxItems"]
        return problems + _unbounded(schema.get("items", {}), f"{where}[]")
    if kind == "object":
        problems = []
        for name, field in schema.get("properties", {}).items():
            problems += _unbounded(field, f"{where}.{name}")
        if "additionalProperties" in schema:
            if "maxProperties" not in schema:
                problems.append(f"{where}: a map without maxProperties")
            problems += _unbounded(schema.get("propertyNames", {"type": "string"}), f"{where}{{}}")
            problems += _unbounded(schema["additionalProperties"], f"{where}{{}}")
        return problems
    return [f"{where}: a value of no known type ({schema})"]


OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=[f"{method} {path}" for method, path, _operation in OPERATIONS],
)
def test_every_value_an_endpoint_reads_has_bounds(method, path, operation):
    problems = []
    for parameter in operation.get("parameters", []):
        where = f"{parameter['in']} {parameter['name']}"
        problems += _unbounded(parameter["schema"], where)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        problems += _unbounded(body["schema"], "body")
    assert problems == []


def _body_schemas() -> list[tuple[str, type[Any]]]:
    found = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ != "body":
                        continue
                    for field in model.model_fields.values():
                        found.append((f"{operation.methods} {path}", field.annotation))
    return found


@pytest.mark.parametrize(("operation", "annotation"), _body_schemas())
def test_every_body_is_read_by_an_input_schema(operation, annotation):
    """An InputSchema refuses NaN and Infinity wherever a float could hide."""
    types = getattr(annotation, "__args__", None) or (annotation,)
    schemas = [kind for kind in types if kind is not type(None)]
    assert all(isinstance(kind, type) and issubclass(kind, InputSchema) for kind in schemas)
