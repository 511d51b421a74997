"""GET /api/v1/search, `libnet search`, and the lookups they count."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from libnet.search import services
from libnet.search.api import SearchOut, SearchRefusalOut
from libnet.search.models import LookupCount
from tests.search.conftest import SO_DO_ISBN

pytestmark = pytest.mark.django_db
URL = "/api/v1/search"


def test_past_the_rank_cap_the_total_is_a_lower_bound_unless_counted(client, catalogue, settings):
    settings.LIBNET_SEARCH_RANK_CAP = 1
    body = client.get(URL, {"q": "số đỏ"}).json()
    assert (body["total"], body["total_relation"]) == (1, "gte")
    body = client.get(URL, {"q": "số đỏ", "exact_total": "true"}).json()
    assert (body["total"], body["total_relation"]) == (2, "eq")


def lookups(library=None) -> int:
    row = LookupCount.objects.filter(library=library).first()
    return row.count if row else 0


def test_anyone_can_search_and_gets_hits_with_availability(client, catalogue):
    response = client.get(URL, {"q": "số đỏ"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"total", "results", "facets"}
    assert (body["total"], body["total_relation"]) == (2, "eq")
    first = body["results"][0]
    assert set(first) >= {"id", "title", "authors", "isbn", "year", "score", "availability"}
    assert first["id"] == catalogue.bibs["Số đỏ"].pk
    assert (first["title"], first["authors"], first["year"]) == ("Số đỏ", ["Vũ Trọng Phụng"], 2016)
    assert first["isbn"] == SO_DO_ISBN.replace("-", "")
    assert first["score"] > body["results"][1]["score"]
    assert [(a["library"], a["available"], a["total"]) for a in first["availability"]] == [
        ("SL-TVT", 2, 2),
        ("SL-TANLAP", 0, 1),
    ]
    assert {"library", "library_kind", "year", "language", "subject", "available"} <= set(
        body["facets"]
    )
    assert body["facets"]["language"] == [{"value": "vie", "label": "vie", "count": 2}]
    SearchOut.model_validate(body)  # the documented schema and the answer agree


def test_the_answer_shows_no_copy_or_reader_details(client, catalogue):
    text = client.get(URL, {"q": "so do"}).content.decode()
    for private in ("SRCH", "VV.", "barcode", "price", "lan-search", "notes"):
        assert private not in text


def test_filters_sort_and_pages_are_query_parameters(client, catalogue):
    body = client.get(
        URL, {"q": "", "library": "SL-TANLAP", "available": "true", "sort": "newest"}
    ).json()
    assert [hit["title"] for hit in body["results"]] == ["Dế Mèn phiêu lưu ký", "Sổ đỏ", "Tắt đèn"]
    paged = client.get(URL, {"q": "class:895.922", "sort": "title", "page": 2, "page_size": 5})
    assert paged.json()["page"] == 2
    assert len(paged.json()["results"]) == 5
    without_subtree = client.get(URL, {"library": "SL-TANLAP", "subtree": "false"}).json()
    assert "Tắt đèn" not in [hit["title"] for hit in without_subtree["results"]]


def test_page_size_is_capped_at_100(client, catalogue):
    body = client.get(URL, {"q": "", "page_size": 5000}).json()
    assert body["page_size"] == 100


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("title:", "empty_field"),
        ('"số đỏ', "unbalanced_quote"),
        ("year:hai nghìn", "bad_year"),
        ("isbn:123", "bad_isbn"),
        ("k*", "short_prefix"),
        ("!!!", "nothing_to_search"),
    ],
)
def test_a_query_that_cannot_be_read_is_a_400_in_vietnamese(client, catalogue, query, reason):
    response = client.get(URL, {"q": query})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "query_syntax"
    assert body["reason"] == reason
    assert body["message"]
    assert response.headers["Content-Language"] == "vi"
    assert body["message"] != str(body["message"]).encode("ascii", "ignore").decode()  # has marks


def test_unknown_filters_are_a_400_too(client, catalogue):
    assert client.get(URL, {"library": "SL-NOWHERE"}).json()["code"] == "unknown_library"
    assert client.get(URL, {"sort": "price"}).status_code == 400
    assert client.get(URL, {"kind": "castle"}).status_code == 400
    assert client.get(URL, {"page": "two"}).status_code == 422


def test_an_unknown_library_is_a_400_the_schema_documents(client, catalogue):
    """As the OPAC's search page does, with the API's shape: {code, message}."""
    response = client.get(URL, {"q": "so do", "library": "SL-NOWHERE"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_library"
    assert "SL-NOWHERE" in body["message"]
    documented = client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]["responses"]
    assert documented["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SearchRefusalOut"
    }
    SearchRefusalOut.model_validate(body)


def test_each_search_request_counts_one_lookup(client, catalogue):
    commune = catalogue.libraries["commune"]
    client.get(URL, {"q": "so do"})
    client.get(URL, {"q": "so do", "page": 2})
    client.get(URL, {"q": "so do", "library": "SL-TANLAP"})
    assert lookups() == 2
    assert lookups(commune) == 1
    client.get(URL, {"q": '"unclosed'})  # refused: not a lookup
    assert lookups() == 2


def test_lookups_are_counted_per_day_in_vietnam(catalogue):
    commune = catalogue.libraries["commune"]
    late_evening_utc = dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)  # 2 March in Hà Nội
    services.count_lookup("SL-TANLAP", at=late_evening_utc)
    services.count_lookup("sl-tanlap", at=late_evening_utc)
    services.count_lookup(None, at=late_evening_utc)
    services.count_lookup("SL-NOWHERE", at=late_evening_utc)  # counted for the network
    assert LookupCount.objects.get(library=commune).day == dt.date(2026, 3, 2)
    assert lookups(commune) == 2
    assert lookups() == 2


# ---------------------------------------------------------------- libnet search


def run_search(*args: str) -> str:
    out = io.StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_one_json_object_per_line_best_first(catalogue):
    lines = run_search("sổ", "đỏ", "--json").splitlines()
    hits = [json.loads(line) for line in lines]
    assert [hit["title"] for hit in hits] == ["Sổ đỏ", "Số đỏ"]
    assert set(hits[0]) >= {"id", "title", "authors", "isbn", "year", "score"}
    assert hits[0]["score"] >= hits[1]["score"]


def test_the_command_takes_a_library_and_a_limit(catalogue):
    lines = run_search("van hoc", "--library", "SL-THCS-TANLAP", "--json", "--limit", "1")
    assert len(lines.splitlines()) == 1
    assert json.loads(lines)["title"] in {"Truyện Kiều", "Dế Mèn phiêu lưu ký"}


def test_the_command_without_json_prints_a_list_and_suggestions(catalogue):
    assert "Dế Mèn phiêu lưu ký" in run_search("de men")
    assert "de men" in run_search("de menn")


def test_the_command_refuses_a_query_it_cannot_read(catalogue):
    with pytest.raises(CommandError):
        run_search("title:")
