"""SQLite FTS5: one MATCH expression carries the folded words and the filters.

A query `sổ đỏ` becomes `({title authors …}: "so") AND ({title authors …}: "do")`, ranked by
bm25 with the column weights of migration 0002: *Số đỏ* and *Sổ đỏ* alike. What the reader's
marks and word order add is applied to the best candidates by search/ranking.py, the same
for both engines.

Filters are `tags` phrases ANDed to the match (weight 0, so they do not change the score):
FTS5 intersects doclists, far cheaper than checking each match against another table. The
tags do count in bm25's document length; with the heavy title and author weights a match's
term saturates, so a title held by forty libraries loses only a few per cent of its score.
"On the shelf now" is the exception: loans change it all day, so it is the document's plain
`shelf` column, checked on the rows the match finds (joined by primary key); the held tag of
the same libraries is in the match and narrows it first.

A ranked query scores the newest `rank_cap()` matches (FTS5 walks them in rowid order and
computes `rank` only for the rows it returns) and keeps the best. A search of words held by
thousands of records is scored without FTS5's bm25, whose first step counts every
record holding each word: see "searches of common words" below. Sorting by title or year
joins the record or document row by primary key.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from libnet.core import cache
from libnet.search import documents
from libnet.search.backends.base import (
    Plan,
    Ranked,
    common_rank_cap,
    common_words,
    rank_cap,
)
from libnet.search.query import ANY, Clause, Tags, Term

_FOLDED_COLUMNS = {
    ANY: "",  # every column: tags are tokens no word has (documents.py)
    "title": "title",
    "author": "authors",
    "subject": "subjects",
    "publisher": "publisher",
    "isbn": "codes",
    "class": "codes",
}
_FTS_COLUMNS = "title, authors, subjects, publisher, other, codes, tags"
# Documents per INSERT … SELECT into the FTS5 table (FTS5 writes a segment per statement).
_BATCH = 2000


def _phrase(term: Term) -> str:
    columns = _FOLDED_COLUMNS[term.field]
    # Tokens are letters and digits only (analysis.py): nothing to escape inside the quotes.
    phrase = f'"{" ".join(term.folded)}"' + ("*" if term.prefix else "")
    return f"{columns} : {phrase}" if columns else phrase


def _clause(clause: Clause) -> str:
    """The FTS5 expression of a boolean clause (FTS5's NOT is binary, as CQL's is)."""
    if isinstance(clause, Term):
        return _phrase(clause)
    if isinstance(clause, Tags):
        return "(" + " OR ".join(f'"{tag}"' for tag in clause.tags) + ")"
    operator = clause.operator.upper()
    return f"({_clause(clause.left)} {operator} {_clause(clause.right)})"


def match_expression(plan: Plan) -> str:
    """Return the FTS5 MATCH expression of the plan."""
    parts: list[str] = []
    if plan.where is not None:
        parts.append(_clause(plan.where))
    elif plan.terms:
        parts.append("(" + " AND ".join(_phrase(term) for term in plan.terms) + ")")
    groups = list(plan.tag_groups)
    year_tags = plan.year_tags
    if year_tags is not None:
        groups.append(year_tags)
    for group in groups:
        # Tags are tokens no word has (documents.py): no column filter needed.
        parts.append("(" + " OR ".join(f'"{tag}"' for tag in group) + ")")
    if not parts:
        parts.append(f'"{documents.ALL_TAG}"')
    return " AND ".join(parts)


class SqliteBackend:
    vendor = "sqlite"

    def _query(self, plan: Plan, select: str) -> tuple[str, list[Any]]:
        params: list[Any] = [match_expression(plan)]
        joins = ""
        where = "search_fts MATCH %s"
        if plan.year_tags is None and (plan.year_from is not None or plan.year_to is not None):
            joins += " JOIN search_searchdocument d ON d.bib_id = search_fts.rowid"
            if plan.year_from is not None:
                where += " AND d.year >= %s"
                params.append(plan.year_from)
            if plan.year_to is not None:
                where += " AND d.year <= %s"
                params.append(plan.year_to)
        if plan.shelf_groups:
            if " d " not in joins:
                joins += " JOIN search_searchdocument d ON d.bib_id = search_fts.rowid"
            for group in plan.shelf_groups:
                # Tags are whole tokens between spaces: " _a12 " is not found in " _a123 ".
                where += (
                    " AND ("
                    + " OR ".join(["instr(' ' || d.shelf || ' ', %s) > 0"] * len(group))
                    + ")"
                )
                params.extend(f" {tag} " for tag in group)
        if select == "rows" and plan.sort in {"year", "newest"} and " d " not in joins:
            joins += " JOIN search_searchdocument d ON d.bib_id = search_fts.rowid"
        if select == "rows" and plan.sort == "title":
            joins += " JOIN catalog_bibrecord b ON b.id = search_fts.rowid"
        columns = {
            "rows": "search_fts.rowid AS id, search_fts.rank AS score",
            "ids": "search_fts.rowid AS id",
            "count": "count(*)",
        }[select]
        return f"SELECT {columns} FROM search_fts{joins} WHERE {where}", params

    def candidates(self, plan: Plan, *, limit: int, offset: int = 0) -> list[tuple[int, float]]:
        if plan.sort == "relevance" and plan.terms:
            return self._ranked(plan, limit=limit, offset=offset)
        sql, params = self._query(plan, "rows")
        order = {
            "relevance": "search_fts.rank",
            "title": "b.title_sort_key, b.id",
            "year": "d.year DESC NULLS LAST, search_fts.rank",
            "newest": "d.newest_on DESC NULLS LAST, search_fts.rowid DESC",
        }[plan.sort]
        sql += f" ORDER BY {order} LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            # bm25 is negative, lower is better; libnet's scores are higher-is-better.
            return [(int(row_id), -float(rank or 0.0)) for row_id, rank in cursor.fetchall()]

    def _ranked(self, plan: Plan, *, limit: int, offset: int) -> list[tuple[int, float]]:
        return self.ranked(plan, limit=limit, offset=offset).candidates

    def ranked(self, plan: Plan, *, limit: int, offset: int = 0) -> Ranked:
        if is_common(plan.terms):
            candidates, scored, total = self._common_rows(plan, limit=limit, offset=offset)
            return Ranked(
                candidates,
                scored,
                complete=total is not None and scored == total,
                total=total,
            )
        candidates, scored = self._ranked_rows(plan, limit=limit, offset=offset)
        return Ranked(candidates, scored, complete=scored < rank_cap())

    def _common_rows(
        self, plan: Plan, *, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int, int | None]:
        """The best of the newest `common_rank_cap()` matches of a search of common words,
        scored by `_approximate_bm25` on their documents' text, with FTS5 finding them only
        (walking matches newest first is cheap; bm25's count of every record holding each
        word is what is not)."""
        sql, params = self._query(plan, "ids")
        cap = common_rank_cap()
        found, found_params, score = _approximate_bm25(plan.terms)
        with connection.cursor() as cursor:
            # The newest matches, one more than the cap: with it, whether that was all.
            cursor.execute(f"{sql} ORDER BY search_fts.rowid DESC LIMIT %s", [*params, cap + 1])
            ids = [int(row[0]) for row in cursor.fetchall()]
            total = len(ids) if len(ids) <= cap else None
            scored = ids[:cap]
            cursor.execute(
                # Each word's weighted presence is worked out once per row (MATERIALIZED),
                # then the formula reads it twice.
                f"WITH s AS MATERIALIZED (SELECT c.value AS id, {found} FROM json_each(%s) c"
                " JOIN search_searchdocument doc ON doc.bib_id = c.value)"
                f" SELECT id, {score} AS score FROM s ORDER BY score DESC, id LIMIT %s OFFSET %s",
                [*found_params, json.dumps(scored), limit, offset],
            )
            rows = cursor.fetchall()
        return [(int(row_id), float(value)) for row_id, value in rows], len(scored), total

    def _ranked_rows(
        self, plan: Plan, *, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int]:
        """The best matches by bm25, scoring at most `rank_cap()` of them (see base.py): FTS5
        walks the matches newest first and computes `rank` only for the rows it returns. The
        window count says how many it scored."""
        sql, params = self._query(plan, "rows")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, score, count(*) OVER () FROM"
                f" ({sql} ORDER BY search_fts.rowid DESC LIMIT %s)"
                " ORDER BY score, id LIMIT %s OFFSET %s",
                [*params, rank_cap(), limit, offset],
            )
            rows = cursor.fetchall()
        # bm25 is negative, lower is better; libnet's scores are higher-is-better.
        return [(int(row_id), -float(rank or 0.0)) for row_id, rank, _n in rows], (
            int(rows[0][2]) if rows else 0
        )

    def count(self, plan: Plan) -> int:
        sql, params = self._query(plan, "count")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def documents_inserted(self, bib_ids: Sequence[int]) -> None:
        # One INSERT … SELECT per batch: FTS5 flushes its pending terms at the end of every
        # statement, so a row trigger would write a tiny segment per document.
        with connection.cursor() as cursor:
            for start in range(0, len(bib_ids), _BATCH):
                batch = list(bib_ids[start : start + _BATCH])
                cursor.execute(
                    f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS})"
                    f" SELECT bib_id, {_FTS_COLUMNS} FROM search_searchdocument"
                    f" WHERE bib_id IN ({', '.join(['%s'] * len(batch))})",
                    batch,
                )

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        with connection.cursor() as cursor:
            # The delete and update triggers would touch the FTS5 index once per row, and
            # the index is emptied: the rebuild inserts every document again
            # (`documents_inserted`), as it goes, while worker processes build the next
            # ones (search/parallel.py). FTS5's own 'rebuild' did the same work at the end,
            # alone: a minute of the three at a million records. DDL is transactional in
            # SQLite: a failed rebuild rolls the triggers back with the rest.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'search_searchdocument'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            # No merging of segments while they are written, one merge of them all at the
            # end ('optimize'): the inserts take far less time, and the one merge no longer
            # than the merges along the way did (docs/performance.md). The settings are kept
            # in the FTS5 table (and rolled back with the rest if the rebuild fails).
            cursor.execute(
                "SELECT k, v FROM search_fts_config WHERE k IN ('automerge', 'crisismerge')"
            )
            merging = {**_FTS5_MERGING, **dict(cursor.fetchall())}
            for key, value in _REBUILD_MERGING.items():
                cursor.execute(
                    "INSERT INTO search_fts(search_fts, rank) VALUES (%s, %s)", [key, value]
                )
        yield
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)
            for key, value in merging.items():
                cursor.execute(
                    "INSERT INTO search_fts(search_fts, rank) VALUES (%s, %s)", [key, value]
                )
            # Merge the segments the inserts left into one b-tree.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


# FTS5's defaults (sqlite.org/fts5.html#fts5_configuration_options), and a rebuild's.
_FTS5_MERGING = {"automerge": 4, "crisismerge": 16}
_REBUILD_MERGING = {"automerge": 0, "crisismerge": 64}


# --- searches of common words ---------------------------------------------------------------
#
# FTS5's bm25 starts by counting, for each word of the search, every record that holds it (its
# IDF): for "việt nam" in a million-record catalogue that is a walk of two lists of 300,000
# entries before one match is scored, most of such a search's time. A search whose words are
# held by more than `common_words()` records together skips bm25: FTS5 finds its newest
# `common_rank_cap()` matches (a walk that stops there) and the query scores them with bm25's
# formula from the document row, cut down to what is cheap to read there: a word counts once
# in each of the title, authors, subjects and publisher that has it (titles and names seldom
# repeat a word; notes and codes, which weigh little, are left out), and the length is that
# of those four columns in characters. How many records hold each word is counted up to 1,000 (or
# `common_words()` if lower) and kept for ten minutes; past that it is estimated from how far
# back the newest 1,000 of those records reach.

_WEIGHTS = {  # bm25's column weights (migration 0002), for the columns scored here
    "title": 20.0,
    "authors": 10.0,
    "subjects": 6.0,
    "publisher": 3.0,
    "other": 1.5,
    "codes": 8.0,
}
_SCORED = ("title", "authors", "subjects", "publisher")
_LENGTH = " + ".join(f"length(doc.{column})" for column in _SCORED)
_K1, _B = 1.2, 0.75
_TTL = 600.0
_COUNTED = 1_000
_CACHE_SIZE = 4096

_lock = threading.Lock()
_frequencies: OrderedDict[str, tuple[float, int]] = OrderedDict()
_corpus: list[tuple[float, int, int, float]] = []  # (when, records, highest id, mean length)


@cache.also_clear
def forget_frequencies() -> None:
    """Drop the counts kept for common words and the catalogue's size (tests)."""
    with _lock:
        _frequencies.clear()
        _corpus.clear()


