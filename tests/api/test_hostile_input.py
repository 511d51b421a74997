"""Hostile values at every door find no server error: every operation of the JSON API (from
its OpenAPI schema) and every page of the URL map, as Minh (a clerk of one commune library)
and as nobody, with lone surrogates, NUL and other control characters, a million-character
string, 2⁶³, -1, NaN, `true`, nested junk, wrong types, unknown ids and other libraries' ids.

The run is fixed (derandomised) and small enough for every test run. For a longer search:

    LIBNET_FUZZ_EXAMPLES=200 pytest -n 0 tests/api/test_hostile_input.py

Each request may be refused (4xx), never answered with 5xx.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libnet.catalog.models import BibRecord, Item
from libnet.circulation.models import Hold, Loan
from libnet.core.forms import LibnetForm
from libnet.mobile.models import MobileTrip, TripStop
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation.models import RotationBatch, Transfer
from tests.api.documented import openapi_schema

pytestmark = pytest.mark.django_db

LONGER_RUN = int(os.environ.get("LIBNET_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=LONGER_RUN or examples,
        derandomize=not LONGER_RUN,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


# --- what is thrown ------------------------------------------------------------------------

# What one field of a JSON body receives when it is the one under attack.
HOSTILE: list[Any] = [
    "\ud800",  # a lone surrogate: Python's JSON reader accepts it, no database stores it
    "nul\x00byte",
    "x" * 1_000_000,
    "\ufffd\ufffd\ufffd",
    "line\nbreak",
    "bell\x07 escape\x1b[31m del\x7f c1\x85",
    "ＳＬ-ＴＡＮＬＡＰ",  # full-width, from a Vietnamese IME
    "\u202eright to left",
    "%(field)s {0} %s",
    "",
    "9" * 30,
    "0001-01-01T00:00:00+14:00",  # before the first moment UTC can write
    "9999-12-31T23:59:59-12:00",
    "2026-03-02T09:30:00",  # no time zone
    "0000-00-00",
    2**63,
    -(2**63) - 1,
    10**30,
    -1,
    0,
    True,
    1.5,
    float("nan"),
    float("inf"),
    None,
    [],
    {},
    [[["junk"]]],
    {"\x00": "\ud800"},
]
# What a query string, a form field or an address receives.
HOSTILE_TEXT = [
    "\ud800",
    "nul\x00byte",
    "y" * 5_000,
    "z" * 200_000,
    "\ufffd\ufffd",
    "line\nbreak",
    "bell\x07 del\x7f c1\x85",
    "ＳＬ-ＴＡＮＬＡＰ",
    "\u202eright to left",
    "' OR 1=1 --",
    "%(field)s {0}",
    "   ",
    "",
    "NaN",
    "true",
    "1.5",
    "1e400",
    "9" * 25,
    "-1",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "٢٠٢٦",  # Arabic-Indic digits: int() reads them
]
RAW_BODIES = [
    b"\xff\xfe\x00{",  # not UTF-8
    b'{"library": "\xed\xa0\x80"}',  # a surrogate encoded as UTF-8 bytes
    b"[" * 50_000,  # deeper than any parser recurses
    b'{"a": 1e999999}',
    b'{"a": ' + b"9" * 5_000 + b"}",
    b'{"a": NaN, "b": -Infinity}',
    b"{not json",
    b"null",
    b'"text"',
    b"[]",
    b"",
]
RAW_QUERIES = ["", "&q=%FF%FE", "&q=%ED%A0%80", "&page=%00", "&library=%C0%AF"]


@dataclass
class Pools:
    """Values that get past the first check: Minh's library and others, real copies, cards
    and ids of objects of every kind (so that other libraries' objects are tried too)."""

    codes: list[str]
    barcodes: list[str]
    cards: list[str]
    ids: list[int]

    def text(self) -> st.SearchStrategy[str]:
        words = ["2026-03-02", "2026-03", "2026-Q1", "2026", "manual", "adult", "Nguyễn Văn A"]
        return st.sampled_from(self.codes + self.barcodes + self.cards + words)

    def id(self) -> st.SearchStrategy[int]:
        return st.sampled_from(self.ids)

    def named(self, name: str) -> st.SearchStrategy[str]:
        """A fitting value for a field called `name`: what the name says it holds, or any."""
        named = self._named(name.lower())
        return named if named is not None else self.text()

    def _named(self, name: str) -> st.SearchStrategy[str] | None:
        if "barcode" in name:
            return st.sampled_from(self.barcodes)
        if "card" in name:
            return st.sampled_from(self.cards)
        if "library" in name or name in {"school", "point", "code"}:
            return st.sampled_from(self.codes)
        if name == "period":
            return st.sampled_from(["2026-03", "2026-Q1", "2026"])
        if name.endswith(("date", "_on", "start", "end", "day")):
            return st.sampled_from(["2026-03-02", "2025-12-31"])
        if name.endswith("_at"):
            return st.just("2026-03-02T09:30:00+07:00")
        if name == "client_uuid":
            return st.uuids().map(str)
        return None


@pytest.fixture
def pools(small_demo) -> Pools:
    codes = ["SL-TANLAP", "SL-THCS-TANLAP", "SL-TVT", "NO-SUCH-LIBRARY"]
    barcodes = list(
        Item.objects.filter(home_library__code__in=codes[:3])
        .order_by("home_library__code", "pk")
        .values_list("barcode", flat=True)[:4]
    )
    cards = list(Patron.objects.order_by("pk").values_list("card_number", flat=True)[:3])
    ids: list[int] = []
    for model in (BibRecord, Item, Patron, Loan, Hold, RotationBatch, Transfer, MobileTrip):
        ids += list(model.objects.order_by("pk").values_list("pk", flat=True)[:2])
    ids += list(TripStop.objects.order_by("pk").values_list("pk", flat=True)[:2])
    ids += list(Library.objects.filter(code__in=codes).values_list("pk", flat=True))
    return Pools(codes=codes, barcodes=barcodes, cards=cards, ids=sorted(set(ids)) or [1])


class StoredHostileText(AssertionError):
    """A query sent what PostgreSQL refuses (NUL), or wrote damaged text to a row."""


def _as_postgresql_would(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """Refuse, as PostgreSQL does, a NUL in any parameter; and refuse writing U+FFFD or a
    lone surrogate (the tests run on SQLite, which stores all of them)."""
    rows = params if many else [params]
    writes = sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
    for row in rows or ():
        values = row.values() if isinstance(row, dict) else row or ()
        for value in values:
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise StoredHostileText(f"NUL sent to the database: {sql[:200]}")
            if writes and ("\ufffd" in value or re.search("[\ud800-\udfff]", value)):
                raise StoredHostileText(f"damaged text written: {value[:80]!r} in {sql[:200]}")
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def _postgresql_rules():
    with connection.execute_wrapper(_as_postgresql_would):
        yield


@pytest.fixture
def clients(small_demo) -> dict[bool, Client]:
    """A client logged in as Minh (True) and one logged in as nobody (False)."""
    minh = Client()
    minh.force_login(get_user_model().objects.get(username="minh"))
    return {True: minh, False: Client()}


def _check(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what[:500]}"


# --- the JSON API --------------------------------------------------------------------------


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in SCHEMA["paths"].items()
        for method, operation in methods.items()
    ]


SCHEMA = openapi_schema()
OPERATIONS = _operations()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "allOf"):
        if key in schema:
            return _resolve(next(s for s in schema[key] if s.get("type") != "null"))
    return schema


