"""Benchmark: search at a million records, through the JSON API and in the bare engine.

Builds a catalogue of N synthetic records (default 1,000,000) on top of the demo province:
titles of 2-6 words drawn from the Vietnamese word list (Viet22K, Zipf-distributed, so
"việt nam" is common and "a dua" rare), authors from the given-name lists with the common
family names in their real proportions (U+00D0 look-alikes included, as the lists have them),
subjects, publishers, years, a summary note for one record in five, and 1-4 copies each
spread over the demo's libraries (nine in ten on the shelf). Records and copies are written
with plain INSERTs; the search index is then built from scratch by `search.index.rebuild`,
which is what `libnet reindex` runs, and timed.

Queries: 1-3 consecutive words of a random record's title or author, typed the way readers
type them (without marks half the time, in capitals sometimes). Each query is run

- through the JSON API (`GET /api/v1/search?q=…`, Django's test client in this process: URL
  routing, the query parser, the ranked capped engine query (on SQLite, for a search of
  common words, the newest matches scored from their rows: backends/sqlite.py), the total,
  facets over the candidates, the page's records and where their copies are, the lookup
  counter and JSON),
- and as the bare engine's capped ranked query for the same words: FTS5 `MATCH` of the
  folded words `ORDER BY rank LIMIT <cap>` on SQLite, `@@` with `ts_rank` on PostgreSQL,

in the same run, alternately, and the p50/p95 of each is printed with their ratio.

With `--sru`, each query is also run through the SRU server as another catalogue sends it
(`GET /sru?query="…"&maximumRecords=20`: the CQL read into the same engine query, the same
page of twenty as the API's, each record as MARCXML with an 852 per copy), and the SRU/API
ratio at p95 is printed.

    .venv/bin/python bench/search.py [--records N] [--queries N] [--sru]
    scripts/test-postgres.sh .venv/bin/python bench/search.py   # the same on PostgreSQL

Without DATABASE_URL a temporary SQLite file is used. The database must be new. Needs
../shared/data/vietnamese (word and name lists).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

VIETNAMESE = Path(__file__).resolve().parents[2] / "shared" / "data" / "vietnamese"
CHUNK = 20_000

# Family names and their approximate shares (Vietnamese population surveys).
FAMILIES = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 5.1,
    "Huỳnh": 2,
    "Phan": 4.5,
    "Vũ": 3.9,
    "Võ": 2,
    "Đặng": 2.1,
    "Bùi": 2,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 0.5,
    "Đinh": 0.5,
    "Trương": 0.5,
    "Lương": 0.4,
    "Mai": 0.3,
}
MIDDLE = {
    "boy": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân"],
    "girl": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng"],
}
SUBJECTS = [
    "Văn học Việt Nam",
    "Tiểu thuyết",
    "Truyện ngắn",
    "Thơ",
    "Văn học thiếu nhi",
    "Truyện tranh",
    "Lịch sử Việt Nam",
    "Địa lý",
    "Kỹ thuật trồng trọt",
    "Chăn nuôi",
    "Nuôi trồng thủy sản",
    "Y học phổ thông",
    "Phổ biến pháp luật",
    "Giáo dục",
    "Sách giáo khoa",
    "Kỹ năng sống",
    "Toán học",
    "Vật lý",
    "Hóa học",
    "Sinh học",
    "Tin học",
    "Kinh tế",
    "Văn hóa dân gian",
    "Du lịch",
    "Tôn giáo",
    "Triết học",
    "Tâm lý học",
    "Nấu ăn",
    "Thể thao",
    "Âm nhạc",
]
PUBLISHERS = [
    ("Hà Nội", "Nxb. Kim Đồng"),
    ("Hà Nội", "Nxb. Giáo dục Việt Nam"),
    ("Hà Nội", "Nxb. Văn học"),
    ("Hà Nội", "Nxb. Hội Nhà văn"),
    ("Hà Nội", "Nxb. Chính trị quốc gia Sự thật"),
    ("Hà Nội", "Nxb. Nông nghiệp"),
    ("Hà Nội", "Nxb. Khoa học và Kỹ thuật"),
    ("Hà Nội", "Nxb. Tư pháp"),
    ("Hà Nội", "Nxb. Y học"),
    ("Hà Nội", "Nxb. Thanh niên"),
    ("Hà Nội", "Nxb. Phụ nữ Việt Nam"),
    ("Hà Nội", "Nxb. Văn hóa dân tộc"),
    ("Hà Nội", "Nxb. Lao động"),
    ("TP. Hồ Chí Minh", "Nxb. Trẻ"),
    ("TP. Hồ Chí Minh", "Nxb. Tổng hợp Thành phố Hồ Chí Minh"),
    ("Huế", "Nxb. Thuận Hóa"),
    ("Đà Nẵng", "Nxb. Đà Nẵng"),
    ("Nghệ An", "Nxb. Nghệ An"),
]
LANGUAGES = (["vie"] * 18) + ["eng", "fre"]
STATUSES = (["available"] * 18) + ["on_loan", "on_rotation"]


# --- the synthetic catalogue ------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Catalogue:
    """Draws titles, authors and notes; deterministic for a seed."""

    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        words = [
            unicodedata.normalize("NFC", word)
            for word in _read_lines(VIETNAMESE / "words" / "Viet22K.txt")
            if word == word.lower() and "-" not in word and len(word.split()) <= 3
        ]
        self.rng.shuffle(words)
        self.words = words
        # Zipf, s = 1: the commonest word is in about a third of the titles.
        self.word_weights = _cumulative([1.0 / (rank + 1) for rank in range(len(words))])
        self.given = {
            sex: _read_lines(VIETNAMESE / "given-names" / f"{sex}.txt") for sex in ("boy", "girl")
        }
        self.families = list(FAMILIES)
        self.family_weights = _cumulative(list(FAMILIES.values()))

    def _word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.word_weights)[0]

    def title(self) -> str:
        words = [self._word() for _ in range(self.rng.randint(2, 6))]
        title = " ".join(words)
        return title[0].upper() + title[1:]

    def author(self) -> str:
        sex = self.rng.choice(("boy", "girl"))
        family = self.rng.choices(self.families, cum_weights=self.family_weights)[0]
        return f"{family} {self.rng.choice(MIDDLE[sex])} {self.rng.choice(self.given[sex])}"

    def note(self) -> str:
        words = [self._word() for _ in range(self.rng.randint(8, 16))]
        return " ".join(words).capitalize() + "."


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def isbn13(number: int) -> str:
    body = f"978604{number:06d}"[:12]
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def build_catalogue(
    count: int, catalogue: Catalogue, say: Callable[[str], None]
) -> list[tuple[str, str]]:
    """Write `count` records with their copies; return (title, author) of each, for queries."""
    from django.db import transaction

    from libnet.catalog.models import BibRecord, Item
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library

    libraries = list(Library.objects.filter(runs_libnet=True).values_list("pk", flat=True))
    provincial = Library.objects.get(code="SL-TVT").pk  # the demo's provincial library
    rng = catalogue.rng
    now = clock.now()
    drawn: list[tuple[str, str]] = []
    barcode = 0
    started = time.perf_counter()
    for start in range(0, count, CHUNK):
        records: list[BibRecord] = []
        for number in range(start, min(start + CHUNK, count)):
            title = catalogue.title()
            authors = [catalogue.author() for _ in range(1 if rng.random() < 0.8 else 2)]
            place, publisher = rng.choice(PUBLISHERS)
            year = rng.randint(1975, 2025)
            subjects = rng.sample(SUBJECTS, rng.randint(1, 3))
            isbn = isbn13(number) if year >= 2007 else ""
            records.append(
                BibRecord(
                    marc_json={
                        "leader": "00000nam a2200000 a 4500",
                        "fields": [
                            {"001": f"BENCH{number:08d}"},
                            {"245": {"ind1": "1", "ind2": "0", "subfields": [{"a": title}]}},
                        ],
                    },
                    title=title,
                    title_sort_key=text.sort_key(title),
                    responsibility="; ".join(authors),
                    authors="\n".join(authors),
                    publisher=publisher,
                    publication_place=place,
                    year=year,
                    isbns=isbn,
                    language=rng.choice(LANGUAGES),
                    class_number=f"{rng.randint(0, 999):03d}.{rng.randint(1, 99)}",
                    class_scheme="ddc",
                    subjects="\n".join(subjects),
                    notes=catalogue.note() if rng.random() < 0.2 else "",
                    material_type="text",
                    control_number=f"BENCH{number:08d}",
                    created_at=now,
                    updated_at=now,
                )
            )
            drawn.append((title, authors[0]))
        with transaction.atomic():
            bulk.insert_rows(records, with_ids=True)
            items: list[Item] = []
            for record in records:
                holders = {provincial} | set(rng.sample(libraries, rng.randint(0, 3)))
                for library_id in holders:
                    barcode += 1
                    items.append(
                        Item(
                            bib_id=record.pk,
                            barcode=f"BN{barcode:010d}",
                            home_library_id=library_id,
                            current_library_id=library_id,
                            call_number=f"{record.class_number} {record.title[:2].upper()}",
                            status=rng.choice(STATUSES),
                            acquired_on=dt.date(record.year or 2000, 1, 1)
                            + dt.timedelta(days=rng.randint(0, 364)),
                            created_at=now,
                            updated_at=now,
                        )
                    )
            bulk.insert_rows(items)
        done = min(start + CHUNK, count)
        rate = done / (time.perf_counter() - started)
        if sys.stderr.isatty():
            sys.stderr.write(f"\r  catalogue: {done:,}/{count:,} records ({rate:,.0f}/s)")
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    say(f"copies written: {barcode:,}")
    return drawn


# --- queries -----------------------------------------------------------------------------


def make_queries(drawn: Sequence[tuple[str, str]], count: int, rng: random.Random) -> list[str]:
    from libnet.core import text

    queries: list[str] = []
    while len(queries) < count:
        title, author = rng.choice(drawn)
        source = author if rng.random() < 0.2 else title
        words = re.findall(r"[^\W_]+", source)
        if not words:
            continue
        size = min(rng.randint(1, 3), len(words))
        begin = rng.randint(0, len(words) - size)
        query = " ".join(words[begin : begin + size])
        roll = rng.random()
        if roll < 0.5:
            query = text.fold(query)
        elif roll < 0.6:
            query = query.upper()
        queries.append(query)
    return queries


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bare_queries(vendor: str, cap: int, rank_cap: int) -> dict[str, Callable[[str], int]]:
    """The engine alone, for the folded words of `q`: the capped ranked query libnet's engine
    runs (score the newest `rank_cap` matches, keep the best `cap`), and full ranking (score
    every match) for comparison."""
    from django.db import connection

    from libnet.core import text

    def words(q: str) -> list[str]:
        return [word for word in text.fold(q).replace('"', " ").split() if word.isalnum()]

    if vendor == "sqlite":
        match = "SELECT rowid AS id, rank AS score FROM search_fts WHERE search_fts MATCH %s"
        queries = {
            "capped": f"SELECT id, score FROM ({match} ORDER BY rowid DESC LIMIT {rank_cap})"
            f" ORDER BY score LIMIT {cap}",
            "full": f"{match} ORDER BY rank LIMIT {cap}",
        }

        def expression(q: str) -> list[object]:
            return [" AND ".join(f'"{word}"' for word in words(q))]
    else:
        inner = "SELECT bib_id, folded_v FROM search_searchdocument WHERE folded_v @@ %s::tsquery"
        queries = {
            "capped": "SELECT bib_id, ts_rank(folded_v, %s::tsquery) AS score FROM"
            f" ({inner} ORDER BY bib_id DESC LIMIT {rank_cap}) d ORDER BY score DESC LIMIT {cap}",
            "full": "SELECT bib_id, ts_rank(folded_v, %s::tsquery) AS score FROM"
            " search_searchdocument WHERE folded_v @@ %s::tsquery ORDER BY score DESC"
            f" LIMIT {cap}",
        }

        def expression(q: str) -> list[object]:
            tsquery = " & ".join("'" + word.replace("'", "''") + "'" for word in words(q))
            return [tsquery, tsquery]

    def runner(sql: str) -> Callable[[str], int]:
        def run(q: str) -> int:
            with connection.cursor() as cursor:
                cursor.execute(sql, expression(q))
                return len(cursor.fetchall())

        return run

    return {name: runner(sql) for name, sql in queries.items()}


def time_queries(
    queries: Sequence[str], runners: dict[str, Callable[[str], Any]]
) -> dict[str, list[float]]:
    """Run every query through every runner, in turn; return milliseconds per runner."""
    times: dict[str, list[float]] = {name: [] for name in runners}
    for query in queries:
        for name, run in runners.items():
            started = time.perf_counter()
            run(query)
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def index_size(vendor: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "sqlite":
            try:
                cursor.execute(
                    "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
                )
                rows = cursor.fetchall()
            except Exception:  # dbstat is a compile-time option of SQLite
                return "unknown (no dbstat)"
        else:
            cursor.execute(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class"
                " WHERE relname LIKE 'search_search%%' AND relkind = 'r'"
            )
            rows = cursor.fetchall()
    total = sum(int(size or 0) for _name, size in rows)
    parts = ", ".join(f"{name} {int(size or 0) / 2**20:,.0f} MB" for name, size in sorted(rows))
    return f"{total / 2**20:,.0f} MB ({parts})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument(
        "--sru", action="store_true", help="also time SRU searchRetrieve for the same queries"
    )
    args = parser.parse_args(argv)
    if not (VIETNAMESE / "words" / "Viet22K.txt").exists():
        print(f"needs {VIETNAMESE} (word and name lists); not found", file=sys.stderr)
        return 2
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-search-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    # One client sends the queries back to back, faster than the API lets an anonymous client
    # (docs/operations.md); its requests are still counted, so the count's cost is measured.
    os.environ.setdefault("LIBNET_API_RATE_ANONYMOUS", "100000/m")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from libnet.demo.loader import load_demo
    from libnet.search import engine, index
    from libnet.search.backends.base import rank_cap

    def say(line: str) -> None:
        print(line, flush=True)

    vendor = connection.vendor
    say(f"== search benchmark: {args.records:,} synthetic records on {vendor} ==")
    call_command("migrate", verbosity=0)
    from libnet.catalog.models import BibRecord

    if BibRecord.objects.count() >= args.records:
        # A database left by an earlier run (DATABASE_URL given): time the queries only.
        say("catalogue and index already built: timing queries only")
        sample = BibRecord.objects.order_by("?").values_list("title", "authors")[:20_000]
        drawn = [(title, (authors.splitlines() or [""])[0]) for title, authors in sample]
    else:
        started = time.perf_counter()
        load_demo(scale="full", stdout=None)
        say(f"demo province loaded in {time.perf_counter() - started:.1f} s")
        catalogue = Catalogue()
        started = time.perf_counter()
        drawn = build_catalogue(args.records, catalogue, say)
        say(f"catalogue written in {time.perf_counter() - started:.0f} s")

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                sys.stderr.write(f"\r  index: {done:,}/{total:,}")

        started = time.perf_counter()
        indexed = index.rebuild(progress)
        build_seconds = time.perf_counter() - started
        say(
            f"index build (libnet reindex): {indexed:,} records in {build_seconds:.0f} s"
            f" ({indexed / build_seconds:,.0f} records/s)"
        )
        say(f"index size: {index_size(vendor)}")

    setup_test_environment()
    client = Client()
    cap = engine.candidate_cap()
    rng = random.Random(7)
    queries = make_queries(drawn, args.queries, rng)
    bare = bare_queries(vendor, cap, rank_cap())

    def api(q: str) -> Any:
        response = client.get("/api/v1/search", {"q": q})
        if response.status_code != 200:
            raise SystemExit(
                f"API answered {response.status_code} for {q!r}: {response.content[:200]!r}"
            )
        return response

    def sru(q: str) -> Any:
        # The reader's words as one CQL term: cql.serverChoice = "…", the OPAC's search.
        term = q.replace("\\", "\\\\").replace('"', '\\"')
        response = client.get("/sru", {"query": f'"{term}"', "maximumRecords": "20"})
        if response.status_code != 200 or b"diagnostic/1/" in response.content:
            raise SystemExit(f"SRU refused {q!r}: {response.content[:300]!r}")
        return response

    runners = {"api": api, **({"sru": sru} if args.sru else {}), **bare}
    # Warm the caches the way a server that has been up for a while has them warm.
    time_queries(make_queries(drawn, 100, random.Random(1)), runners)
    times = time_queries(queries, runners)
    totals = [api(q).json()["total"] for q in queries[:100]]
    say(
        f"queries: {len(queries)} of 1-3 words (matches of the first 100: median "
        f"{statistics.median(totals):,.0f}, max {max(totals):,})"
    )
    labels = {
        "api": "JSON API (GET /api/v1/search)",
        **({"sru": "SRU searchRetrieve (GET /sru, 20 MARCXML records)"} if args.sru else {}),
        "capped": f"bare engine, capped ranked (newest {rank_cap():,} scored, best {cap:,})",
        "full": f"bare engine, every match ranked (best {cap:,})",
    }
    for name, label in labels.items():
        values = times[name]
        say(
            f"  {label:<58} p50 {percentile(values, 0.5):6.1f} ms"
            f"   p95 {percentile(values, 0.95):6.1f} ms   max {max(values):6.1f} ms"
        )
    if vendor == "sqlite":
        from libnet.search.backends import sqlite as sqlite_backend
        from libnet.search.query import parse

        common = sum(sqlite_backend.is_common(parse(q).terms) for q in queries)
        say(
            f"  searches of common words (scored from the document rows, newest "
            f"{sqlite_backend.common_rank_cap():,} matches): {common} of {len(queries)}"
        )
    api_p95 = percentile(times["api"], 0.95)
    say(f"  API / bare capped at p95: {api_p95 / percentile(times['capped'], 0.95):.2f}x")
    if args.sru:
        say(f"  SRU / API at p95: {percentile(times['sru'], 0.95) / api_p95:.2f}x (target <= 2)")
    slowest = sorted(zip(times["api"], queries, strict=True), reverse=True)[:5]
    say("  slowest API queries: " + "; ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