def _cached_frequency(expression: str) -> int | None:
    with _lock:
        found = _frequencies.get(expression)
        if found is None or time.monotonic() - found[0] > _TTL:
            return None
        _frequencies.move_to_end(expression)
        return found[1]


def _remember_frequency(expression: str, frequency: int) -> None:
    with _lock:
        _frequencies[expression] = (time.monotonic(), frequency)
        _frequencies.move_to_end(expression)
        while len(_frequencies) > _CACHE_SIZE:
            _frequencies.popitem(last=False)


def _corpus_figures() -> tuple[int, int, float]:
    """(records indexed, highest record id, mean document length in characters), kept for
    ten minutes; the mean is that of the newest 2,000 documents."""
    with _lock:
        if _corpus and time.monotonic() - _corpus[0][0] <= _TTL:
            return _corpus[0][1:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(bib_id) FROM search_searchdocument")
        records, highest = cursor.fetchone()
        cursor.execute(
            f"SELECT avg({_LENGTH}) FROM (SELECT {', '.join(_SCORED)} FROM search_searchdocument"
            " ORDER BY bib_id DESC LIMIT 2000) doc"
        )
        (mean,) = cursor.fetchone()
    figures = (int(records or 0), int(highest or 0), float(mean or 1.0))
    with _lock:
        _corpus[:] = [(time.monotonic(), *figures)]
    return figures


def frequency(term: Term) -> int:
    """How many records hold `term` (in its field): counted up to `common_words()` records
    (at most `_COUNTED`), estimated past that from the share of the catalogue the newest of
    them span."""
    expression = _phrase(term)
    cached = _cached_frequency(expression)
    if cached is not None:
        return cached
    # The walk grows with the matches walked, and a search of three words new to this
    # process pays it three times: count to 1,000 at most, estimate past that.
    limit = min(common_words(), _COUNTED) + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), min(id) FROM (SELECT rowid AS id FROM search_fts"
            " WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s)",
            [expression, limit],
        )
        found, oldest = cursor.fetchone()
    frequency = int(found)
    if frequency >= limit:
        records, highest, _mean = _corpus_figures()
        span = max(highest - int(oldest) + 1, 1)
        frequency = min(records, max(frequency, round(frequency * highest / span)))
    _remember_frequency(expression, frequency)
    return frequency