def _fitting(name: str, schema: dict[str, Any], pools: Pools) -> st.SearchStrategy[Any]:
    """A value that fits the field, so that the request gets as far as the service."""
    schema = _resolve(schema)
    kind = schema.get("type")
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if kind == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum", 10**6)
        in_range = [value for value in pools.ids if low <= value <= high]
        return st.sampled_from(in_range) if in_range and "id" in name else st.integers(low, low + 9)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(_fitting(name, schema.get("items", {}), pools), min_size=1, max_size=3)
    if kind == "object":
        if "properties" in schema:
            return _document(schema, pools)
        return st.dictionaries(st.sampled_from(["loans", "visits"]), st.integers(0, 99), min_size=1)
    if schema.get("format") == "date":
        return st.sampled_from(["2026-03-02", "2025-12-31"])
    if schema.get("format") == "date-time":
        return st.just("2026-03-02T09:30:00+07:00")
    return pools.named(name)


def _document(schema: dict[str, Any], pools: Pools, attacked: str | None = None):
    """A body for `schema` whose fields fit, but for `attacked`, which gets HOSTILE values."""
    fields = _resolve(schema).get("properties", {})
    return st.fixed_dictionaries(
        {
            name: st.sampled_from(HOSTILE) if name == attacked else _fitting(name, field, pools)
            for name, field in fields.items()
        }
    )


