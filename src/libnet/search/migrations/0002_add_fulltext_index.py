"""The full-text index over search_searchdocument, in the engine of the database in use.

SQLite: an FTS5 table with the document as external content. New documents are added to it
by search/index.py in one INSERT … SELECT per batch (an FTS5 insert from a row trigger costs
five times as much: each statement flushes FTS5's pending terms into a new segment); deletes
and updates follow by trigger, so Django's flush, which deletes rows, empties the index
too. It indexes the folded columns only (the exact ones are read by search/ranking.py for
the best candidates); its tokenizer is told to keep diacritics all the same, as the tokens are
libnet's own (search/analysis.py). bm25 weights: title, authors, subjects, publisher, other,
codes, and 0 for the filter tags.

PostgreSQL: tsvector columns filled by a trigger from the same tokens, with GIN indexes. The
tsvectors are built from the tokens as they are (lexeme:position), never through a text
search parser, whose idea of a letter depends on the database's locale. Folding is libnet's
own, so the `unaccent` extension is not needed (it would not fold đ either).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, authors, subjects, publisher, other, codes, tags,
        content='search_searchdocument', content_rowid='bib_id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '_'", prefix='2 3'
    )
    """,
    """
    INSERT INTO search_fts(search_fts, rank)
    VALUES ('rank', 'bm25(20.0, 10.0, 6.0, 3.0, 1.5, 8.0, 0.0)')
    """,
    """
    CREATE TRIGGER search_document_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, authors, subjects, publisher, other,
                               codes, tags)
        VALUES ('delete', old.bib_id, old.title, old.authors, old.subjects, old.publisher,
                old.other, old.codes, old.tags);
    END
    """,
    """
    CREATE TRIGGER search_document_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, authors, subjects, publisher, other,
                               codes, tags)
        VALUES ('delete', old.bib_id, old.title, old.authors, old.subjects, old.publisher,
                old.other, old.codes, old.tags);
        INSERT INTO search_fts(rowid, title, authors, subjects, publisher, other, codes, tags)
        VALUES (new.bib_id, new.title, new.authors, new.subjects, new.publisher, new.other,
                new.codes, new.tags);
    END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_update",
    "DROP TRIGGER IF EXISTS search_document_delete",
    "DROP TRIGGER IF EXISTS search_document_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    # Tokens separated by spaces → tsvector with positions (from 2: one empty position between
    # fields, so that a phrase never runs from the title into the authors).
    """
    CREATE FUNCTION search_tsvector(body text, weight "char") RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(
            setweight(string_agg(quote_literal(token) || ':' || (position + 1), ' ')::tsvector,
                      weight),
            ''::tsvector)
        FROM unnest(string_to_array(body, ' ')) WITH ORDINALITY AS t(token, position)
        WHERE token <> ''
    $$
    """,
    """
    ALTER TABLE search_searchdocument
        ADD COLUMN folded_v tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN publisher_v tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN codes_v tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN tags_v tsvector NOT NULL DEFAULT ''::tsvector
    """,
    """
    CREATE FUNCTION search_document_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.folded_v := search_tsvector(NEW.title, 'A') || search_tsvector(NEW.authors, 'B')
            || search_tsvector(NEW.subjects, 'C') || search_tsvector(NEW.publisher, 'D')
            || search_tsvector(NEW.other, 'D') || search_tsvector(NEW.codes, 'D');
        NEW.publisher_v := search_tsvector(NEW.publisher, 'D');
        NEW.codes_v := search_tsvector(NEW.codes, 'D');
        NEW.tags_v := search_tsvector(NEW.tags, 'D');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER search_document_vectors
        BEFORE INSERT OR UPDATE ON search_searchdocument
        FOR EACH ROW EXECUTE FUNCTION search_document_vectors()
    """,
    "CREATE INDEX search_document_folded ON search_searchdocument USING gin (folded_v)",
    "CREATE INDEX search_document_publisher ON search_searchdocument USING gin (publisher_v)",
    "CREATE INDEX search_document_codes ON search_searchdocument USING gin (codes_v)",
    "CREATE INDEX search_document_tags ON search_searchdocument USING gin (tags_v)",
]

POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS search_document_vectors ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_document_vectors()",
    """
    ALTER TABLE search_searchdocument
        DROP COLUMN IF EXISTS folded_v,
        DROP COLUMN IF EXISTS publisher_v, DROP COLUMN IF EXISTS codes_v,
        DROP COLUMN IF EXISTS tags_v
    """,
    "DROP FUNCTION IF EXISTS search_tsvector(text, \"char\")",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
