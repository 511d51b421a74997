"""The API does what its OpenAPI schema says: schemathesis generates requests for every
operation from the schema (as Minh, with his token, on the small demo), and each answer is
no server error, has a status the operation documents, and has the documented shape.

The run is fixed (derandomised) and small enough for every test run. For a longer search,
also as another demo user (`admin` sees the whole province, so requests get past the 404s):

    LIBNET_FUZZ_EXAMPLES=100 LIBNET_FUZZ_USER=admin pytest -n 0 tests/api/test_openapi_conformance.py
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from libnet.core import tokens
from tests.api.documented import openapi_schema

pytestmark = pytest.mark.django_db

LONGER_RUN = int(os.environ.get("LIBNET_FUZZ_EXAMPLES", "0"))
USER = os.environ.get("LIBNET_FUZZ_USER", "minh")
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _connection_kept_between_requests():
    """Schemathesis calls the WSGI application itself, whose request signals close a database
    connection left in a transaction (the test's, and the shared demo's): Django's test client
    turns that off for its requests, and so does this test. (SQLite's in-memory test database
    ignores the close; PostgreSQL's connection was lost.)"""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(small_demo) -> str:
    return tokens.create_api_token(user=get_user_model().objects.get(username=USER))


def _schema() -> Any:
    loaded = schemathesis.openapi.from_dict(openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


def test_every_operation_answers_as_its_schema_says(token):
    """Positive and negative requests for each operation: no 5xx, no undocumented status,
    no answer that differs from its documented shape. (One test for all operations, as the
    demo is loaded once for the tests that share it.)"""
    failures = []
    operations = [result.ok() for result in _schema().get_all_operations()]
    assert len(operations) > 40
    headers = {"Authorization": f"Bearer {token}"}
    for operation in operations:
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @settings(
            max_examples=LONGER_RUN or 8,
            derandomize=not LONGER_RUN,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def attempt(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            attempt()
        except Exception as error:
            failures.append(f"{operation.label}: {type(error).__name__}: {error}")
    assert failures == [], "\n\n".join(failures)