def _path_value(schema: dict[str, Any], name: str, pools: Pools) -> st.SearchStrategy[str]:
    if _resolve(schema).get("type") == "integer":
        fitting = pools.id().map(str)
    else:
        fitting = (pools.named(name)).map(urllib.parse.quote)
    hostile = st.sampled_from(["0", "9" * 25, "-1", "abc", "%00", "%FF", "%ED%A0%80", "%0A"])
    return st.one_of(fitting, fitting, hostile)


def _query_value(name: str, pools: Pools) -> st.SearchStrategy[str]:
    hostile = st.sampled_from(HOSTILE_TEXT).map(
        lambda value: urllib.parse.quote(value, errors="surrogatepass")
    )
    return st.one_of(pools.named(name), pools.id().map(str), hostile)


def _with_query(url: str, query: str, raw: str) -> str:
    """`url` with its query string: `query` (encoded) then `raw` (which starts with &)."""
    joined = "&".join(part for part in (query, raw.lstrip("&")) if part)
    return f"{url}?{joined}" if joined else url


@st.composite
def _api_request(draw: Any, method: str, path: str, operation: dict[str, Any], pools: Pools):
    """An address and a body: mostly fitting, with one field (or the whole body) hostile."""
    url = path
    query: list[str] = []
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            url = url.replace("{" + name + "}", draw(_path_value(parameter["schema"], name, pools)))
        elif parameter["in"] == "query" and (parameter.get("required") or draw(st.booleans())):
            query.append(f"{name}={draw(_query_value(name, pools))}")
    url = _with_query(url, "&".join(query), draw(st.sampled_from(RAW_QUERIES)))
    body = b""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is not None or method == "POST":
        fields = list(_resolve(content["schema"]).get("properties", {})) if content else []
        attacked = draw(st.sampled_from([*fields, "(whole body)", "(raw bytes)"]))
        if attacked == "(raw bytes)":
            body = draw(st.sampled_from(RAW_BODIES))
        else:
            document = (
                draw(st.sampled_from(HOSTILE))
                if attacked == "(whole body)"
                else draw(_document(content["schema"], pools, attacked))
            )
            body = json.dumps(document).encode("utf-8", "surrogatepass")
    return url, body, draw(st.sampled_from([True, True, True, False]))


def _failure(target: str, error: BaseException) -> str:
    """What went wrong for `target`, with the example Hypothesis found."""
    notes = "\n".join(getattr(error, "__notes__", []))
    return f"{target}: {type(error).__name__}: {error}\n{notes}"


def test_no_json_endpoint_answers_a_server_error(pools, clients):
    """Whatever a client sends to any operation, the answer is a refusal (4xx) or a success,
    never a 5xx. (One test for all operations: each would otherwise be a test of the shared
    demo, and the demo is loaded again when other tests run between them.)"""
    failures = []
    for method, path, operation in OPERATIONS:
        try:
            _api_attempts(method, path, operation, pools, clients)()
        except Exception as error:
            failures.append(_failure(f"{method} {path}", error))
    assert failures == []


def _api_attempts(
    method: str, path: str, operation: dict[str, Any], pools: Pools, clients: dict[bool, Client]
) -> Any:
    @fuzz_settings(examples=6)
    @given(request=_api_request(method, path, operation, pools))
    def attempt(request: tuple[str, bytes, bool]) -> None:
        url, body, as_minh = request
        client = clients[as_minh]
        if method == "GET":
            response = client.get(url)
        else:
            response = client.generic(method, url, body, content_type="application/json")
        _check(response, f"{method} {url} {body!r:.300}")

    return attempt


