"""PostgreSQL full text: tsvector columns with GIN indexes, ranked by ts_rank.

The document's folded tokens are in `folded_v`, weighted A (title), B (authors), C (subjects)
and D (publisher, series and notes, codes); `publisher_v` and `codes_v` repeat two fields for
`publisher:`, `isbn:` and `class:`; `tags_v` holds the filter tags. Queries are tsquery
literals built here from libnet's own tokens (never through to_tsquery, whose parser would
split them its own way).

Score: ts_rank on the folded text. What the reader's marks and word order add is applied to
the best candidates by search/ranking.py, as for SQLite. ts_rank has no inverse document
frequency, unlike SQLite's bm25, so scores differ between the engines; the order of clear
cases is the same, and the test suite checks both on the same queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from libnet.search.backends.base import Plan, Ranked, rank_cap
from libnet.search.query import ANY, Clause, Tags, Term

# ts_rank weights for D, C, B, A.
_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
_WEIGHT_LABELS = {"title": "A", "author": "B", "subject": "C"}
# Which tsvector column a field's terms must match.
_VECTOR = {
    ANY: "folded_v",
    "title": "folded_v",
    "author": "folded_v",
    "subject": "folded_v",
    "publisher": "publisher_v",
    "isbn": "codes_v",
    "class": "codes_v",
}


def _lexeme(token: str, *, prefix: bool = False, weight: str = "") -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    marks = ("*" if prefix else "") + weight
    return f"{quoted}:{marks}" if marks else quoted


def term_query(term: Term, *, weighted: bool = True) -> str:
    """Return the tsquery of one term: a lexeme, a prefix or a phrase, limited by weight."""
    tokens = term.folded
    weight = _WEIGHT_LABELS.get(term.field, "") if weighted else ""
    last = len(tokens) - 1
    lexemes = [
        _lexeme(token, prefix=term.prefix and index == last, weight=weight)
        for index, token in enumerate(tokens)
    ]
    return "(" + " <-> ".join(lexemes) + ")"


def _tags_query(groups: list[tuple[str, ...]]) -> str:
    return " & ".join("(" + " | ".join(_lexeme(tag) for tag in group) + ")" for group in groups)


def clause_condition(clause: Clause, params: list[Any]) -> str:
    """The SQL condition of a boolean clause over the document `d`, its parameters appended
    to `params`: each term against its own tsvector, joined by AND, OR, AND NOT."""
    if isinstance(clause, Term):
        params.append(term_query(clause))
        return f"d.{_VECTOR[clause.field]} @@ %s::tsquery"
    if isinstance(clause, Tags):
        params.append(_tags_query([clause.tags]))
        return "d.tags_v @@ %s::tsquery"
    left = clause_condition(clause.left, params)
    right = clause_condition(clause.right, params)
    joined = {"and": "AND", "or": "OR", "not": "AND NOT"}[clause.operator]
    return f"({left} {joined} {right})"


class PostgresBackend:
    vendor = "postgresql"

    def _where(self, plan: Plan) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        by_vector: dict[str, list[str]] = {}
        if plan.where is not None:
            conditions.append(clause_condition(plan.where, params))
        else:
            for term in plan.terms:
                by_vector.setdefault(_VECTOR[term.field], []).append(term_query(term))
        for vector, queries in by_vector.items():
            conditions.append(f"d.{vector} @@ %s::tsquery")
            params.append(" & ".join(queries))
        groups = list(plan.tag_groups)
        year_tags = plan.year_tags
        if year_tags is not None:
            groups.append(year_tags)
        elif plan.year_from is not None or plan.year_to is not None:
            if plan.year_from is not None:
                conditions.append("d.year >= %s")
                params.append(plan.year_from)
            if plan.year_to is not None:
                conditions.append("d.year <= %s")
                params.append(plan.year_to)
        if groups:
            conditions.append("d.tags_v @@ %s::tsquery")
            params.append(_tags_query(groups))
        for group in plan.shelf_groups:
            # Outside the tsvectors (loans change it all day): checked on the rows found.
            conditions.append("string_to_array(d.shelf, ' ') && %s::text[]")
            params.append(list(group))
        return " AND ".join(conditions) or "TRUE", params

    def _score(self, plan: Plan) -> tuple[str, list[Any]]:
        if not plan.terms:
            return "0.0", []
        # Publisher and code tokens are in folded_v too: every term ranks against it. A
        # boolean clause's terms rank a match by those of them it has (OR).
        joined = " | " if plan.where is not None else " & "
        folded = joined.join(
            term_query(term, weighted=_VECTOR[term.field] == "folded_v") for term in plan.terms
        )
        score = f"ts_rank('{_WEIGHTS}', d.folded_v, %s::tsquery)"
        params: list[Any] = [folded]
        return score, params

    def candidates(self, plan: Plan, *, limit: int, offset: int = 0) -> list[tuple[int, float]]:
        if plan.sort == "relevance" and plan.terms:
            return self._ranked_rows(plan, limit=limit, offset=offset)[0]
        score, score_params = self._score(plan)
        where, where_params = self._where(plan)
        joins = " JOIN catalog_bibrecord b ON b.id = d.bib_id" if plan.sort == "title" else ""
        order = {
            "relevance": "score DESC, d.bib_id",
            "title": "b.title_sort_key, b.id",
            "year": "d.year DESC NULLS LAST, score DESC, d.bib_id",
            "newest": "d.newest_on DESC NULLS LAST, d.bib_id DESC",
        }[plan.sort]
        sql = (
            f"SELECT d.bib_id, {score} AS score FROM search_searchdocument d{joins}"
            f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *where_params, limit, offset])
            return [(int(bib_id), float(value)) for bib_id, value in cursor.fetchall()]

    def ranked(self, plan: Plan, *, limit: int) -> Ranked:
        candidates, scored = self._ranked_rows(plan, limit=limit, offset=0)
        return Ranked(candidates, scored, complete=scored < rank_cap())

    def _ranked_rows(
        self, plan: Plan, *, limit: int, offset: int
    ) -> tuple[list[tuple[int, float]], int]:
        """Score at most rank_cap() matches, the newest (see base.py): the inner query finds
        them through the GIN indexes, ts_rank runs on those only; the window count says how
        many were scored."""
        score, score_params = self._score(plan)
        where, where_params = self._where(plan)
        sql = (
            f"SELECT d.bib_id, {score} AS score, count(*) OVER () FROM (SELECT d.bib_id,"
            f" d.folded_v FROM search_searchdocument d WHERE {where}"
            " ORDER BY d.bib_id DESC LIMIT %s) d ORDER BY score DESC, d.bib_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *where_params, rank_cap(), limit, offset])
            rows = cursor.fetchall()
        return [(int(bib_id), float(value)) for bib_id, value, _n in rows], (
            int(rows[0][2]) if rows else 0
        )

    def count(self, plan: Plan) -> int:
        where, params = self._where(plan)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_searchdocument d WHERE {where}", params)
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def documents_inserted(self, bib_ids: Sequence[int]) -> None:
        """Nothing to do: the row trigger filled the tsvectors, and GIN indexes follow."""

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        yield
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