def is_common(terms: Sequence[Term]) -> bool:
    """Whether bm25 would first count more records than `common_words()` for these terms."""
    if not terms:
        return False
    threshold = common_words()
    total = 0
    for term in terms:
        total += frequency(term)
        if total > threshold:
            return True
    return False


def _approximate_bm25(terms: Sequence[Term]) -> tuple[str, list[Any], str]:
    """bm25 (FTS5's formula and weights) over the document row `doc`, in two parts: the
    select list of each term's weighted presence (`f0`, `f1`, …) and the length (`n`), with
    its parameters; and the score's expression over those. IDF from `frequency`."""
    records, _highest, mean = _corpus_figures()
    found: list[str] = []
    params: list[Any] = []
    score: list[str] = []
    for position, term in enumerate(terms):
        field_column = _FOLDED_COLUMNS[term.field]
        columns = [field_column] if field_column else list(_SCORED)
        pattern = " " + " ".join(term.folded) + ("" if term.prefix else " ")
        found.append(
            " + ".join(
                f"{_WEIGHTS[column]} * (instr(' ' || doc.{column} || ' ', %s) > 0)"
                for column in columns
            )
            + f" AS f{position}"
        )
        params.extend([pattern] * len(columns))
        held = frequency(term)
        idf = max(math.log((records - held + 0.5) / (held + 0.5)), 1e-6)
        # idf * f * (k1 + 1) / (f + k1 * (1 - b + b * length / mean length))
        score.append(
            f"{idf!r} * f{position} * {_K1 + 1!r}"
            f" / (f{position} + {_K1 * (1 - _B)!r} + {_K1 * _B / mean!r} * n)"
        )
    found.append(f"{_LENGTH} AS n")
    return ", ".join(found), params, " + ".join(score)