def _what_no_column_holds(schema: dict[str, Any]) -> Any:
    """For a field of `schema`: a value the field must refuse, whatever the endpoint."""
    kind = _resolve(schema).get("type")
    if kind == "integer":
        return 2**63
    if kind == "string":
        return "nul\x00byte"
    if kind == "array":
        return ["\x00"] * 3
    if kind == "object":
        return {"\x00": -1}
    return "\ud800"


def _fitting_value(name: str, schema: dict[str, Any], pools: Pools) -> Any:
    """One value that fits the field (the first `_fitting` would choose)."""
    schema = _resolve(schema)
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "integer":
        return schema.get("minimum", 0) if "id" not in name else pools.ids[0]
    if kind == "boolean":
        return False
    if kind == "array":
        return [_fitting_value(name, schema.get("items", {}), pools)]
    if kind == "object":
        if "properties" in schema:
            return {
                key: _fitting_value(key, field, pools)
                for key, field in schema["properties"].items()
            }
        return {"loans": 10}
    if schema.get("format") == "date":
        return "2026-03-02"
    if schema.get("format") == "date-time":
        return "2026-03-02T09:30:00+07:00"
    lowered = name.lower()
    if "barcode" in lowered:
        return pools.barcodes[0]
    if "card" in lowered:
        return pools.cards[0]
    if lowered == "period":
        return "2026-03"
    if lowered == "client_uuid":
        return "6f1c2a7e-8d2b-4c55-9a55-0f1a2b3c4d5e"
    return pools.codes[0]


def test_each_field_of_each_endpoint_refuses_what_no_column_holds(pools, clients):
    """A NUL in a string, 2⁶³ in a number: each field, alone among fitting ones, is a 422
    naming it (checked before any service runs, so before any other library's denial)."""
    failures: list[str] = []
    for method, path, operation in OPERATIONS:
        failures += _field_attacks(clients[True], pools, method, path, operation)
    assert failures == []


def _field_attacks(
    client: Client, pools: Pools, method: str, path: str, operation: dict[str, Any]
) -> list[str]:
    """Each field of `operation` attacked alone; what was not refused as it should be."""
    failures = []
    parameters = operation.get("parameters", [])
    fitting_path = path
    for parameter in parameters:
        if parameter["in"] == "path":
            value = "1" if _resolve(parameter["schema"]).get("type") == "integer" else "SL-TANLAP"
            fitting_path = fitting_path.replace("{" + parameter["name"] + "}", value)
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    fields = _resolve(content["schema"]).get("properties", {}) if content else {}
    fitting_body = {name: _fitting_value(name, field, pools) for name, field in fields.items()}
    attacks: list[tuple[str, str, Any]] = []  # (where, name, value)
    attacks += [("body", name, _what_no_column_holds(field)) for name, field in fields.items()]
    attacks += [
        (parameter["in"], parameter["name"], _what_no_column_holds(parameter["schema"]))
        for parameter in parameters
        if _resolve(parameter["schema"]).get("type") in ("integer", "string")
    ]
    for where, name, value in attacks:
        url, body = fitting_path, dict(fitting_body)
        if where == "body":
            body[name] = value
        elif where == "path":
            url = path
            for parameter in parameters:
                if parameter["in"] == "path":
                    shown = value if parameter["name"] == name else None
                    replacement = (
                        urllib.parse.quote(str(shown))
                        if shown is not None
                        else (
                            "1"
                            if _resolve(parameter["schema"]).get("type") == "integer"
                            else "SL-TANLAP"
                        )
                    )
                    url = url.replace("{" + parameter["name"] + "}", replacement)
        else:
            url = f"{fitting_path}?{urllib.parse.urlencode({name: value})}"
        data = json.dumps(body).encode() if content else b""
        try:
            response = client.generic(method, url, data, content_type="application/json")
        except Exception as error:
            failures.append(_failure(f"{method} {url} with {name}={value!r:.40}", error))
            continue
        what = f"{method} {url} with {name}={value!r:.40}: {response.status_code}"
        if response.status_code != 422:
            failures.append(what)
            continue
        refused = [entry["field"] for entry in response.json()["detail"]]
        if not any(field == name or field.startswith(name + ".") for field in refused):
            failures.append(f"{what}, refused {refused}")
    return failures


