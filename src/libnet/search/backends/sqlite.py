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
computes `rank` only for the rows it returns) and keeps the best. Sorting by title or year
joins the record or document row by primary key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from libnet.search import documents
from libnet.search.backends.base import Plan, rank_cap
from libnet.search.query import ANY, Term

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
_BATCH = 500


def _phrase(term: Term) -> str:
    columns = _FOLDED_COLUMNS[term.field]
    # Tokens are letters and digits only (analysis.py): nothing to escape inside the quotes.
    phrase = f'"{" ".join(term.folded)}"' + ("*" if term.prefix else "")
    return f"{columns} : {phrase}" if columns else phrase


def match_expression(plan: Plan) -> str:
    """Return the FTS5 MATCH expression of the plan."""
    parts: list[str] = []
    if plan.terms:
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
        columns = (
            "search_fts.rowid AS id, search_fts.rank AS score" if select == "rows" else "count(*)"
        )
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
        return self._ranked_rows(plan, limit=limit, offset=offset)[0]

    def ranked(self, plan: Plan, *, limit: int) -> tuple[list[tuple[int, float]], int]:
        return self._ranked_rows(plan, limit=limit, offset=0)

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
            # The delete and update triggers would touch the FTS5 index once per row; the
            # 'rebuild' below re-reads every document anyway. DDL is transactional in SQLite:
            # a failed rebuild rolls the triggers back with everything else.
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'search_searchdocument'"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        yield
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)
            # Re-read every document into a fresh index, then merge it into one b-tree.
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