# --- the pages -----------------------------------------------------------------------------


def _pages() -> list[tuple[str, str]]:
    def walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, str]]:
        found = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                found += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.name or ""))
        return found

    skipped = ("admin/", "api/", "i18n/")
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(skipped) and "logout" not in route
    ]


PAGES = _pages()


def _form_field_names() -> list[str]:
    names: set[str] = set()
    classes = list(LibnetForm.__subclasses__())
    while classes:
        form_class = classes.pop()
        classes += form_class.__subclasses__()
        names.update(form_class.base_fields)
    # What views read without a form.
    names.update(
        [
            "action",
            "target_loans",
            "target_visits",
            "indicator",
            "delta",
            "reason",
            "comment",
            "month",
            "value",
            "note",
            "mode",
            "next",
            "pin",
            "by",
            "point",
            "items",
            "form",
            "year",
            "q",
            "page",
            "class",
            "state",
            "period",
            "number",
            "library",
            "code",
        ]
    )
    return sorted(names)


FORM_FIELDS = _form_field_names()
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")


_NAME = re.compile(r'name="([^"]+)"')


def _names_on_page(client: Client, url: str) -> list[str]:
    """The names of the inputs of the page's forms, as Minh sees it (with fitting values)."""
    response = client.get(url)
    _check(response, f"GET {url}")
    if response.get("Content-Type", "").startswith("text/html"):
        found = set(_NAME.findall(response.content.decode()))
        return sorted(found - {"csrfmiddlewaretoken"})
    return []


@st.composite
def _page_request(draw: Any, route: str, names: list[str], pools: Pools):
    """An address, a query string and a form: fitting values, with one field hostile (or the
    address's own arguments, or a query string that is not UTF-8)."""

    def argument(kind: str, name: str) -> str:
        hostile = st.sampled_from(["0", "9" * 25, "%00", "%FF", "%0A", "x" * 300, "2026-13"])
        fitting = pools.id().map(str) if kind == "int" else pools.named(name)
        return draw(st.one_of(fitting, fitting, hostile)).replace("/", "%2F")

    url = "/" + _ARGUMENT.sub(lambda match: argument(match.group(1), match.group(2)), route)
    fields = names or draw(st.lists(st.sampled_from(FORM_FIELDS), max_size=6, unique=True))
    attacked = draw(st.sampled_from([*fields, "(none)"]))
    form = {
        name: draw(
            st.sampled_from(HOSTILE_TEXT)
            if name == attacked
            else st.one_of(pools.named(name), pools.id().map(str))
        )
        for name in fields
    }
    query = {name: value for name, value in form.items() if draw(st.booleans())}
    as_minh = draw(st.sampled_from([True, True, False]))
    return url, query, form, draw(st.sampled_from(RAW_QUERIES)), as_minh


def _encoded(values: dict[str, str]) -> str:
    return urllib.parse.urlencode(
        {name: value.encode("utf-8", "surrogatepass") for name, value in values.items()}
    )


def test_no_page_answers_a_server_error(pools, clients):
    """A page's address, query string and form, filled with hostile values, never give a 5xx."""
    failures = []
    for route, _name in PAGES:
        fitting = "/" + _ARGUMENT.sub(
            lambda match: str(pools.ids[0]) if match.group(1) == "int" else pools.codes[0], route
        )
        try:
            names = _names_on_page(clients[True], fitting)
        except Exception as error:
            failures.append(_failure(f"GET {fitting}", error))
            continue

        @fuzz_settings(examples=2)
        @given(request=_page_request(route, names, pools))
        def attempt(request: tuple[str, dict[str, str], dict[str, str], str, bool]) -> None:
            url, query, form, raw_query, as_minh = request
            client = clients[as_minh]
            address = _with_query(url, _encoded(query), raw_query)
            _check(client.get(address), f"GET {address}")
            response = client.generic(
                "POST", address, _encoded(form), content_type="application/x-www-form-urlencoded"
            )
            _check(response, f"POST {address} {form!r:.300}")

        try:
            attempt()
        except Exception as error:
            failures.append(_failure(route or "/", error))
    assert failures == []
